import pytest

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


def test_the_mineral_asked_about_is_the_one_named_just_before_the_cue(runtime):
    route = _route(runtime)
    question = "ネオジム磁石の原料の一つであるホウ素に最初に触れている文書はどれか。"
    match = route.matches(analyse(question))
    assert match is not None and match.mineral == "ホウ素"


@pytest.mark.parametrize(
    "question",
    [
        "ニッケルという言葉が出てくるいちばん古い資料はどれか。",
        "五つの資料のなかで、ニッケルに最も早く触れているのはどの資料か。",
        "収録された資料のなかで、ニッケルに最も古く触れているのはどの資料か。",
    ],
)
def test_the_oldest_document_naming_a_mineral_is_its_first_naming(runtime, question):
    match = _route(runtime).matches(analyse(question))
    assert match is not None and match.mineral == "ニッケル"


def test_questions_without_a_revision_cue_or_mineral_are_not_matched(runtime):
    route = _route(runtime)
    assert route.matches(analyse("ネオジウムの用途は何か。")) is None
    assert route.matches(analyse("この方針が初めて策定されたのはいつか。")) is None


def test_the_answer_names_the_first_revision_of_each_series_too(runtime):
    """Graphite is first seen in the 2026 slide deck; the 取組方針 names it first in its
    2026-03-30 revision, and its earlier revisions have no text: the answer says all three."""
    route = _route(runtime)
    answer = route.answer(route.matches(analyse("黒鉛が初めて記載されたのはどの改定か。")))
    assert answer.citations[0].doc_id == "materials-strategy-issues@2026-02-19"
    assert "重要鉱物に係る安定供給確保を図るための取組方針" in answer.answer
    assert "令和8年3月30日改定" in answer.answer
    assert "2023-01-19" in answer.answer and "不明" in answer.answer
    cited = {c.doc_id for c in answer.citations}
    assert "critical-minerals-policy@2026-03-30" in cited


def test_the_first_citation_says_more_than_the_minerals_name(runtime):
    """The 2011 overview first names lanthanum in a table cell holding the name alone
    (ランタン), then as 高純度ランタン in the row on optical lenses: the answer leads with the
    latter, and still cites the bare cell further on."""
    route = _route(runtime)
    answer = route.answer(route.matches(analyse("ランタンが初めて記載された資料はどれか。")))
    first = answer.citations[0]
    assert first.doc_id == "rare-metals-overview@2011-12"
    assert first.quote.strip() not in runtime.vocabulary.mineral("ランタン").surface_forms
    assert "ランタン" in first.quote
    assert "ランタン" in [c.quote.strip() for c in answer.citations[1:]]
