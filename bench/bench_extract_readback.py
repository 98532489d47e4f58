"""How much of each seed `policy-kg add` reads back from its printed PDF (and the framework
from its web page): the share of the text build's passages found identical in the published
build (after NFKC, white space removed), the bar being 0.98, and the time to read the file.

Each seed is printed by Chromium as the tests print it (tests/corpus/ingest/render.py: A4
with a running header and page numbers; the strategy deck as landscape slides, the framework
with a 仮訳 stamp). With --missing, the passages not read back are listed under each seed.

    PYTHONPATH=src .venv/bin/python bench/bench_extract_readback.py [--missing]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "corpus" / "ingest"))

from readback import read_back  # noqa: E402
from render import CHROMIUM, CHROMIUM_ARGS, render_pdf, seed_style, web_page  # noqa: E402

from policy_kg.corpus.ingest.read import read_published  # noqa: E402

WEB_SEED = "japan-us-minerals-framework-2025-10-28"
SHOWN_CHARS = 160


def _published(folder: Path, seeds: list[Path]) -> list[tuple[Path, Path]]:
    """(seed, published file) pairs: every seed as a PDF, and the web seed as a page."""
    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for seed in seeds:
                text = seed.read_text(encoding="utf-8")
                title = text.strip().splitlines()[0].lstrip("# ")
                pdf = folder / f"{seed.stem}.pdf"
                out.append((seed, render_pdf(browser, text, title, seed_style(seed.stem), pdf)))
        finally:
            browser.close()
    seed = REPO / "corpus" / f"{WEB_SEED}.txt"
    text = seed.read_text(encoding="utf-8")
    page = folder / f"{WEB_SEED}.html"
    page.write_text(web_page(text, text.splitlines()[0]), encoding="utf-8")
    return [*out, (seed, page)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="list passages not read back")
    args = parser.parse_args()
    seeds = sorted((REPO / "corpus").glob("*.txt"))
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'seed':45} {'form':5} {'passages':>8} {'read back':>9} {'seconds':>8}")
        for seed, published in _published(Path(folder), seeds):
            started = time.perf_counter()
            text = read_published(published).text
            seconds = time.perf_counter() - started
            found = read_back(seed, text)
            form = published.suffix.lstrip(".")
            print(
                f"{seed.stem:45} {form:5} {len(found.expected):8d} {found.share:9.4f}"
                f" {seconds:8.2f}"
            )
            for passage in found.missing if args.missing else ():
                print(f"    missing: {passage[:SHOWN_CHARS]}")


if __name__ == "__main__":
    main()
