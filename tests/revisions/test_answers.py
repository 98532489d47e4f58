from policy_kg.qa.question import analyse
from policy_kg.revisions.answers import FirstNamedRoute


def _route(runtime) -> FirstNamedRoute:
    return FirstNamedRoute(runtime.vocabulary, runtime.documents, runtime.trace)


def test_which_revision_first_names_a_mineral(runtime):
    route = _route(runtime)
    match = route.matches(analyse("ネオジウムが初めて記載されたのはどの版か。"))
    assert match is not None and match.mineral == "ネオジウム"
    answer = route.answer(match)
    assert not answer.abstained
    assert "レアメタル等の確保に向けた取組の全体像" in answer.answer
    assert answer.citations[0].doc_id == "rare-metals-overview@2011-12"
    for citation in answer.citations:
        assert citation.quote in runtime.passage(citation.passage_id).text


def test_questions_without_a_revision_cue_or_mineral_are_not_matched(runtime):
    route = _route(runtime)
    assert route.matches(analyse("ネオジウムの用途は何か。")) is None
    assert route.matches(analyse("この方針が初めて策定されたのはいつか。")) is None
