import pytest

from policy_kg.qa.question import analyse
from policy_kg.qa.routes.signatories import SignatoryRoute

from .conftest import assert_cited_verbatim

FRAMEWORK = "japan-us-minerals-framework@2025-10-28"


def _ask(context, question: str):
    route = SignatoryRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


@pytest.mark.parametrize(
    "question",
    [
        "日米枠組みに署名したのは誰か。",
        "日米の重要鉱物枠組みに、米国政府を代表して署名した人物の役職は何か。",
        "日米枠組みの末尾で日本国政府のために署名したのは誰で、肩書は何か。",
        "日米の重要鉱物枠組みの署名欄で、日本国政府の側に名前が記されているのは誰か。",
    ],
)
def test_the_signature_block_names_the_signatories_and_their_offices(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    (citation,) = answer.citations
    assert citation.doc_id == FRAMEWORK
    for said in (
        "日本国政府のために",
        "高市早苗",
        "内閣総理大臣",
        "ドナルド・J・トランプ",
        "大統領",
    ):
        assert said in answer.answer and said in citation.quote
    assert answer.facts[0].predicate == "署名"
    assert_cited_verbatim(runtime, answer)


def test_declines_a_document_without_a_signature_block(context):
    assert _ask(context, "重要鉱物の取組方針に署名したのは誰か。") is None


@pytest.mark.parametrize(
    "question",
    [
        "日米枠組みはいつ署名されたか。",
        "日米枠組みはどこで署名されたか。",
        # a signing far before the person asked is not the block asked for
        "2025年10月28日に署名された日米枠組みで、迅速対応グループを主導するのは誰か。",
    ],
)
def test_matches_only_who_signed(context, question):
    assert SignatoryRoute(context).matches(analyse(question)) is None
