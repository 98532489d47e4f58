from pathlib import Path

import pytest

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.model import DocumentMeta, ParsedDocument, Passage, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.corpus.units import answer_units, join_adjacent

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

TITLE_BLOCK = "取組方針（試験用）\n\n令和5年1月19日\n令和8年3月30日改定\n経 済 産 業 省\n\n"
TAB_TABLE = (
    "はじめに\n\n鉄\tアルミ\n国内生産量\t世界シェア\n2010 年\t10,960万トン\n2024 年\t8,400万トン\n"
)
HTML_TABLE = (
    "はじめに\n\n<table><tr><th>国/地域</th><th>シェア</th></tr>"
    "<tr><td>中国</td><td>44%</td></tr><tr><td>インド</td><td>5%</td></tr></table>\n"
)
ITEMS_SIDE_BY_SIDE = (
    "はじめに\n\n| ① 造船<br>造船WG<br>・有識者7名 | ⑩ 量子<br>量子WG<br>・有識者9名 |\n"
    "|--|--|\n"
    "| ② 航空<br>航空WG<br>・有識者10名 | ⑪ 海洋<br>海洋WG<br>・有識者12名 |\n"
    "| ③【成長投資】 ○経産大臣<br>・有識者13名 | 産業構造審議会 1月～ |\n"
)
SLIDE_BULLETS = (
    "# 欧米諸国の取組\n\n### 【米国】\n\n"
    "- 国内レアアース開発・磁石製造企業に、金融支援を措置\n"
    "- 防衛向け備蓄として、20億ドルを予算措置。民間向け備蓄も検討。\n\n"
    "### 【欧州】\n\n"
    "令和4年度第2次補正予算：JOGMEC出資金 1,100億円、安保助成金 1,058億円  \n"
    "令和7年度補正予算：JOGMEC出資金及び国家備蓄の強化費用等 937億円  \n"
)
FOOTNOTE = (
    "はじめに\n\nリチウムは電池に使われる¹。\n\n"
    "¹ 2030年の需要は現在の約4倍、2040年には約9倍とされる。\n"
)
COUNT_IN_HEADING = "# 戦略分野（17分野）の課題\n\n本文。\n"
PROSE = "はじめに\n\n需要が増えている。2030年には約4倍となる見込みである。供給は限られる。\n"


def _passages(text: str) -> tuple[Passage, ...]:
    meta = DocumentMeta("t@2026", "t", "t", "i", "2026", "", "final", "t.txt")
    source = SourceDocument(meta, Path("t.txt"), TITLE_BLOCK + text, "hash")
    return parse_document(source).passages


def _one(text: str, kind: str) -> Passage:
    (passage,) = [p for p in _passages(text) if p.kind == kind]
    return passage


def _quotes(passage: Passage) -> list[tuple[str, str, str]]:
    return [(u.kind, u.quote(passage), u.context) for u in answer_units(passage)]


def test_tab_table_gives_a_unit_a_row_with_the_header_rows_as_context():
    table = _one(TAB_TABLE, "table")
    header = "鉄 | アルミ\n国内生産量 | 世界シェア"
    assert _quotes(table) == [
        ("table_row", "鉄 | アルミ", ""),
        ("table_row", "国内生産量 | 世界シェア", ""),
        ("table_row", "2010 年 | 10,960万トン", header),
        ("table_row", "2024 年 | 8,400万トン", header),
    ]


def test_html_table_gives_a_unit_a_row_with_the_header_row_as_context():
    table = _one(HTML_TABLE, "table")
    assert _quotes(table) == [
        ("table_row", "国/地域 | シェア", ""),
        ("table_row", "中国 | 44%", "国/地域 | シェア"),
        ("table_row", "インド | 5%", "国/地域 | シェア"),
    ]


def test_numbered_items_side_by_side_in_a_row_are_a_unit_each():
    table = _one(ITEMS_SIDE_BY_SIDE, "table")
    assert _quotes(table) == [
        ("table_item", "① 造船 造船WG ・有識者7名", ""),
        ("table_item", "⑩ 量子 量子WG ・有識者9名", ""),
        ("table_item", "② 航空 航空WG ・有識者10名", ""),
        ("table_item", "⑪ 海洋 海洋WG ・有識者12名", ""),
        # a numbered item and what the row says of it: one record
        ("table_row", "③【成長投資】 ○経産大臣 ・有識者13名 | 産業構造審議会 1月～", ""),
    ]


def test_slide_bullets_are_units_whole_even_with_two_sentences():
    bullets = [u for p in _passages(SLIDE_BULLETS) if p.kind == "list" for u in _quotes(p)]
    assert bullets == [
        ("bullet", "国内レアアース開発・磁石製造企業に、金融支援を措置", ""),
        ("bullet", "防衛向け備蓄として、20億ドルを予算措置。民間向け備蓄も検討。", ""),
    ]


def test_each_line_of_a_bracketed_slide_section_is_a_unit():
    budget = _one(SLIDE_BULLETS, "body")
    assert _quotes(budget) == [
        ("bullet", "令和4年度第2次補正予算：JOGMEC出資金 1,100億円、安保助成金 1,058億円", ""),
        ("bullet", "令和7年度補正予算：JOGMEC出資金及び国家備蓄の強化費用等 937億円", ""),
    ]


def test_a_contents_line_is_a_unit_with_its_chapter_line_as_context():
    contents = "はじめに\t3\n第1章 基本的な方向\t4\n第1節 状況\t5\n\nはじめに\n\n本文。\n"
    chapter = [p for p in _passages(contents) if p.kind == "contents"][1]
    assert _quotes(chapter) == [
        ("contents_line", "第1章 基本的な方向\t4", ""),
        ("contents_line", "第1節 状況\t5", "第1章 基本的な方向\t4"),
    ]


def test_a_footnote_passage_is_one_unit():
    footnote = _one(FOOTNOTE, "footnote")
    assert _quotes(footnote) == [
        ("footnote", "2030年の需要は現在の約4倍、2040年には約9倍とされる。", "")
    ]


def test_a_heading_is_one_unit_so_a_count_in_it_is_citable():
    heading = next(p for p in _passages(COUNT_IN_HEADING) if p.kind == "heading")
    assert _quotes(heading) == [("heading", "戦略分野（17分野）の課題", "")]


def test_prose_units_are_its_sentences():
    body = _one(PROSE, "body")
    assert [q for _, q, _ in _quotes(body)] == [
        "需要が増えている。",
        "2030年には約4倍となる見込みである。",
        "供給は限られる。",
    ]


def test_two_neighbouring_sentences_join_into_one_verbatim_unit():
    body = _one(PROSE, "body")
    first, second, third = answer_units(body)
    joined = join_adjacent(body, first, second)
    assert joined.quote(body) == "需要が増えている。2030年には約4倍となる見込みである。"
    assert joined.kind == "sentence"
    with pytest.raises(ValueError, match="not neighbours"):
        join_adjacent(body, first, third)
    with pytest.raises(ValueError, match="not neighbours"):
        join_adjacent(body, second, first)


def test_joined_table_rows_keep_the_header_as_context():
    table = _one(TAB_TABLE, "table")
    rows = answer_units(table)
    joined = join_adjacent(table, rows[2], rows[3])
    assert joined.quote(table) == "2010 年 | 10,960万トン\n2024 年 | 8,400万トン"
    assert joined.context == rows[2].context != ""


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParsedDocument]:
    return {doc.meta.doc_id: parse_document(doc) for doc in load_corpus(CORPUS).documents}


@pytest.fixture(scope="module")
def corpus_passages(parsed) -> list[Passage]:
    return [p for doc in parsed.values() for p in doc.passages]


@pytest.mark.parametrize(
    ("doc_id", "date_lines"),
    [
        (
            "critical-minerals-policy@2026-03-30",
            ["令和5年1月19日", "令和6年3月29日改定", "令和7年6月19日改定", "令和8年3月30日改定"],
        ),
        ("permanent-magnets-policy@2025-draft", ["令和5年1月19日", "令和7年〇月〇日改訂"]),
        ("materials-strategy-issues@2026-02-19", ["2026年2月19日"]),
        ("rare-metals-overview@2011-12", ["平成２３年１２月"]),
        (
            "japan-us-minerals-framework@2025-10-28",
            [
                "採掘及び加工を通じた重要鉱物及びレアアースの供給確保のための日米枠組み"
                " 2025年10月28日"
            ],
        ),
    ],
)
def test_title_block_dates_are_title_lines_quoted_verbatim(parsed, doc_id, date_lines):
    document = parsed[doc_id]
    title = document.passages[0]  # the title block; a stamp (仮訳) may follow as a title line
    assert title.kind == "title"
    lines = [u.quote(title) for u in answer_units(title) if u.kind == "title_line"]
    assert [line for line in lines if line in date_lines] == date_lines
    assert all(line in document.source.text[title.start : title.end] for line in lines)


def test_every_unit_of_the_corpus_is_a_trimmed_non_empty_span_of_its_passage(corpus_passages):
    for passage in corpus_passages:
        units = answer_units(passage)
        assert units, passage.passage_id
        previous_end = 0
        for unit in units:
            quote = unit.quote(passage)
            assert quote and quote == quote.strip() and quote in passage.text, unit
            assert unit.start >= previous_end, (passage.passage_id, unit)
            previous_end = unit.end


def test_units_of_the_corpus_leave_out_only_white_space(corpus_passages):
    """... and the cell separators between the numbered items of a row."""
    for passage in corpus_passages:
        covered = "".join(u.quote(passage) for u in answer_units(passage))
        text = passage.text
        if any(u.kind == "table_item" for u in answer_units(passage)):
            covered, text = covered.replace("|", ""), text.replace("|", "")
        assert "".join(covered.split()) == "".join(text.split()), passage.passage_id


def test_each_kind_of_unit_occurs_in_the_corpus(corpus_passages):
    kinds = {u.kind for p in corpus_passages for u in answer_units(p)}
    assert kinds == {
        "sentence",
        "table_row",
        "table_item",
        "bullet",
        "title_line",
        "contents_line",
        "footnote",
        "heading",
    }
