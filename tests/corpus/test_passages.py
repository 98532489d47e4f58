from pathlib import Path

from policy_kg.corpus.model import DocumentMeta, SourceDocument
from policy_kg.corpus.passages import (
    CONTENTS_SECTION,
    TARGET_CHARS,
    TITLE_SECTION,
    parse_document,
)

FIXTURES = Path(__file__).parent / "fixtures"
DOC_ID = "test-policy@2026-03-30"


def _parse(text: str):
    meta = DocumentMeta(DOC_ID, "test-policy", "t", "i", "2026-03-30", "", "final", "x.txt")
    return parse_document(SourceDocument(meta, Path("x.txt"), text, "hash")).passages


def _fixture() -> str:
    return (FIXTURES / "policy_with_page_breaks.txt").read_text(encoding="utf-8")


def test_footnote_markers_become_links_to_footnote_passages():
    passages = _parse(_fixture())
    body = next(p for p in passages if p.text.startswith("リチウムは"))
    footnote = next(p for p in passages if p.kind == "footnote" and p.footnote_number == 2)
    assert body.footnotes == (footnote.passage_id,)
    assert "²" not in body.text and body.text.endswith("特徴を有する。")
    assert footnote.text == "脚注の本文。"
    assert footnote.section == body.section


def test_a_marker_keeps_where_it_stood_in_the_text():
    """Each marker's offset in the passage text is where the words it follows end, also for
    a marker of two digits and one written across a page break (特…徴を有する²)."""
    text = _fixture().replace("重要鉱物¹は", "重要鉱物¹は10年以上¹²")
    text = text.replace("金属鉱産物をいう。\n", "金属鉱産物をいう。\n\n¹² 二桁の脚注。\n")
    passages = _parse(text)
    notes = {p.footnote_number: p.passage_id for p in passages if p.kind == "footnote"}
    opening = next(p for p in passages if p.text.startswith("重要鉱物は"))
    assert [(opening.text[:at], note) for at, note in opening.footnote_marks] == [
        ("重要鉱物", notes[1]),
        ("重要鉱物は10年以上", notes[12]),
    ]
    body = next(p for p in passages if p.text.startswith("リチウムは"))
    ((at, note),) = body.footnote_marks
    assert body.text[:at].endswith("特徴を有する") and note == notes[2]


def test_a_marker_after_a_paragraphs_last_character_links_its_footnote():
    """A marker after the closing 。 of a paragraph is still that paragraph's, as a link and
    as a mark (the source slice the links were once read from ended before it)."""
    passages = _parse("はじめに\n\n重要鉱物は原材料である。³\n\n³ 脚注。\n")
    body = next(p for p in passages if p.kind == "body")
    note = next(p for p in passages if p.kind == "footnote")
    assert body.footnotes == (note.passage_id,)
    assert body.footnote_marks == ((len(body.text), note.passage_id),)


def test_offsets_point_into_the_source_text():
    text = _fixture()
    for passage in _parse(text):
        source = text[passage.start : passage.end]
        assert source.lstrip("-・ ¹²⁰").startswith(passage.text[:1]), passage
        assert passage.text[-1] in source


def test_ids_are_stable_across_rebuilds_and_edits_elsewhere():
    text = _fixture()
    first = {p.text: p.passage_id for p in _parse(text)}
    assert first == {p.text: p.passage_id for p in _parse(text)}
    edited = text.replace("原料は輸入に頼っている。", "原料は全量を輸入に頼っている。")
    second = {p.text: p.passage_id for p in _parse(edited)}
    unchanged = set(first) & set(second)
    assert len(unchanged) == len(first) - 1
    assert all(first[t] == second[t] for t in unchanged)
    assert all(pid.startswith(f"{DOC_ID}#") for pid in second.values())


def test_identical_texts_get_distinct_ids():
    passages = _parse("はじめに\n\n同じ文。\n\n同じ文。\n")
    ids = [p.passage_id for p in passages if p.text == "同じ文。"]
    assert len(ids) == 2 and ids[0] != ids[1] and ids[1].endswith("-2")


def test_long_paragraphs_split_at_sentence_ends():
    sentence = "重要鉱物の安定供給確保に向けた取組を進める" * 3 + "。"
    passages = _parse("はじめに\n\n" + sentence * 12 + "\n")
    bodies = [p for p in passages if p.kind == "body"]
    assert len(bodies) > 1
    assert all(len(p.text) <= TARGET_CHARS and p.text.endswith("。") for p in bodies)
    assert "".join(p.text for p in bodies) == sentence * 12


def test_kinds_cover_title_contents_heading_body_list_table_footnote():
    passages = _parse(_fixture() + "\n| 年 | 量 |\n|---|---|\n| 2030 | 10万トン |\n")
    kinds = {p.kind for p in passages}
    assert kinds == {"title", "contents", "heading", "body", "list", "table", "footnote"}
    table = next(p for p in passages if p.kind == "table")
    assert table.text == "年 | 量\n2030 | 10万トン"


def test_a_table_cut_into_passages_repeats_its_header_rows_in_each():
    rows = "".join(f"{2000 + n} 年\t{'重要鉱物の国内生産量' * 3}{n}万トン\n" for n in range(20))
    passages = _parse(f"はじめに\n\n鉱種\t生産量\n{rows}")
    tables = [p for p in passages if p.kind == "table"]
    assert len(tables) > 1
    assert all(p.text.startswith("鉱種 | 生産量\n20") for p in tables)
    body_rows = [row for p in tables for row in p.text.split("\n")[1:]]
    assert len(body_rows) == 20 and body_rows[0].startswith("2000 年")


def test_a_markdown_line_break_keeps_a_long_line_apart_from_the_next():
    line = "補正予算：JOGMEC出資金及び国家備蓄の強化費用等 937億円"
    body = next(p for p in _parse(f"はじめに\n\n{line}  \n{line}  \n") if p.kind == "body")
    assert body.text.split("\n") == [line, line]


def test_title_block_then_the_contents_a_chapter_a_passage_then_the_body():
    text = _fixture()
    title, opening, chapter, first_body = _parse(text)[:4]
    assert title.kind == "title" and title.section == TITLE_SECTION == ("表題",)
    lines = ["重要鉱物に係る取組方針（試験用）", "令和5年1月19日", "令和8年3月30日改定"]
    assert title.text == "\n".join([*lines, "経 済 産 業 省"])
    assert text[title.start : title.end].endswith("令和8年3月30日改定\n経 済 産 業 省")
    assert {opening.kind, chapter.kind} == {"contents"}
    assert chapter.restates_headings and not (
        title.restates_headings or first_body.restates_headings
    )
    assert opening.section == chapter.section == CONTENTS_SECTION == ("目次",)
    assert opening.text == "はじめに\t3"
    assert chapter.text == "第1章 基本的な方向\t4\n第1節 状況\t4\n(1) 重要性\t4"
    assert text[chapter.start : chapter.end] == chapter.text
    assert first_body.text == "はじめに" and first_body.start > text.index("(1) 重要性\t")


def test_markdown_title_marks_are_dropped_from_the_title_passage():
    passages = _parse("# 課題と検討の方向性\n\n2026年2月19日\n\n製造産業局\n\n# 概観\n\n本文。\n")
    assert passages[0].kind == "title"
    assert passages[0].text == "課題と検討の方向性\n2026年2月19日\n製造産業局"
    assert passages[0].start == 2
