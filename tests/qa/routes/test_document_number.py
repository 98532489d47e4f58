from dataclasses import replace

import pytest

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.qa.question import analyse
from policy_kg.qa.routes.document_number import DocumentNumberRoute

from .conftest import assert_cited_verbatim


def _ask(context, question: str):
    route = DocumentNumberRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


@pytest.mark.parametrize(
    "question",
    [
        "「レアメタル等の確保に向けた取組の全体像」の資料番号は何か。",
        "レアメタル等の確保に向けた取組の全体像は、会議で何番の資料として配られたか。",
        "レアメタル確保策の全体図は、配付資料の何番として出されたか。",
    ],
)
def test_the_number_above_a_handout_s_title(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer == "資料３"
    (citation,) = answer.citations
    assert citation.section == "表題" and citation.doc_id == "rare-metals-overview@2011-12"
    assert answer.facts[0].predicate == "資料番号"
    assert_cited_verbatim(runtime, answer)


def test_a_number_written_with_a_branch_number(context):
    meta = DocumentMeta(
        "cobalt-plan@2024-04-01",
        "cobalt-plan",
        "コバルトの備蓄に関する基本計画",
        "経済産業省",
        "2024-04-01",
        "2024年4月1日",
        "final",
        "cobalt.txt",
    )
    title = Passage(
        f"{meta.doc_id}#t",
        meta.doc_id,
        "title",
        ("表題",),
        "資料 2-1\nコバルトの備蓄に関する基本計画\n2024年4月1日",
        0,
        30,
    )
    answer = _ask(
        replace(
            context,
            documents={**context.documents, meta.doc_id: meta},
            passages={**context.passages, title.passage_id: title},
        ),
        "コバルトの備蓄計画の資料番号は何番か。",
    )
    assert answer is not None and answer.answer == "資料 2-1"


def test_declines_a_document_without_a_number(context):
    """The critical-minerals policy's title block carries no number: the text answers."""
    assert _ask(context, "重要鉱物の取組方針の資料番号は何番か。") is None


@pytest.mark.parametrize(
    "question",
    [
        "重要鉱物の取組方針は何番目の改定か。",  # asks a revision, not a handout
        "永久磁石の取組方針を出したのはどの省か。",
    ],
)
def test_matches_only_a_handout_s_number(context, question):
    assert DocumentNumberRoute(context).matches(analyse(question)) is None
