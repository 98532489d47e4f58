from policy_kg.qa.question import analyse
from policy_kg.qa.targets import TargetAnswerer, TargetRoute


def _route(runtime) -> TargetRoute:
    return TargetRoute(lambda: runtime.target_answerer, runtime.documents)


def test_a_target_question_answers_with_the_target_sentence_and_facts(runtime):
    route = _route(runtime)
    answer = route.answer(route.matches(analyse("2030年のマンガンの確保目標はどれだけか。")))
    assert answer is not None
    (citation,) = answer.citations
    assert "マンガン約2万トン／年" in citation.quote
    assert citation.quote in runtime.passage(citation.passage_id).text
    assert any(
        f.subject == "マンガン" and f.object == "約2万トン／年（約20000トン／年） (2030)"
        for f in answer.facts
    )


def test_declines_when_no_target_sentence_covers_the_question(runtime):
    empty = TargetAnswerer([], runtime.graph_context.terms, lambda term: 1.0)
    route = TargetRoute(lambda: empty, runtime.documents)
    match = route.matches(analyse("2030年のマンガンの確保目標はどれだけか。"))
    assert match is not None
    assert route.answer(match) is None


def test_only_how_much_questions_about_targets_match(runtime):
    route = _route(runtime)
    assert route.matches(analyse("マンガンの目標は何のために設定されたか。")) is None
