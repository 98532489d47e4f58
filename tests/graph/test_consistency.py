"""HermiT (through owlready2) finds the ontology plus a built graph consistent, and finds it
inconsistent once a fact breaks the ontology; the exported Turtle loads in rdflib and owlready2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from policy_kg.graph.build import merged_graph
from policy_kg.graph.consistency import (
    ReasonerError,
    check_consistency,
    owlready_world,
)
from policy_kg.graph.export import export_graph
from policy_kg.graph.namespaces import PKG, agency_iri, mineral_iri

Triple = tuple[URIRef, URIRef, URIRef]
LITHIUM = mineral_iri("lithium")


@pytest.fixture(scope="module")
def whole(small_graphs: dict[URIRef, Graph]) -> Graph:
    return merged_graph(small_graphs)


def _a_fact(graph: Graph, cls: URIRef) -> URIRef:
    return next(iter(graph.subjects(RDF.type, cls)))


@pytest.mark.parametrize("classify", [False, True], ids=["consistency-check", "classification"])
def test_the_built_graph_is_consistent(whole: Graph, classify: bool) -> None:
    report = check_consistency(whole, classify=classify)
    assert report.consistent
    assert report.triples == len(whole)


def _second_scope(graph: Graph) -> Triple:
    """A coverage in both senses at once: pkg:coverageScope is functional."""
    fact = _a_fact(graph, PKG.MeasureCoverage)
    legal = graph.value(fact, PKG.coverageScope) == PKG.LegalScope
    return (fact, PKG.coverageScope, PKG.CurrentFocus if legal else PKG.LegalScope)


def _second_kind(graph: Graph) -> Triple:
    """A target that is also an export control: the fact kinds are disjoint."""
    return (_a_fact(graph, PKG.Target), RDF.type, PKG.ExportControl)


def _mineral_as_agency(graph: Graph) -> Triple:
    """A mineral designated as the support agency: minerals are not agencies."""
    return (_a_fact(graph, PKG.SupportAgencyDesignation), PKG.designatedAgency, LITHIUM)


BREAKAGES: dict[str, Callable[[Graph], Triple]] = {
    "two-scopes": _second_scope,
    "two-fact-kinds": _second_kind,
    "mineral-as-agency": _mineral_as_agency,
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_broken_graph_is_inconsistent(whole: Graph, breakage: str) -> None:
    extra = BREAKAGES[breakage](whole)
    assert extra not in whole
    broken = whole + Graph()
    broken.add(extra)
    assert not check_consistency(broken).consistent
    assert not check_consistency(broken, classify=True).consistent


def test_a_reasoner_failure_is_not_taken_for_an_answer(
    whole: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(owlready2, "JAVA_MEMORY", 1)  # the JVM cannot start with 1 MB
    with pytest.raises(ReasonerError, match="HermiT failed"):
        check_consistency(whole)


def test_the_exported_turtle_loads_in_rdflib_and_owlready2_and_is_consistent(
    small_store_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.ttl"
    export_graph(small_store_dir, "turtle", out)
    parsed = Graph().parse(out, format="turtle")
    world = owlready_world(Graph().parse(out, format="turtle"))
    jogmec = world[str(agency_iri("jogmec"))]
    assert jogmec is not None
    assert "Agency" in {cls.name for cls in jogmec.is_a}
    assert check_consistency(parsed).consistent
