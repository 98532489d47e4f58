import json
import re
from dataclasses import replace

import pytest

from policy_kg.graph.entities import UnknownEntityError
from policy_kg.graph.queries import EntityPage, FactRef, Link, Named, QuoteRef
from policy_kg.graph.queries.records import FactPart
from policy_kg.runtime import Runtime
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.app import Handlers
from policy_kg.ui.context import PassageContext
from policy_kg.ui.downloads import DownloadFolder
from policy_kg.ui.explore_view import (
    MAX_NODES,
    Neighbour,
    Terms,
    entity_html,
    neighbours,
    network_svg,
    node_kind,
)

NEODYMIUM = "https://w3id.org/policy-kg/id/mineral/neodymium"
PKG = "https://w3id.org/policy-kg/ontology#"
INJECTIONS = ("SERVICE", "cartesian", "UNION bomb")


def _link(predicate: str, node: str, label: str | None, outgoing: bool) -> Link:
    return Link(PKG + predicate, node, label, outgoing)


MEASURE = "https://w3id.org/policy-kg/id/measure/m1"
TERMS = {
    PKG + "Mineral": "鉱種",
    PKG + "broader": "上位の鉱種",
    PKG + "covers": "対象とする",
    PKG + "Target": "数値目標",
    PKG + "MeasureCoverage": "施策の対象鉱種",
    PKG + "coverageMeasure": "施策",
    PKG + "targetYear": "目標年",
}


def _terms(labels: dict[str, str]) -> tuple[Named, ...]:
    return tuple(Named(iri, label) for iri, label in labels.items())


def _quote(doc_id: str, local: str, quote: str) -> QuoteRef:
    """A fact's quote in a passage of the `context` fixture (where in the passage it starts
    does not show on the page)."""
    revision = doc_id.partition("@")[2]
    return QuoteRef(f"{doc_id}#{local}", doc_id, revision, "第1章 概要", quote, 0, len(quote), 0)


def _part(predicate: str, value: str, label: str | None = None) -> FactPart:
    """An entity (an IRI with its label) when `label` is given, else a value."""
    return FactPart(PKG + predicate, value, label, entity=label is not None)


def _fact(
    n: int, kind: str, doc_id: str, parts: tuple[FactPart, ...], quotes: tuple[QuoteRef, ...]
) -> FactRef:
    predicate = "targetMineral" if kind == "Target" else "coveredMineral"
    fact = f"https://w3id.org/policy-kg/id/fact/{n}"
    return FactRef(fact, kind, PKG + predicate, doc_id, quotes, parts)


PAGE = EntityPage(
    iri=NEODYMIUM,
    labels=("ネオジム", "ネオジウム"),
    types=(PKG + "ChemicalElement", PKG + "Mineral"),
    links=(
        _link("broader", "https://w3id.org/policy-kg/id/mineral/lree", "軽希土類", True),
        _link("covers", MEASURE, "製錬等事業支援", False),
        _link("covers", "https://w3id.org/policy-kg/id/measure/m2", None, False),
    ),
    facts=(
        _fact(
            1,
            "Target",
            "magnets@2025",
            (_part("targetYear", "2030"),),
            (_quote("magnets@2025", "q1", "需要は倍増"),),
        ),
        _fact(
            2,
            "MeasureCoverage",
            "magnets@2011-12",
            (
                _part("coverageScope", PKG + "LegalScope", "施策の対象となる品目"),
                _part("coverageMeasure", MEASURE, "製錬等事業支援"),
            ),
            (_quote("magnets@2011-12", "p1", "電動機"),),
        ),
        _fact(
            3,
            "MeasureCoverage",
            "magnets@2025",
            (_part("coverageMeasure", "https://w3id.org/policy-kg/id/measure/m3", "技術開発支援"),),
            (_quote("magnets@2025", "q1", "需要"),),
        ),
    ),
    mentions=12,
    terms=_terms(TERMS),
)


def test_the_page_names_the_entity_its_types_in_japanese_and_other_labels(context):
    html = entity_html(PAGE, context)
    assert '<h3>ネオジム <span class="pkg-chip" title="' in html
    assert ">鉱種</span>" in html and ">ChemicalElement</span>" in html  # no label: local name
    assert '<div class="pkg-aliases"><span class="pkg-chip">ネオジウム</span></div>' in html
    assert "Mentions</span>: 12" in html


def test_links_are_grouped_by_japanese_relation_and_direction_and_open_their_pages(context):
    html = entity_html(PAGE, context)
    assert "<tr><th>→ 上位の鉱種</th><td>" in html
    row = html[html.index("<tr><th>← 対象とする</th>") :].split("</tr>")[0]
    assert f'data-entity="{MEASURE}">製錬等事業支援</a>' in row
    assert ">m2</a>" in row  # a node without a label shows its IRI's local name


def test_facts_are_grouped_by_kind_and_each_row_names_what_it_is_about(context):
    html = entity_html(PAGE, context)
    coverage = html[html.index("施策の対象鉱種 <span") :]
    assert "MeasureCoverage</span> (2)" in coverage
    rows = re.findall(r'<div class="pkg-fact-row">(.*?)</div>', coverage)
    assert len(rows) == 2 and rows[0] != rows[1]  # no two identical "measure coverage" rows
    assert rows[0].index(f'data-entity="{MEASURE}">製錬等事業支援</a>') < rows[0].index(
        '<span class="pkg-part-entity">施策の対象となる品目</span>'  # an ontology term: no link
    )
    assert "技術開発支援" in rows[1]
    docs = re.findall(r'<div class="pkg-fact-doc">(.*?)</div>', coverage)
    assert "レアメタル総合対策（2011-12）" in docs[0]
    assert "永久磁石の供給確保の取組方針（2025）" in docs[1]
    order = [coverage.index(text) for text in (docs[0], rows[0], docs[1], rows[1])]
    assert order == sorted(order)  # each row under the document stating it
    target = html[html.index("数値目標 <span") : html.index("施策の対象鉱種 <span")]
    assert "Target</span> (1)" in target and "目標年</span> 2030" in target


def test_facts_come_with_their_quotes_in_context_numbered_across_kinds(context):
    html = entity_html(PAGE, context)
    assert "ネオジムの<mark>需要は倍増</mark>する。" in html
    assert '<span class="pkg-cite-brief">「需要は倍増」</span>' in html
    assert [f"explore-cite-{n}" for n in (1, 2, 3)] == re.findall(r'id="(explore-cite-\d)"', html)


def test_the_kind_of_a_node_comes_from_its_iri():
    assert node_kind(NEODYMIUM) == "mineral"
    assert node_kind("http://example.org/x") == ""


def test_the_network_has_the_links_and_the_facts_entities_named_and_clickable():
    nodes = neighbours(PAGE.links, PAGE.facts, Terms(TERMS))
    assert [n.label for n in nodes] == ["軽希土類", "製錬等事業支援", "m2", "技術開発支援"]
    assert nodes[3].relation == "施策の対象鉱種: 施策"
    svg = network_svg("ネオジム", "mineral", nodes)
    assert svg.count("<circle") == 5 and svg.count('class="pkg-edge"') == 4
    assert 'class="pkg-node pkg-node-mineral pkg-node-main"' in svg
    assert svg.count('class="pkg-node pkg-node-measure"') == 3
    assert svg.count('<g class="pkg-node-link" data-entity=') == 4
    assert ">製錬等事業支援</text>" in svg and "<title>← 対象とする: 製錬等事業支援</title>" in svg


def test_the_network_shows_at_most_max_nodes_and_counts_the_rest():
    many = [
        Neighbour(f"https://w3id.org/policy-kg/id/agency/a{n}", f"a{n}", "→ p")
        for n in range(MAX_NODES + 5)
    ]
    svg = network_svg("x", "country", many)
    assert svg.count("<circle") == MAX_NODES + 1 and ">+5</text>" in svg
    assert network_svg("x", "country", []) == ""


class _Loaded:
    """A server state whose build is loaded, as the handlers see it."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def runtime(self) -> Runtime:
        return self._runtime

    def context(self) -> PassageContext:
        documents = self._runtime.documents
        return PassageContext({doc_id: self._runtime.document(doc_id) for doc_id in documents})


@pytest.fixture
def handlers(runtime: Runtime, tmp_path) -> Handlers:
    return Handlers(_Loaded(runtime), QueryPool(runtime.build.graph), DownloadFolder(tmp_path))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", INJECTIONS)
def test_the_explore_handler_refuses_an_injected_key_without_a_request(
    handlers: Handlers, injection_probe, name: str
):
    page, _ = handlers.entity("ガリウム")  # the handler answers a real key
    assert json.loads(page)["iri"] == "https://w3id.org/policy-kg/id/mineral/gallium"
    error = injection_probe.refusal(handlers.entity, injection_probe.keys[name])
    assert isinstance(error, UnknownEntityError), f"the handler gave {error!r}"
    assert str(error).startswith("no entity named")
    assert "(not an IRI: it contains '>')" in str(error) or "(longer than" in str(error)
    assert injection_probe.requests == []


def test_parts_of_one_property_are_named_once(context):
    control = _fact(
        4,
        "ExportControl",
        "magnets@2025",
        (
            _part("controlledMineral", "https://w3id.org/policy-kg/id/mineral/gallium", "ガリウム"),
            _part("controlledMineral", "https://w3id.org/policy-kg/id/mineral/ge", "ゲルマニウム"),
            _part("controlDate", "2023-08"),
        ),
        (),
    )
    terms = {**TERMS, PKG + "controlledMineral": "規制対象鉱種", PKG + "controlDate": "措置時期"}
    html = entity_html(replace(PAGE, facts=(control,), terms=_terms(terms)), context)
    (row,) = re.findall(r'<div class="pkg-fact-row">(.*?)</div>', html)
    assert row.count("規制対象鉱種") == 1 and ">ガリウム</a>、<a" in row
    assert row.index("ゲルマニウム") < row.index("措置時期</span> 2023-08")


def test_a_fact_shows_its_number_as_written_before_what_it_is_about(context):
    target = replace(
        _fact(5, "Target", "policy@2026", (_part("targetYear", "2030"),), ()),
        quantity="約10万トン／年（約100000トン／年）",
    )
    terms = {**TERMS, PKG + "hasQuantity": "数量", PKG + "targetYear": "目標年"}
    html = entity_html(replace(PAGE, facts=(target,), terms=_terms(terms)), context)
    (row,) = re.findall(r'<div class="pkg-fact-row">(.*?)</div>', html)
    assert "数量</span> 約10万トン／年（約100000トン／年）" in row
    assert row.index("約10万トン") < row.index("目標年")
