"""Fixtures of the UI tests: two tiny documents for the views; for the end-to-end tests, a
live server (`serve`, in its own process, started once per session when a test needs it)
over the repository's corpus plus one made-up later revision, and headless Chromium; for
the security tests, a small server (`serve` too) that has nothing to build."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pyoxigraph import Literal, NamedNode, Quad, Store

from policy_kg.corpus.model import DocumentMeta, ParsedDocument, Passage, SourceDocument
from policy_kg.ui.context import PassageContext

from ..serving import free_port, health, serving

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
T = TypeVar("T")
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
# seconds for a server with nothing to build to answer: measured 8 s (imports, two SPARQL
# workers) on an idle 2-core machine; the margin is for a machine shared by several runs
SMALL_START_TIMEOUT = 120
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
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


@pytest.fixture
def run_async() -> Callable[[Coroutine[Any, Any, T]], T]:
    """Runs a coroutine to its end in a thread of its own (the session's Playwright keeps
    an event loop running in the main thread, where asyncio.run refuses to start)."""

    def run(coroutine: Coroutine[Any, Any, T]) -> T:
        with ThreadPoolExecutor(max_workers=1) as thread:
            return thread.submit(asyncio.run, coroutine).result()

    return run


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


def _serving(
    args: list[str], log: Path, env: dict[str, str], ready: Callable[[], bool], timeout: float
) -> AbstractContextManager[None]:
    """`serve` in a child process (args: corpus, indexes, shared cache, port), until
    `ready()` holds; stopped on exit."""
    return serving([sys.executable, "-c", SERVE, *args], log, env, ready, timeout)


def _server_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False", **extra}


@pytest.fixture(scope="session")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, shared_cache: Path
) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("ui-server")
    corpus = corpus_with_new_revision(root / "corpus")
    port = free_port()
    server = LiveServer(f"http://127.0.0.1:{port}", root / "server.log")
    args = [str(corpus), str(root / "indexes"), str(shared_cache), str(port)]

    def built() -> bool:
        return (health(server.url) or {}).get("status") == "ok"

    with _serving(args, server.log, _server_env(), built, START_TIMEOUT):
        yield server


@dataclass(frozen=True)
class AddServer:
    """The real server over a corpus of one policy (critical-minerals-policy@2026-03-30), for
    the Add tab to add to; its own, as adding changes what the other tests would see."""

    url: str
    corpus: Path
    log: Path


@pytest.fixture(scope="module")
def add_server(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Iterator[AddServer]:
    root = tmp_path_factory.mktemp("add-server")
    corpus = root / "corpus"
    corpus.mkdir()
    stem = OLD_REVISION.replace("@", "-")
    for suffix in (".txt", ".yaml"):
        shutil.copy(REPO / "corpus" / f"{stem}{suffix}", corpus)
    port = free_port()
    server = AddServer(f"http://127.0.0.1:{port}", corpus, root / "server.log")
    args = [str(corpus), str(root / "indexes"), str(shared_cache), str(port)]

    def built() -> bool:
        return (health(server.url) or {}).get("status") == "ok"

    with _serving(args, server.log, _server_env(), built, START_TIMEOUT):
        yield server


@dataclass(frozen=True)
class SmallServer:
    """The real server over a graph of a few triples and a corpus folder that does not
    exist: the build fails at once (the UI says so), the SPARQL tab and /sparql answer
    from the graph. Everything it writes to temporary files is under `tmp`."""

    url: str  # http://127.0.0.1:PORT
    port: int
    tmp: Path  # the server's TMPDIR: Gradio's cache and the result files are in it
    log: Path


def _small_graph(store_dir: Path) -> None:
    store_dir.parent.mkdir(parents=True)
    store = Store(str(store_dir))
    for n in range(3):
        store.add(Quad(NamedNode(f"http://example.org/s{n}"), RDFS_LABEL, Literal(f"s{n}")))
    store.flush()
    del store  # closes it, so that the server's workers can open it


def _answers(url: str) -> bool:
    """True once the server answers /health at all (503: the build failed, as meant)."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:  # refused, reset or timed out: not listening yet
        return False


@contextmanager
def small_serving(root: Path) -> Iterator[SmallServer]:
    """A small server in `root` (an empty folder) until the block ends, then stopped with
    SIGTERM as a service manager stops it."""
    _small_graph(root / "indexes" / "current" / "graph")
    (root / "tmp").mkdir()
    port = free_port()
    server = SmallServer(f"http://127.0.0.1:{port}", port, root / "tmp", root / "server.log")
    args = [str(root / "no-corpus"), str(root / "indexes"), str(root / "shared"), str(port)]
    env = _server_env(TMPDIR=str(server.tmp))
    with _serving(args, server.log, env, lambda: _answers(server.url), SMALL_START_TIMEOUT):
        yield server


@pytest.fixture(scope="module")
def small_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallServer]:
    with small_serving(tmp_path_factory.mktemp("small-server")) as server:
        yield server


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
