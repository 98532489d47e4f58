"""Which library reads the seed texts back from PDF best: pypdfium2 or pdfplumber (pdfminer.six).

Each seed text is printed to PDF by Chromium (tests/corpus/ingest/render.py: A4 pages with a
running header and page numbers, the slide deck landscape); each library's plain text is then
compared with the seed, both with white space removed, by character-level similarity
(rapidfuzz's normalised Indel ratio), and timed. The last column is policy-kg's own reader
(pypdfium2 glyph boxes -> lines -> page_cleanup), which also drops headers and page numbers.

    PYTHONPATH=src .venv/bin/python bench/bench_extract_pdf.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from playwright.sync_api import sync_playwright
from rapidfuzz.distance import Indel

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "corpus" / "ingest"))

from render import CHROMIUM, CHROMIUM_ARGS, PageStyle, render_pdf  # noqa: E402

from policy_kg.corpus.ingest.read import read_published  # noqa: E402


def pdfium_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def plumber_text(path: Path) -> str:
    with pdfplumber.open(path) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def policy_kg_text(path: Path) -> str:
    return read_published(path).text


READERS = {"pypdfium2": pdfium_text, "pdfplumber": plumber_text, "policy-kg": policy_kg_text}


def similarity(a: str, b: str) -> float:
    return Indel.normalized_similarity("".join(a.split()), "".join(b.split()))


def main() -> None:
    seeds = sorted((REPO / "corpus").glob("*.txt"))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{'seed':45}" + "".join(f"{name:>22}" for name in READERS))
        for seed in seeds:
            text = seed.read_text(encoding="utf-8")
            style = PageStyle(landscape="materials-strategy" in seed.name, page_number="of")
            pdf = render_pdf(browser, text, seed.stem, style, Path(folder) / f"{seed.stem}.pdf")
            cells = []
            for read in READERS.values():
                started = time.perf_counter()
                out = read(pdf)
                seconds = time.perf_counter() - started
                cells.append(f"{similarity(text, out):8.4f} {seconds:7.2f} s")
            print(f"{seed.stem:45}" + "".join(f"{c:>22}" for c in cells))
        browser.close()


if __name__ == "__main__":
    main()
