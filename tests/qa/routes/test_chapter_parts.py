from dataclasses import replace

import pytest

from policy_kg.corpus.model import Passage
from policy_kg.qa.question import analyse
from policy_kg.qa.routes.chapter_parts import ChapterPartsRoute

from .conftest import COBALT_PLAN, assert_cited_verbatim


def _ask(context, question: str):
    route = ChapterPartsRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


def _passage(n: int, kind: str, section: tuple[str, ...], text: str) -> Passage:
    return Passage(
        f"{COBALT_PLAN.doc_id}#p{n}", COBALT_PLAN.doc_id, kind, section, text, 0, len(text)
    )


@pytest.mark.parametrize(
    "question",
    [
        "日米の重要鉱物枠組みの第Ⅰ章には、両国が取り組む事項が番号付きで何項目並んでいるか。",
        "日米の重要鉱物枠組みの第1章には、番号の付いた項目がいくつ並んでいる？",
    ],
)
def test_the_numbered_items_of_a_chapter_named_by_its_label(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer.splitlines()[0] == "10項目"  # 1. 供給の確保 … 10. 備蓄; a.-d. not counted
    first, heading = answer.citations
    assert first.quote.startswith("10. 備蓄:") and heading.quote == "第Ⅰ章 重要鉱物及びレアアース"
    assert_cited_verbatim(runtime, answer)


def test_the_sections_of_a_chapter_named_by_its_headings_words(runtime, context):
    question = (
        "重要鉱物の取組方針で、人権やサイバー攻撃への備えなど配慮すべき事項を扱う章は、"
        "いくつの節で構成されているか"
    )
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer.splitlines()[0] == "6節"
    assert answer.citations[0].quote == "第6節 関係行政機関との連携"
    assert answer.citations[1].quote == "第6章 重要鉱物の安定供給確保に当たって配慮すべき事項"
    assert_cited_verbatim(runtime, answer)


def test_parts_numbered_with_a_gap_are_not_counted(context):
    chapter = ("第1章 備蓄の目標",)
    passages = [
        _passage(1, "heading", chapter, chapter[0]),
        _passage(2, "list", chapter, "1. 国家備蓄を維持する。"),
        _passage(3, "list", chapter, "3. 民間備蓄を支援する。"),
    ]
    documents = {**context.documents, COBALT_PLAN.doc_id: COBALT_PLAN}
    gapped = replace(context, documents=documents, passages={p.passage_id: p for p in passages})
    assert _ask(gapped, "コバルトの備蓄計画の第1章には番号付きの項目がいくつあるか。") is None
    whole = [*passages[:2], replace(passages[2], text="2. 民間備蓄を支援する。")]
    counted = replace(gapped, passages={p.passage_id: p for p in whole})
    answer = _ask(counted, "コバルトの備蓄計画の第1章には番号付きの項目がいくつあるか。")
    assert answer is not None and answer.answer.splitlines()[0] == "2項目"


@pytest.mark.parametrize(
    "question",
    [
        "供給確保計画の認定で満たさなければならない条件は何項目ありますか。",  # no chapter
        "重要鉱物の取組方針の第2章にはどんな施策が並んでいるか。",  # no count of parts
        "重要鉱物の取組方針の第2章第2節に並ぶ施策のうち、技術開発は何番目か。",
        # which sections of a law (第何節), not how many a chapter has
        "重要鉱物の取組方針で、指定ができるのは法第2章の第何節から第何節までの措置では困難な場合か。",
    ],
)
def test_questions_not_counting_a_chapters_parts_are_not_matched(question):
    assert ChapterPartsRoute(None).matches(analyse(question)) is None
