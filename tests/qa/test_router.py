from dataclasses import dataclass, replace

import pytest

from policy_kg.qa.answerer import QuestionError
from policy_kg.qa.described import NamedQuestion
from policy_kg.qa.model import Answer, Citation
from policy_kg.qa.question import Question, analyse
from policy_kg.qa.router import Router, graph_routes
from policy_kg.qa.routes import agency, budgets, export_controls, measures
from policy_kg.qa.routes import supply_shares as shares
from policy_kg.qa.routes.confidence import route_confidences


@dataclass
class Keyword:
    """A route that matches questions holding `word` and answers `reply` (None: declines)."""

    word: str
    reply: str | None
    name: str = "keyword"
    prepared: int = 0

    def prepare(self) -> None:
        self.prepared += 1

    def matches(self, question: Question) -> Question | None:
        return question if self.word in question.normalized else None

    def answer(self, match: Question) -> Answer | None:
        return None if self.reply is None else Answer(match.text, self.reply, False)


def _text(asked: list[tuple[str, int]]):
    def answer(text: str, top_k: int) -> Answer:
        asked.append((text, top_k))
        return Answer(text, "text", True)

    return answer


def test_the_first_route_that_answers_wins():
    router = Router([Keyword("磁石", "first"), Keyword("磁石", "second")], _text([]))
    assert router.ask("永久磁石とは何か").answer == "first"


def test_a_route_that_declines_lets_the_next_one_answer():
    router = Router([Keyword("磁石", None), Keyword("磁石", "second")], _text([]))
    assert router.ask("永久磁石とは何か").answer == "second"


def test_text_answers_what_no_route_answers_with_the_question_as_asked():
    asked: list[tuple[str, int]] = []
    router = Router([Keyword("磁石", None), Keyword("鉱物", "mineral")], _text(asked))
    assert router.ask("  永久磁石とは何か ", top_k=2).answer == "text"
    assert asked == [("永久磁石とは何か", 2)]


def test_a_graph_answer_carries_its_routes_measured_confidence():
    def text(question: str, top_k: int) -> Answer:
        return Answer(question, "text", False, confidence=0.4)

    routes = [Keyword("磁石", "magnet", name="measured"), Keyword("鉱物", "mineral")]
    router = Router(routes, text, confidences={"measured": 0.75})
    assert router.ask("永久磁石とは何か").confidence == 0.75
    assert router.ask("重要鉱物とは何か").confidence is None  # a route never measured
    assert router.ask("蓄電池とは何か").confidence == 0.4  # the text answer's own


def test_prepare_prepares_every_route_once():
    routes = [Keyword("磁石", None), Keyword("鉱物", "mineral")]
    Router(routes, _text([])).prepare()
    assert [route.prepared for route in routes] == [1, 1]


@pytest.mark.parametrize(
    ("module", "query", "question"),
    [
        (budgets, "budgets", "令和7年度予備費のJOGMEC出資金はいくらか。"),
        (export_controls, "export_controls", "中国はいつガリウムの輸出規制を始めたか。"),
        (measures, "measure_names", "製錬等事業支援の対象になる鉱種はいくつあるか。"),
        (agency, "support_agencies", "永久磁石の安定供給確保支援業務を行う法人はどこか。"),
        (shares, "supply_shares", "マンガンはどこの国から輸入しているか。"),
    ],
)
def test_prepared_routes_read_the_graph_once_per_build(
    runtime, monkeypatch, module, query, question
):
    """What `prepare` read, the first question of its kind does not read again."""
    calls = []
    real = getattr(module, query)
    monkeypatch.setattr(module, query, lambda *args: calls.append(args) or real(*args))
    context = replace(runtime.graph_context)  # a new context remembers nothing yet
    routes = graph_routes(context, runtime.trace, lambda: runtime.target_answerer)
    router = Router(routes, _text([]))
    router.prepare()
    assert len(calls) == 1
    routed = router.route(question)
    assert routed.route != "text" and not routed.answer.abstained
    assert len(calls) == 1


def test_a_question_naming_what_no_document_names_skips_the_graph():
    asked: list[tuple[str, int]] = []
    router = Router([Keyword("磁石", "graph")], _text(asked), lambda text: ("TSMC",))
    routed = router.route("TSMCの磁石工場は。")
    assert routed.route == "text" and asked == [("TSMCの磁石工場は。", 3)]
    plain = Router([Keyword("磁石", "graph")], _text(asked), lambda text: ())
    assert plain.route("TSMCの磁石工場は。").route == "keyword"


def test_a_question_that_cannot_be_asked_is_refused_before_any_route():
    router = Router([Keyword("", "any")], _text([]))
    with pytest.raises(QuestionError, match="empty"):
        router.ask("   ")


@pytest.mark.parametrize(
    ("question", "doc_id", "agency", "full_name"),
    [
        (
            "永久磁石の安定供給確保支援業務を行う法人はどこか。",
            "permanent-magnets-policy@2025-draft",
            "NEDO",
            "国立研究開発法人新エネルギー・産業技術総合開発機構",
        ),
        (
            "重要鉱物の安定供給確保支援業務を行う法人はどこか。",
            "critical-minerals-policy@2026-03-30",
            "JOGMEC",
            "独立行政法人エネルギー・金属鉱物資源機構",
        ),
    ],
)
def test_support_agency_questions_answer_from_the_graph(
    runtime, question, doc_id, agency, full_name
):
    answer = runtime.ask(question)
    assert not answer.abstained
    assert answer.answer.startswith(f"{agency}（{full_name}）")
    first: Citation = answer.citations[0]
    assert first.doc_id == doc_id
    assert f"安定供給確保支援業務を行う法人として{agency}を選定" in first.quote
    assert first.quote in runtime.passage(first.passage_id).text
    assert answer.confidence == route_confidences()["support_agency"]


@pytest.mark.parametrize(
    ("question", "route"),
    [
        ("リチウムの2030年の確保目標はどれくらいか。", "target"),
        ("ガリウムを最初に記載した文書はどれか。", "first_named"),
    ],
)
def test_target_and_first_naming_answers_carry_a_confidence(runtime, question, route):
    routed = runtime.router.route(question)
    assert routed.route == route and not routed.answer.abstained
    assert routed.answer.confidence == route_confidences()[route]


def test_questions_no_graph_fact_answers_go_to_the_text_answerer(runtime):
    question = "日米枠組みで経済産業大臣とエネルギー長官が設立するグループの名前は。"
    assert runtime.ask(question) == runtime.answerer.ask(question)


@dataclass
class Naming:
    """Names `mineral` after `description` in every question that holds it."""

    description: str
    mineral: str
    prepared: int = 0

    def prepare(self) -> None:
        self.prepared += 1

    def name(self, question: Question) -> NamedQuestion:
        named = f"{self.description}（{self.mineral}）"
        source = Citation("d", None, "s", "d#1", f"{self.mineral}は燃料に使用される。")
        return NamedQuestion(analyse(question.text.replace(self.description, named)), (source,))


def test_routes_read_the_named_question_and_answers_keep_the_askers_words():
    asked: list[tuple[str, int]] = []
    naming = Naming("燃料になる鉱物", "ウラン")
    router = Router([Keyword("ウラン", "graph")], _text(asked), described=naming)
    routed = router.route("原子力発電の燃料になる鉱物はどこから来るか。")
    assert routed.route == "keyword"
    assert routed.answer.question == "原子力発電の燃料になる鉱物はどこから来るか。"
    assert [c.quote for c in routed.answer.citations] == ["ウランは燃料に使用される。"]
    assert asked == []
    text = Router([Keyword("磁石", "graph")], _text(asked), described=naming)
    assert text.ask("発電の燃料になる鉱物の価格は。").question == "発電の燃料になる鉱物の価格は。"
    assert asked == [("発電の燃料になる鉱物（ウラン）の価格は。", 3)]
    # an abstention (the text answerer of these tests abstains) cites nothing
    assert not text.ask("発電の燃料になる鉱物の価格は。").citations
    router.prepare()
    assert naming.prepared == 1
