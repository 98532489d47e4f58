from policy_kg.qa.question import analyse
from policy_kg.qa.routes.budgets import BudgetRoute

from .conftest import assert_cited_verbatim


def _ask(context, question: str):
    route = BudgetRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


def test_the_programme_of_the_named_fiscal_year(runtime, context):
    answer = _ask(context, "令和7年度予備費のJOGMEC出資金はいくらか。")
    assert answer is not None
    assert answer.answer.splitlines()[0] == "JOGMEC出資金 390億円"
    assert "JOGMEC出資金 390億円" in answer.citations[0].quote
    assert_cited_verbatim(runtime, answer)


def test_declines_for_a_programme_the_graph_has_no_budget_for(context, no_facts):
    assert _ask(context, "米国が防衛用途の備蓄に充てた予算額はいくらか。") is None
    assert _ask(context, "令和3年度の安保助成金の額は。") is None  # 2022 and 2026 only
    assert _ask(no_facts, "令和7年度予備費のJOGMEC出資金はいくらか。") is None


def test_a_programme_of_unknown_year_answers_no_question_naming_one(context):
    # 4.8億円【4.2億円】: the graph holds the request (its year unread), not the 【】 budget
    assert _ask(context, "平成23年度にレアメタル備蓄に付いた予算はいくらか。") is None
    answer = _ask(context, "レアメタル備蓄の予算要求額はいくらか。")
    assert answer is not None and "4.8億円" in answer.answer


def test_an_amount_of_another_kind_of_budget_answers_no_question_naming_one(context):
    # the graph holds 令和7年度's 予備費 of JOGMEC出資金 (390億円); its 補正予算 is another sum
    assert _ask(context, "JOGMECの出資金の令和7年度補正予算額はいくらか。") is None
    answer = _ask(context, "JOGMECの出資金の令和7年度予備費はいくらか。")
    assert answer is not None and "390億円" in answer.answer
