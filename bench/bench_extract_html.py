"""Which reader gives back a policy web page best: policy-kg's walk over selectolax (Lexbor)
or trafilatura's main-content extraction.

The framework seed is made into a ministry web page (tests/corpus/ingest/render.py: header,
navigation, breadcrumbs and footer around a <main> of <p> and <table> blocks); each reader's
text is parsed as the corpus parses the seed and scored by the share of the text build's
passages found identical (after NFKC, white space removed; the bar for `add` is 0.98), and
timed (mean of `ROUNDS` reads). trafilatura is scored on its plain text as it comes, and again
with a blank line after each of its lines (it writes a paragraph a line, the corpus a blank
line between paragraphs), so that what is measured is the extraction, not the line format.

trafilatura is not a dependency of policy-kg; to run this comparison install it by hand:

    .venv/bin/pip install trafilatura==2.3.1
    PYTHONPATH=src .venv/bin/python bench/bench_extract_html.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "corpus" / "ingest"))

from readback import read_back  # noqa: E402
from render import web_page  # noqa: E402

from policy_kg.corpus.ingest.html import read_html  # noqa: E402

SEED = REPO / "corpus" / "japan-us-minerals-framework-2025-10-28.txt"
ROUNDS = 20
FURNITURE = ("ニュースリリース", "組織案内", "Copyright", "霞が関")


def readers(page: Path) -> dict[str, Callable[[], str]]:
    data = page.read_bytes()
    found: dict[str, Callable[[], str]] = {"selectolax (policy-kg)": lambda: read_html(page, data)}
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed: only selectolax is measured (see the docstring)")
        return found
    source = data.decode("utf-8")

    def plain() -> str:
        return trafilatura.extract(source, output_format="txt", include_tables=True) or ""

    found[f"trafilatura {trafilatura.__version__}"] = plain
    found["trafilatura, lines as paragraphs"] = lambda: plain().replace("\n", "\n\n")
    return found


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / f"{SEED.stem}.html"
        page.write_text(web_page(text, text.splitlines()[0]), encoding="utf-8")
        print(f"{'reader':34} {'read back':>9} {'ms':>7}  furniture left")
        for name, read in readers(page).items():
            started = time.perf_counter()
            for _ in range(ROUNDS):
                out = read()
            millis = (time.perf_counter() - started) / ROUNDS * 1000
            share = read_back(SEED, out).share
            left = [word for word in FURNITURE if word in out]
            print(f"{name:34} {share:9.4f} {millis:7.1f}  {', '.join(left) or 'none'}")


if __name__ == "__main__":
    main()
