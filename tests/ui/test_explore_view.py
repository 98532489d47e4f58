import json

import pytest

from policy_kg.graph.entities import UnknownEntityError
from policy_kg.runtime import Runtime
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.app import Handlers
from policy_kg.ui.context import PassageContext
from policy_kg.ui.downloads import DownloadFolder
from policy_kg.ui.explore_view import MAX_NODES, entity_html, network_svg, node_kind

NEODYMIUM = "https://w3id.org/policy-kg/id/mineral/neodymium"
PKG = "https://w3id.org/policy-kg/ontology#"
INJECTIONS = ("SERVICE", "cartesian", "UNION bomb")


def _link(predicate: str, node: str, label: str | None, outgoing: bool) -> dict:
    return {"predicate": PKG + predicate, "node": node, "label": label, "outgoing": outgoing}


PAGE = {
    "iri": NEODYMIUM,
    "labels": ["ネオジム", "ネオジウム"],
    "types": [PKG + "ChemicalElement", PKG + "Mineral"],
    "links": [
        _link("broader", "https://w3id.org/policy-kg/id/mineral/lree", "軽希土類", True),
        _link("covers", "https://w3id.org/policy-kg/id/measure/m1", "製錬等事業支援", False),
        _link("covers", "https://w3id.org/policy-kg/id/measure/m2", None, False),
    ],
    "facts": [
        {
            "fact": "https://w3id.org/policy-kg/id/fact/1",
            "kind": "Target",
            "predicate": PKG + "targetMineral",
            "doc_id": "magnets@2025",
            "quotes": [
                {
                    "passage_id": "magnets@2025#q1",
                    "doc_id": "magnets@2025",
                    "revision": "2025",
                    "section": "第1章 概要",
                    "quote": "需要は倍増",
                    "start": 4,
                    "end": 9,
                    "reading_order": 0,
                }
            ],
        }
    ],
    "mentions": 12,
}


def test_the_page_names_the_entity_its_types_and_other_labels(context):
    html = entity_html(PAGE, context)
    assert "<h3>ネオジム <span" in html and ">ChemicalElement</span>" in html
    assert '<div class="pkg-aliases"><span class="pkg-chip">ネオジウム</span></div>' in html
    assert "Mentions</span>: 12" in html


def test_links_are_grouped_by_relation_and_direction(context):
    html = entity_html(PAGE, context)
    assert '<tr><th>→ broader</th><td><span class="pkg-chip">軽希土類</span></td></tr>' in html
    assert (
        '<tr><th>← covers</th><td><span class="pkg-chip">製錬等事業支援</span>'
        '<span class="pkg-chip">m2</span></td></tr>'
    ) in html  # a node without a label shows its IRI's local name


def test_facts_come_with_their_quotes_in_context(context):
    html = entity_html(PAGE, context)
    assert "数値目標 target" in html and "targetMineral · 永久磁石の供給確保の取組方針" in html
    assert "ネオジムの<mark>需要は倍増</mark>する。" in html


def test_the_kind_of_a_node_comes_from_its_iri():
    assert node_kind(NEODYMIUM) == "mineral"
    assert node_kind("http://example.org/x") == ""


def test_the_network_has_the_entity_in_the_middle_and_a_node_per_link():
    svg = network_svg("ネオジム", "mineral", PAGE["links"])
    assert svg.count("<circle") == 4 and svg.count('class="pkg-edge"') == 3
    assert 'class="pkg-node pkg-node-mineral pkg-node-main"' in svg
    assert svg.count('class="pkg-node pkg-node-measure"') == 2


def test_the_network_shows_at_most_max_nodes_and_counts_the_rest():
    many = [
        _link("p", f"https://w3id.org/policy-kg/id/agency/a{n}", None, True)
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
