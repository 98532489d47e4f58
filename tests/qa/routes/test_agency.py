import pytest

from policy_kg.qa.question import analyse
from policy_kg.qa.routes.agency import SupportAgencyRoute

from .conftest import assert_cited_verbatim

CASES = [
    ("永久磁石の基金を運用する法人はどこか。", "permanent-magnets-policy@2025-draft", "NEDO"),
    ("重要鉱物の支援業務はどの機関が担うか。", "critical-minerals-policy@2026-03-30", "JOGMEC"),
]


@pytest.mark.parametrize(("question", "doc_id", "agency"), CASES)
def test_answers_the_designated_agency_with_the_designating_sentence(
    runtime, context, question, doc_id, agency
):
    route = SupportAgencyRoute(context)
    answer = route.answer(route.matches(analyse(question)))
    assert answer is not None and not answer.abstained
    assert answer.answer.startswith(agency + "（")
    first = answer.citations[0]
    assert first.doc_id == doc_id
    assert f"法人として{agency}を選定" in first.quote
    assert first.quote in answer.answer
    assert_cited_verbatim(runtime, answer)


def test_declines_when_the_graph_holds_no_designation(no_facts):
    route = SupportAgencyRoute(no_facts)
    match = route.matches(analyse("永久磁石の安定供給確保支援業務を行う法人はどこか。"))
    assert match is not None
    assert route.answer(match) is None


def test_declines_when_the_question_names_no_policy(context):
    route = SupportAgencyRoute(context)
    assert route.answer(route.matches(analyse("安定供給確保支援業務を行う法人はどこか。"))) is None


def test_declines_the_fund_of_another_work_the_policy_names(context):
    # the fund of a strategy the policy lists among related ones is not the policy's own
    route = SupportAgencyRoute(context)
    asked = "重要鉱物の取組方針が挙げるグリーン成長戦略で、技術開発の基金はどの機関に設けられたか。"
    match = route.matches(analyse(asked))
    assert match is not None and route.answer(match) is None


@pytest.mark.parametrize(
    "question",
    [
        "NEDOが永久磁石の支援基金を運用するとき、中長期目標等を定めるのは誰か。",
        "永久磁石の方針で、国立研究開発法人新エネルギー・産業技術総合開発機構の基金が分けて行う経理は何か。",
    ],
)
def test_declines_a_question_naming_the_designated_agency(context, question):
    # it asks something about the agency, not which one is designated
    route = SupportAgencyRoute(context)
    match = route.matches(analyse(question))
    assert match is not None and route.answer(match) is None


def test_does_not_match_other_agency_questions(context):
    route = SupportAgencyRoute(context)
    assert route.matches(analyse("レアメタルの国家備蓄を担っている機関はどこか。")) is None
    designates_minerals = "米国で重要な鉱物をクリティカルミネラルとして指定している役所はどこか。"
    assert route.matches(analyse(designates_minerals)) is None
    assert route.matches(analyse("支援を行う法人として選定されたのはどこか。")) is not None
    # names the fund and its agency, asks a page
    page = "永久磁石の取組方針で、基金を管理する法人について書かれた節は何ページにあるか。"
    assert route.matches(analyse(page)) is None
