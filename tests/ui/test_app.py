import json

import pytest

from policy_kg.graph.entities import EntityView
from policy_kg.graph.queries import EntityPage, Link
from policy_kg.nlp.vocabulary import Mineral
from policy_kg.qa.model import Answer, Citation
from policy_kg.revisions.diff_model import DocumentDiff, SectionDiff
from policy_kg.revisions.trace_model import (
    Appearance,
    RevisionStep,
    SeriesTimeline,
    Trace,
    TraceQuote,
)
from policy_kg.ui.app import Handlers
from policy_kg.ui.ask_view import answer_html
from policy_kg.ui.compare_view import compare_html
from policy_kg.ui.context import PassageContext
from policy_kg.ui.explore_view import entity_html
from policy_kg.ui.timeline import timeline_svg
from policy_kg.ui.trace_view import trace_html

# one record of each kind over the two documents of the `context` fixture
OLD, NEW = "magnets@2011-12", "magnets@2025"
CITED = Citation(OLD, "2011-12", "第1章 概要", f"{OLD}#p2", "耐熱性が上がる")
ANSWER = Answer("耐熱性は？", "耐熱性が上がる", False, citations=(CITED,), confidence=0.8)
DYSPROSIUM = Mineral("dysprosium", "ジスプロシウム", "Dysprosium", "Dy", ("Dy",), (), "element")
TRACE = Trace(
    DYSPROSIUM,
    "https://w3id.org/policy-kg/id/mineral/dysprosium",
    (Appearance(OLD, "magnets", "2011-12", (), (), (CITED,), quotes=(TraceQuote(CITED, True),)),),
    (),
    (SeriesTimeline("magnets", (RevisionStep("2011-12", "2011年12月", OLD, "named"),)),),
)
DIFF = DocumentDiff(
    OLD, NEW, (SectionDiff("第1章 概要", "added", None, "第1章 概要", (), (f"{NEW}#q1",)),)
)
MEASURE = "https://w3id.org/policy-kg/id/measure/m1"
PAGE = EntityPage(
    "https://w3id.org/policy-kg/id/mineral/dysprosium",
    ("ジスプロシウム",),
    (),
    (Link("https://w3id.org/policy-kg/ontology#covers", MEASURE, "製錬等事業支援", False),),
    (),
    mentions=3,
)


class _Runtime:
    """Gives the same records for any input."""

    def ask(self, question: str, top_k: int) -> Answer:
        return ANSWER

    def trace(self, mineral: str) -> Trace:
        return TRACE

    def diff(self, a: str, b: str) -> DocumentDiff:
        return DIFF

    def entity(self, key: str) -> EntityView:
        return EntityView(PAGE)


class _State:
    def __init__(self, context: PassageContext) -> None:
        self._context = context

    def runtime(self) -> _Runtime:
        return _Runtime()

    def context(self) -> PassageContext:
        return self._context


@pytest.fixture
def handlers(context: PassageContext) -> Handlers:
    return Handlers(_State(context), None, None)  # type: ignore[arg-type]


def test_each_handler_gives_the_records_json_then_the_views_of_the_record(handlers, context):
    document, html = handlers.ask("耐熱性は？", 3)
    assert json.loads(document) == ANSWER.to_json() and html == answer_html(ANSWER, context)
    assert "ジスプロシウムを添加すると<mark>耐熱性が上がる</mark>" in html
    document, svg, cards = handlers.trace("Dy")
    assert json.loads(document) == TRACE.to_json()
    assert svg == timeline_svg(TRACE, context) and cards == trace_html(TRACE, context)
    assert 'class="pkg-first"' in svg and "<h3>ジスプロシウム</h3>" in cards
    document, html = handlers.compare(OLD, NEW)
    assert json.loads(document) == DIFF.to_json() and html == compare_html(DIFF, context)
    assert "<ins>ネオジムの需要は倍増する。</ins>" in html
    document, html = handlers.entity("ジスプロシウム")
    assert json.loads(document) == EntityView(PAGE).to_json()
    assert html == entity_html(PAGE, context)
    assert f'data-entity="{MEASURE}">製錬等事業支援</a>' in html
