import re
from pathlib import Path

import pytest

from policy_kg.corpus.model import DocumentMeta, ParsedDocument, Passage, SourceDocument
from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.ui.ask_view import NO_ANSWER, answer_html
from policy_kg.ui.context import PassageContext


def _citation(passage: str, quote: str) -> Citation:
    passage_id = f"magnets@2011-12#{passage}"
    return Citation("magnets@2011-12", "2011-12", "第1章 概要", passage_id, quote)


def _answer(
    text: str,
    *citations: Citation,
    abstained: bool = False,
    facts: tuple[Fact, ...] = (),
    nearest: tuple[Citation, ...] = (),
    confidence: float | None = None,
) -> Answer:
    return Answer("q", text, abstained, citations, facts, confidence, nearest)


def test_citations_are_numbered_with_title_revision_and_section(context):
    cited = (_citation("p2", "耐熱性が上がる"), _citation("p1", "電動機"))
    answer = _answer("耐熱性が上がる。", *cited)
    html = answer_html(answer, context)
    assert (
        '<sup class="pkg-ref"><a href="#ask-cite-1">[1]</a></sup>'
        '<sup class="pkg-ref"><a href="#ask-cite-2">[2]</a></sup>'
    ) in html
    assert '<li id="ask-cite-1"><details open>' in html  # the first citation is open ...
    assert '<li id="ask-cite-2"><details>' in html  # ... the others closed
    assert html.index('[1]</span> <span class="pkg-cite-title">レアメタル総合対策') > 0
    assert "（2011-12）" in html and "第1章 概要" in html


def test_a_cited_passage_is_shown_between_its_neighbours_with_the_quote_marked(context):
    answer = _answer("a", _citation("p2", "耐熱性"))
    html = answer_html(answer, context)
    assert "ジスプロシウムを添加すると<mark>耐熱性</mark>が上がる。" in html
    assert "ネオジム磁石は電動機に使われる。" in html  # the passage before
    assert "中国が供給の9割を占める。" in html  # the next body passage ...
    assert "出典は業界統計" not in html  # ... not the footnote between them


def test_an_abstention_is_said_plainly_without_citations(context):
    html = answer_html(_answer("", abstained=True), context)
    assert "回答できません" in html and NO_ANSWER in html
    assert "pkg-citations" not in html


def test_text_is_escaped(context):
    html = answer_html(_answer("<script>x</script>"), context)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_quote_missing_from_its_passage_is_still_shown(context):
    answer = _answer("a", _citation("p1", "存在しない"))
    assert '<blockquote class="pkg-quote">存在しない</blockquote>' in answer_html(answer, context)


def test_graph_facts_are_listed(context):
    answer = _answer("a", facts=(Fact("ネオジム", "targetYear", "2030"),))
    assert "<td>ネオジム</td><td>targetYear</td><td>2030</td>" in answer_html(answer, context)


def test_an_abstention_shows_the_nearest_passages_apart_as_not_an_answer(context):
    nearest = (_citation("p2", "耐熱性が上がる"),)
    answer = _answer("見つかりませんでした。", abstained=True, nearest=nearest, confidence=0.1)
    html = answer_html(answer, context)
    assert "回答できません" in html and "関連する記述" in html and "回答ではありません" in html
    section = html[html.index('<section class="pkg-nearest">') :]
    assert "<mark>耐熱性が上がる</mark>" in section
    assert "pkg-answer-text" not in html and "pkg-confidence" not in html


def test_an_answer_shows_its_confidence_and_no_nearest_section(context):
    nearest = (_citation("p1", "電動機"),)
    answer = _answer("a", _citation("p2", "耐熱性"), nearest=nearest, confidence=0.834)
    html = answer_html(answer, context)
    assert "確信度" in html and "0.83" in html
    assert "pkg-nearest" not in html


TARGETS = (
    "リチウム、ニッケル等のバッテリーメタルについては、2030年時点で需要量の確保を目指し、"
    "リチウム約10万トン／年、ニッケル約9万トン／年が示されていることから、これを目標とする。"
)
SHARES = "リチウムは輸入に依存し、2021年の統計によると、中国が約55%、チリが約30%となっている。"


@pytest.fixture
def policy() -> PassageContext:
    """Two revisions of one policy stating the same targets sentence, and a shares passage."""
    return PassageContext(
        {
            doc_id: _document(doc_id, [("t", TARGETS), ("s", SHARES)])
            for doc_id in ("policy@2026-03-30", "policy@2027-03-31")
        }
    )


def _document(doc_id: str, texts: list[tuple[str, str]]) -> ParsedDocument:
    series, _, revision = doc_id.partition("@")
    meta = DocumentMeta(doc_id, series, "取組方針", "経済産業省", revision, "", "final", "x.txt")
    passages = tuple(
        Passage(f"{doc_id}#{local}", doc_id, "body", ("第2節 目標",), text, 0, len(text))
        for local, text in texts
    )
    return ParsedDocument(SourceDocument(meta, Path("x.txt"), "", "hash"), passages)


def _cited(doc_id: str, local: str, quote: str) -> Citation:
    revision = doc_id.partition("@")[2]
    return Citation(doc_id, revision, "第2節 目標", f"{doc_id}#{local}", quote)


def _marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_a_target_answer_shows_the_value_first_and_marks_only_it_in_the_long_quote(policy):
    target = Fact("ニッケル", "目標", "約90000トン／年 (2030)")
    answer = _answer(TARGETS, _cited("policy@2026-03-30", "t", TARGETS), facts=(target,))
    html = answer_html(answer, policy)
    value = '<div class="pkg-answer-value">ニッケル 約90000トン／年 (2030)</div>'
    assert html.index(value) < html.index('<div class="pkg-answer-text">')
    assert _marks(html) == ["ニッケル約9万トン／年"]  # not the 2030年 after 「ニッケル等の…」
    assert f'<span class="pkg-quoted">{TARGETS[:10]}' in html  # the quote, set apart


def test_a_graph_answer_shows_its_value_line_once_and_marks_each_share(policy):
    shares = (
        Fact("リチウム", "supplyShare", "中国 55%"),
        Fact("リチウム", "supplyShare", "チリ 30%"),
    )
    cited = _cited("policy@2026-03-30", "s", SHARES)
    answer = _answer(f"中国 55%、チリ 30%\n{SHARES}", cited, facts=shares)
    html = answer_html(answer, policy)
    assert '<div class="pkg-answer-value">中国 55%、チリ 30%</div>' in html
    assert f'<div class="pkg-answer-text">{SHARES}<sup' in html  # the sentence, without the value
    assert _marks(html) == ["中国が約55%", "チリが約30%"]


def test_a_sentence_answer_without_a_value_marks_the_quote_inside_its_passage(context):
    answer = _answer("耐熱性が上がる", _citation("p2", "耐熱性が上がる"))
    html = answer_html(answer, context)
    assert "pkg-answer-value" not in html
    assert _marks(html) == ["耐熱性が上がる"]  # the quote, not its passage
    assert "ジスプロシウムを添加すると<mark>" in html


def test_the_same_sentence_in_two_revisions_is_cited_once_naming_both(policy):
    old = _cited("policy@2026-03-30", "t", TARGETS)
    new = _cited("policy@2027-03-31", "t", TARGETS.replace("2030", "２０３０"))  # NFKC-equal
    shares = _cited("policy@2027-03-31", "s", SHARES)
    answer = _answer(TARGETS, old, new, shares)
    html = answer_html(answer, policy)
    assert html.count("<li id=") == 2 and '<a href="#ask-cite-3">' not in html
    assert '<span class="pkg-cite-rev">（2026-03-30・2027-03-31）</span>' in html
    assert "policy@2026-03-30#t" in html and "policy@2027-03-31#t" in html
