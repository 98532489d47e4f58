"""Published forms of the seed texts, made once per session by a real renderer: each seed and
the earlier-revision fixture printed to PDF by Chromium (A4, running header, page numbers; the
slide deck landscape with `3/20` numbers; the framework with a 仮訳 stamp), and one seed as a
web page with navigation and a footer around its body."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render import CHROMIUM, CHROMIUM_ARGS, render_pdf, seed_style, web_page

REPO = Path(__file__).resolve().parents[3]
SEEDS = tuple(sorted((REPO / "corpus").glob("*.txt")))
REVISION_FIXTURE = REPO / "tests" / "fixtures" / "added_revision"
REVISION_STEM = "critical-minerals-policy-2027-04-01"
HTML_SEED = "japan-us-minerals-framework-2025-10-28"


@dataclass(frozen=True)
class Rendered:
    """A seed text and its printed PDF."""

    text_path: Path
    pdf: Path


def _render(browser: Browser, text_path: Path, folder: Path) -> Rendered:
    text = text_path.read_text(encoding="utf-8")
    title = text.strip().splitlines()[0].lstrip("# ")
    out = folder / f"{text_path.stem}.pdf"
    pdf = render_pdf(browser, text, title, seed_style(text_path.stem), out)
    return Rendered(text_path, pdf)


@pytest.fixture(scope="session")
def rendered_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every seed and the revision fixture printed to PDF, by one Chromium that is closed
    before any test runs: Playwright's sync API keeps an asyncio loop running in the main
    thread while it is open, which breaks every later asyncio.run() and browser fixture."""
    folder = tmp_path_factory.mktemp("pdfs")
    texts = [*SEEDS, REVISION_FIXTURE / f"{REVISION_STEM}.txt"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            return {path.stem: _render(browser, path, folder) for path in texts}
        finally:
            browser.close()


@pytest.fixture(scope="session")
def scanned_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A page printed with a dark box and no text: what a scan without OCR gives."""
    scan = tmp_path_factory.mktemp("scan") / "scan.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_content("<div style='width:150mm;height:200mm;background:#333'></div>")
            page.pdf(path=str(scan), format="A4")
        finally:
            browser.close()
    return scan


@pytest.fixture(scope="session")
def seed_pdfs(rendered_pdfs: dict[str, Rendered]) -> dict[str, Rendered]:
    return {seed.stem: rendered_pdfs[seed.stem] for seed in SEEDS}


@pytest.fixture(scope="session")
def revision_pdf(rendered_pdfs: dict[str, Rendered]) -> Rendered:
    return rendered_pdfs[REVISION_STEM]


@pytest.fixture(scope="session")
def seed_web_page(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    text_path = REPO / "corpus" / f"{HTML_SEED}.txt"
    text = text_path.read_text(encoding="utf-8")
    page = tmp_path_factory.mktemp("html") / f"{HTML_SEED}.html"
    page.write_text(web_page(text, text.splitlines()[0]), encoding="utf-8")
    return Rendered(text_path, page)
