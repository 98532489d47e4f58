"""Printed lines back to corpus text: what the PDF build keeps of the text build's structure
(every contents entry a heading, every footnote linked from its marker), and the rules that
tell a wrapped line from a new one, on lines laid out as a page prints them."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from readback import normal, parse_as_seed

from policy_kg.corpus.ingest.page_cleanup import pages_to_text
from policy_kg.corpus.ingest.pdf import PdfLine, PdfPage
from policy_kg.corpus.ingest.read import read_published
from policy_kg.corpus.model import ParsedDocument

SEEDS = tuple(sorted((Path(__file__).resolve().parents[3] / "corpus").glob("*.txt")))
# as tests/corpus/test_real_corpus.py matches a contents entry to the heading it names: the
# body may word a heading slightly differently (第3章: 取組ごとに vs 取組ごとを)
SAME_HEADING = 0.95
PITCH = 15.75  # 10.5 pt type at 1.5 line height, as the seeds are printed
RIGHT = 539.0


def _builds(rendered) -> tuple[ParsedDocument, ParsedDocument]:
    text_path = rendered.text_path
    text = text_path.read_text(encoding="utf-8")
    published = read_published(rendered.pdf).text
    return parse_as_seed(text_path, text), parse_as_seed(text_path, published)


def _compact(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def _unmatched_entries(doc: ParsedDocument) -> list[str]:
    """Contents entries with no heading after the previous entry's (in order)."""
    headings = iter(_compact(p.text) for p in doc.passages if p.kind == "heading")
    return [entry for entry in doc.toc if not any(_same(entry, h) for h in headings)]


def _same(entry: str, heading: str) -> bool:
    return SequenceMatcher(None, _compact(entry), heading).ratio() >= SAME_HEADING


def _footnote_links(doc: ParsedDocument) -> set[tuple[str, int | None, str]]:
    """(referring passage, footnote number, footnote text) for every marker's link."""
    by_id = {p.passage_id: p for p in doc.passages}
    return {
        (normal(p.text), by_id[f].footnote_number, normal(by_id[f].text))
        for p in doc.passages
        for f in p.footnotes
    }


def test_seeds_with_contents_and_footnotes_are_printed():
    """The two checks below are not empty: the policies carry both."""
    texts = [seed.read_text(encoding="utf-8") for seed in SEEDS]
    assert sum(1 for t in texts if re.search(r"^.+\t\d+$", t, re.MULTILINE)) >= 2
    assert sum(1 for t in texts if re.search("^[¹²³⁴⁵⁶⁷⁸⁹]", t, re.MULTILINE)) >= 2


@pytest.mark.parametrize("stem", [seed.stem for seed in SEEDS])
def test_every_contents_entry_of_the_pdf_is_a_heading_in_order(seed_pdfs, stem):
    text_build, pdf_build = _builds(seed_pdfs[stem])
    assert pdf_build.toc == text_build.toc
    assert _unmatched_entries(pdf_build) == []


@pytest.mark.parametrize("stem", [seed.stem for seed in SEEDS])
def test_every_footnote_of_the_pdf_is_linked_from_its_marker(seed_pdfs, stem):
    text_build, pdf_build = _builds(seed_pdfs[stem])
    footnotes = [p for p in pdf_build.passages if p.kind == "footnote"]
    linked = {f for p in pdf_build.passages for f in p.footnotes}
    assert [p.footnote_number for p in footnotes if p.passage_id not in linked] == []
    assert _footnote_links(pdf_build) == _footnote_links(text_build)


def test_a_bracket_opening_a_line_with_its_next_character_is_a_wrap(seed_pdfs):
    """次の | (1)から: the ( could not stand alone at the end of the full line above, so the
    line it opens continues the sentence rather than starting a numbered item."""
    text = read_published(seed_pdfs["permanent-magnets-policy-2025-draft"].pdf).text
    assert "確保するため、次の(1)から(3)までのいずれにも" in unicodedata.normalize("NFKC", text)


def _line(text: str, row: int, right: float, first_unit: float = 10.5) -> PdfLine:
    top = 60.0 + row * PITCH
    return PdfLine(text, 56.0, right, top, top + 10.5, first_unit)


def test_a_full_line_before_an_empty_line_ends_its_paragraph():
    page = PdfPage(
        (
            _line("これは一行目で、ページの右端まで届く長い文である", 0, RIGHT),
            _line("が、二行目に続く。", 1, 200.0),
            _line("・開発後の量産に向けた設備投資が見込める電動車駆動モーター", 2, RIGHT),
            _line("② 施策の対象となる取組", 4, 177.0),  # an empty line above it
        )
    )
    assert pages_to_text((page,)).splitlines() == [
        "これは一行目で、ページの右端まで届く長い文であるが、二行目に続く。",
        "・開発後の量産に向けた設備投資が見込める電動車駆動モーター",
        "",
        "② 施策の対象となる取組",
    ]


def test_a_table_row_runs_on_to_its_closing_pipe_wherever_it_was_cut():
    page = PdfPage(
        (
            _line("| ③ 量子<br>新設 量子WG<br>・有識者7名", 0, 400.0, 5.2),
            _line("| ⑫ フュージョン<br>新設 フュージョンWG<br>・", 1, RIGHT, 5.2),
            _line("有識者7名\t|", 2, 120.0),
            _line("| ④ 合成生物学<br>・有識者12名 | ⑬ マテリアル |", 3, 300.0, 5.2),
        )
    )
    assert pages_to_text((page,)).splitlines() == [
        "| ③ 量子<br>新設 量子WG<br>・有識者7名"
        "| ⑫ フュージョン<br>新設 フュージョンWG<br>・有識者7名\t|",
        "| ④ 合成生物学<br>・有識者12名 | ⑬ マテリアル |",
    ]


def test_a_stamp_on_every_page_is_kept_once_for_the_title_block():
    """仮訳 at the head of each page is furniture, but for its first line: the corpus parser
    reads that one into the title block (structure.take_stamps)."""
    said = (
        "会合を開く。",
        "計画を定める。",
        "審査を行う。",
        "通知を送る。",
        "事業を選ぶ。",
        "終了する。",
    )
    pages = tuple(
        PdfPage(
            (
                _line("仮訳", 0, 90.0),
                *(_line(f"両者は{said[2 * n + k]}", 2 + 2 * k, 300.0) for k in range(2)),
                _line(f"- {n + 1} -", 40, 300.0),
            )
        )
        for n in range(3)
    )
    lines = [line for line in pages_to_text(pages).splitlines() if line]
    assert lines == ["仮訳", *(f"両者は{text}" for text in said)]
