"""The real corpus parses into the structure its own tables of contents promise."""

import re
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CRITICAL = "critical-minerals-policy@2026-03-30"
MAGNETS = "permanent-magnets-policy@2025-draft"
FRAMEWORK = "japan-us-minerals-framework@2025-10-28"


@pytest.fixture(scope="module")
def parsed():
    return {doc.meta.doc_id: parse_document(doc) for doc in load_corpus(CORPUS).documents}


def _compact(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def _similar(a: str, b: str) -> bool:
    """The body may word a heading slightly differently (第3章: 取組ごとに vs 取組ごとを)."""
    return SequenceMatcher(None, _compact(a), _compact(b)).ratio() >= 0.95


@pytest.mark.parametrize(("doc_id", "toc_entries"), [(CRITICAL, 64), (MAGNETS, 54)])
def test_table_of_contents_entries_are_headings_in_the_same_order(parsed, doc_id, toc_entries):
    doc = parsed[doc_id]
    headings = iter(p.text for p in doc.passages if p.kind == "heading")
    assert len(doc.toc) == toc_entries
    missing = [entry for entry in doc.toc if not any(_similar(entry, h) for h in headings)]
    assert missing == []


def test_table_of_contents_lines_are_in_contents_passages_only(parsed):
    for doc in parsed.values():
        contents = [p for p in doc.passages if p.kind == "contents"]
        lines = [line for p in contents for line in p.text.split("\n")]
        assert len(lines) == len(doc.toc)
        assert all(re.search(r"\t\d+$", line) for line in lines)
        for passage in doc.passages:
            if passage.kind != "contents":
                assert not re.search(r"\t\d+\s*$", passage.text, re.MULTILINE)
        # the title block precedes the contents; the body follows them
        first = next(p for p in doc.passages if p.kind not in ("title", "contents"))
        if doc.toc:
            assert first.start > doc.source.text.index(doc.toc[-1].split()[0])
            assert [p.kind for p in doc.passages[: len(contents) + 1]] == [
                "title",
                *["contents"] * len(contents),
            ]


@pytest.mark.parametrize(
    "joined",
    [
        "原子力発電市場の拡大に伴い",
        "特徴を有する",
        "亜鉛や石炭の生産量",
        "ガリウム、ゲルマニウム、タングステン",
        "特定国による寡占化が進みつつある",
        "アンチモンの大半は",
        "レニウム、タリウム",
        "バナジウム、永久磁石等",
        "タンタル及びアンチモン",
    ],
)
def test_sentences_split_by_page_breaks_are_rejoined(parsed, joined):
    assert any(joined in p.text for p in parsed[CRITICAL].passages)


def test_page_break_in_magnets_policy_and_running_header_in_framework(parsed):
    assert any("ネオジム磁石の国内生産" in p.text for p in parsed[MAGNETS].passages)
    framework = parsed[FRAMEWORK].passages
    assert any("法的拘束力又は強制力を有する" in p.text for p in framework)
    # the stamp, once, a line of the title block: the text is a provisional translation
    assert [(p.kind, p.section) for p in framework if "仮訳" in p.text] == [("title", ("表題",))]


def test_section_paths_are_full(parsed):
    lithium = next(p for p in parsed[CRITICAL].passages if "中国が約55%、チリが約30%" in p.text)
    assert lithium.section == (
        "第1章 重要鉱物の安定供給確保のための取組の基本的な方向に関する事項",
        "第1節 重要鉱物を取り巻く状況",
        "(2) 外部依存性",
        "① 供給先の動向及び供給途絶の影響に関する認識",
        "ア リチウム",
    )
    framework_item = next(p for p in parsed[FRAMEWORK].passages if "迅速対応グループ" in p.text)
    assert framework_item.section == ("第Ⅰ章 重要鉱物及びレアアース",)


def test_two_parses_give_identical_passage_ids(parsed):
    for doc in load_corpus(CORPUS).documents:
        again = [p.passage_id for p in parse_document(doc).passages]
        assert again == [p.passage_id for p in parsed[doc.meta.doc_id].passages]
        assert len(set(again)) == len(again)
