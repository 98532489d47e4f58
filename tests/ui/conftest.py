"""Fixtures of the UI tests: two tiny documents for the views; for the end-to-end tests, a
live server (`serve`, in its own process, started once per session when a test needs it)
over the repository's corpus plus one made-up later revision, and headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from policy_kg.corpus.model import DocumentMeta, ParsedDocument, Passage, SourceDocument
from policy_kg.ui.context import PassageContext

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OLD_REVISION = "critical-minerals-policy@2026-03-30"
NEW_REVISION = "critical-minerals-policy@2027-03-31"
EDIT = ("ニッケル約9万トン／年、コバルト", "ニッケル約12万トン／年、コバルト")
START_TIMEOUT = 900  # seconds: a first build converts the model and embeds every passage
SERVE = (
    "import sys; from pathlib import Path; from policy_kg.config import Paths; "
    "from policy_kg.ui.server import serve; "
    "serve(Paths(*map(Path, sys.argv[1:4])), '127.0.0.1', int(sys.argv[4]))"
)


# --- the views' fixtures ---------------------------------------------------------------


def _document(doc_id: str, title: str, texts: list[tuple[str, str, str]]) -> ParsedDocument:
    """A document whose passages are (local id, kind, text), all in one section."""
    series, _, revision = doc_id.partition("@")
    meta = DocumentMeta(doc_id, series, title, "経済産業省", revision, "", "final", "x.txt")
    source = SourceDocument(meta, Path("x.txt"), "", "hash")
    passages = tuple(
        Passage(f"{doc_id}#{local}", doc_id, kind, ("第1章 概要",), text, 0, len(text))
        for local, kind, text in texts
    )
    return ParsedDocument(source, passages)


OLD = _document(
    "magnets@2011-12",
    "レアメタル総合対策",
    [
        ("p1", "body", "ネオジム磁石は電動機に使われる。"),
        ("p2", "body", "ジスプロシウムを添加すると耐熱性が上がる。"),
        ("f1", "footnote", "出典は業界統計。"),
        ("p3", "body", "中国が供給の9割を占める。"),
    ],
)
NEW = _document(
    "magnets@2025", "永久磁石の供給確保の取組方針", [("q1", "body", "ネオジムの需要は倍増する。")]
)


@pytest.fixture
def context() -> PassageContext:
    return PassageContext({doc.meta.doc_id: doc for doc in (OLD, NEW)})


# --- the live server -------------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    url: str  # http://127.0.0.1:PORT
    log: Path
    revisions: tuple[str, str] = (OLD_REVISION, NEW_REVISION)  # the series with two texts


def corpus_with_new_revision(target: Path) -> Path:
    """The repository's corpus and a later revision of critical-minerals-policy in which
    one target changed (ニッケル 9万 → 12万トン)."""
    shutil.copytree(REPO / "corpus", target)
    old_stem = OLD_REVISION.replace("@", "-")
    new_stem = NEW_REVISION.replace("@", "-")
    text = (target / f"{old_stem}.txt").read_text(encoding="utf-8")
    assert EDIT[0] in text
    (target / f"{new_stem}.txt").write_text(text.replace(*EDIT, 1), encoding="utf-8")
    sidecar = (target / f"{old_stem}.yaml").read_text(encoding="utf-8")
    for old, new in (
        (OLD_REVISION, NEW_REVISION),
        ('revision: "2026-03-30"', 'revision: "2027-03-31"'),
        ("revision_label: 令和8年3月30日改定", "revision_label: 令和9年3月31日改定"),
        ("source_file: 000_560448d517f07cfc.txt", "source_file: made-up-revision.txt"),
    ):
        assert old in sidecar
        sidecar = sidecar.replace(old, new, 1)
    (target / f"{new_stem}.yaml").write_text(sidecar, encoding="utf-8")
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            return json.load(response)
    except (urllib.error.URLError, ConnectionError):
        return None


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("ui-server")
    corpus = corpus_with_new_revision(root / "corpus")
    port = _free_port()
    server = LiveServer(f"http://127.0.0.1:{port}", root / "server.log")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    args = [sys.executable, "-c", SERVE, str(corpus), str(root / "indexes"), str(shared_cache)]
    with server.log.open("w") as log:
        process = subprocess.Popen(
            [*args, str(port)], stdout=log, stderr=subprocess.STDOUT, env=env
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while (_health(server.url) or {}).get("status") != "ok":
            log_tail = server.log.read_text(encoding="utf-8")[-3000:]
            assert process.poll() is None, f"the server exited:\n{log_tail}"
            assert time.monotonic() < deadline, f"the server was not ready in time:\n{log_tail}"
            time.sleep(1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the browser -----------------------------------------------------------------------


@dataclass
class BrowserPage:
    """A page of the live server, with every URL the browser requested."""

    page: Page
    server: LiveServer
    requests: list[str] = field(default_factory=list)

    def offsite(self) -> list[str]:
        """Requests to anywhere but the server (data: and blob: URLs stay in the browser)."""
        local = (f"{self.server.url}/", "data:", "blob:")
        return [
            url for url in self.requests if not url.startswith(local) and url != self.server.url
        ]

    def settle(self) -> None:
        """Wait until no output is marked pending (Gradio dims outputs while it works)."""
        self.page.wait_for_function("!document.querySelector('.pending, .translucent')")

    def screenshot(self, name: str) -> Path:
        self.settle()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def ui(browser: Browser, live_server: LiveServer) -> Iterator[BrowserPage]:
    """The UI loaded in a fresh browser context, ready (status line says so)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(60_000)
    opened = BrowserPage(page, live_server)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.goto(live_server.url)
    page.wait_for_selector("#pkg-status .pkg-status-ready")
    yield opened
    context.close()
