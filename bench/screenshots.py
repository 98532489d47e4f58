"""Save a screenshot of each tab, with an example run in it, at 1280 and 390 px wide.

    .venv/bin/python bench/screenshots.py OUT [--corpus corpus] [--indexes indexes]
        [--shared-cache DIR] [--chromium /usr/bin/chromium]

Starts the real server (`policy_kg.ui.server.serve`, in a child process on a free port of
127.0.0.1) over the given corpus and indexes (a built index is used as it is; otherwise it is
built first), runs one example per tab in headless Chromium, and saves OUT/<tab>-<width>.png
(full page). Prints each file with the page's height in pixels, for a closing note.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
SERVE = (
    "import sys; from pathlib import Path; from policy_kg.config import Paths; "
    "from policy_kg.ui.server import serve; "
    "serve(Paths(Path(sys.argv[1]), Path(sys.argv[2]), "
    "Path(sys.argv[3]) if sys.argv[3] else None), '127.0.0.1', int(sys.argv[4]))"
)
WIDTHS = (1280, 390)
HEIGHT = 900  # the viewport's; screenshots are of the full page
# seconds for the server to be ready: a built index loads in about 10 s on an idle 2-core
# machine; a first build converts the model and embeds every passage (minutes)
START_TIMEOUT = 900
POLL_INTERVAL = 0.5
RESULT_TIMEOUT_MS = 120_000  # the first question loads the embedding model
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _ask(page: Page) -> None:
    page.fill("#ask-question textarea", "日本のリチウム輸入はどの国に依存しているか。")
    page.click("#ask-button")
    page.locator("#ask-answer .pkg-citations").first.wait_for()


def _trace(page: Page) -> None:
    page.fill("#trace-mineral input, #trace-mineral textarea", "ジスプロシウム")
    page.click("#trace-button")
    page.locator("#trace-timeline svg.pkg-timeline").wait_for()


def _compare(page: Page) -> None:
    page.click("#compare-button")
    page.locator("#compare-result .pkg-diff").wait_for()


def _explore(page: Page) -> None:
    page.fill("#explore-key input, #explore-key textarea", "製錬等事業支援")
    page.click("#explore-button")
    page.locator("#explore-page .pkg-facts").first.wait_for()


def _sparql(page: Page) -> None:
    page.click("#sparql-button")
    page.locator("#sparql-summary").get_by_text("rows").wait_for()


TABS: dict[str, tuple[str, Callable[[Page], None]]] = {
    "ask": ("質問 Ask", _ask),
    "trace": ("鉱物の追跡 Trace", _trace),
    "compare": ("比較 Compare", _compare),
    "explore": ("グラフ Explore", _explore),
    "sparql": ("SPARQL", _sparql),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--indexes", type=Path, default=REPO / "indexes")
    parser.add_argument("--shared-cache", type=Path, default=None)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cache = str(args.shared_cache) if args.shared_cache else ""
    command = [sys.executable, "-c", SERVE, str(args.corpus), str(args.indexes), cache, str(port)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    with (args.out / "server.log").open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_until_ready(url, server)
        for path, height in _shoot(url, args.out, args.chromium):
            print(f"{path}  {height} px")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _shoot(url: str, out: Path, chromium: str) -> list[tuple[Path, int]]:
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": HEIGHT})
            page = context.new_page()
            page.set_default_timeout(RESULT_TIMEOUT_MS)
            page.goto(url)
            page.wait_for_selector("#pkg-status .pkg-status-ready")
            for name, (label, run) in TABS.items():
                page.get_by_role("tab", name=label).click()
                run(page)
                page.wait_for_function("!document.querySelector('.pending, .translucent')")
                path = out / f"{name}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                saved.append((path, page.evaluate("document.documentElement.scrollHeight")))
            context.close()
        browser.close()
    return saved


def _wait_until_ready(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while _health(url).get("status") != "ok":
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}: see server.log")
        if time.monotonic() > deadline:
            raise SystemExit(f"the server was not ready after {START_TIMEOUT} s")
        time.sleep(POLL_INTERVAL)


def _health(url: str) -> dict:
    try:
        with urllib.request.urlopen(url + "/health", timeout=5) as response:
            return json.load(response)
    except OSError:  # not listening yet, or 503 while building
        return {}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
