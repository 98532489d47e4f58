"""An entity page's lists are sorted here, not by the engine, and each holds at most
PAGE_ROWS rows, so the engine can stop early on any page."""

from __future__ import annotations

import pytest
from rdflib import RDF, SKOS, Dataset, Graph, URIRef

from policy_kg.graph.namespaces import ID, MINERAL_SCHEME, PKG, measure_iri, mineral_iri
from policy_kg.graph.ontology import fact_classes
from policy_kg.graph.queries import entity_page
from policy_kg.graph.queries.entity_page import entity_facts
from policy_kg.graph.queries.records import shown_quantity

RARE_EARTHS = str(mineral_iri("rare-earths"))
SMELTING = str(measure_iri("製錬等事業支援"))


def test_labels_come_japanese_first_and_links_outgoing_first(small_store: Dataset) -> None:
    page = entity_facts(small_store, RARE_EARTHS)
    assert page.labels == ("レアアース", "rare earth elements")
    assert list(page.types) == sorted(page.types)
    order = [(not link.outgoing, link.predicate, link.node) for link in page.links]
    assert order == sorted(order)
    assert page.links[0].outgoing and not page.links[-1].outgoing


@pytest.mark.parametrize("entity", [RARE_EARTHS, SMELTING, str(MINERAL_SCHEME)])
def test_links_lead_to_entities_not_to_facts_passages_or_quotes(
    small_store: Dataset, ontology: Graph, entity: str
) -> None:
    page = entity_facts(small_store, entity)
    not_entities = fact_classes(ontology) | {PKG.Passage, PKG.Quote}
    assert page.links
    for link in page.links:
        assert not set(small_store.objects(URIRef(link.node), RDF.type)) & not_entities, link


def test_each_list_holds_at_most_page_rows(
    small_store: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    links = entity_facts(small_store, str(MINERAL_SCHEME)).links
    facts = entity_facts(small_store, SMELTING).facts
    assert len(links) > 2 and len(facts) > 2
    monkeypatch.setattr(entity_page, "PAGE_ROWS", 2)
    capped_links = entity_facts(small_store, str(MINERAL_SCHEME)).links
    capped_facts = entity_facts(small_store, SMELTING).facts
    assert len(capped_links) == 2 and set(capped_links) <= set(links)
    assert len(capped_facts) == 2 and set(capped_facts) <= set(facts)


def test_each_fact_names_the_other_entities_it_is_about(small_store: Dataset) -> None:
    facts = entity_facts(small_store, SMELTING).facts
    minerals = [
        p for f in facts for p in f.parts if p.predicate == str(PKG.coveredMineral) and p.entity
    ]
    assert len(minerals) == len(facts)  # each coverage row says which mineral it covers
    assert all(m.label and m.value.startswith(str(ID)) for m in minerals)
    assert len({m.value for m in minerals}) > 1
    assert all(p.value != SMELTING for f in facts for p in f.parts)  # not the page's entity
    provenance = {str(PKG.statedIn), str(PKG.hasQuote), str(RDF.type)}
    assert not {p.predicate for f in facts for p in f.parts} & provenance


def test_a_fact_with_a_number_shows_it_as_written_with_the_normalised_value_beside(
    small_store: Dataset,
) -> None:
    page = entity_facts(small_store, str(mineral_iri("lithium")))
    quantities = {f.kind: f.quantity for f in page.facts if f.quantity}
    assert quantities["Target"] == "約10万トン／年（約100000トン／年）"
    assert all(f.quantity is None for f in page.facts if f.kind == "MeasureCoverage")
    # the quantity node is not a part as well: no IRI and no bare normalised value
    assert not [p for f in page.facts for p in f.parts if p.predicate == str(PKG.hasQuantity)]


@pytest.mark.parametrize(
    ("written", "normalised", "shown"),
    [
        ("約10万トン／年", "約100000トン／年", "約10万トン／年（約100000トン／年）"),
        ("倍増", "2倍", "倍増（2倍）"),
        ("50%", "50%", "50%"),  # once when both read the same
        (None, "約100000トン／年", "約100000トン／年"),  # a graph without the written form
    ],
)
def test_shown_quantity(written: str | None, normalised: str, shown: str) -> None:
    assert shown_quantity(written, normalised) == shown


def test_the_page_carries_the_ontology_japanese_labels_of_its_terms(small_store: Dataset) -> None:
    page = entity_facts(small_store, SMELTING)
    terms = {term.iri: term.label for term in page.terms}
    assert terms[str(PKG.Measure)] == "施策"
    assert terms[str(PKG.MeasureCoverage)] == "施策の対象鉱種"
    assert terms[str(PKG.coveredMineral)] == "対象鉱種"
    assert {f.predicate for f in page.facts} <= set(terms)


def test_reused_terms_on_a_page_have_japanese_labels_too(small_store: Dataset) -> None:
    page = entity_facts(small_store, RARE_EARTHS)
    terms = {term.iri: term.label for term in page.terms}
    assert str(SKOS.broader) in {link.predicate for link in page.links}
    assert terms[str(SKOS.broader)] == "上位概念" and terms[str(SKOS.Concept)] == "概念"
    unlabelled = {link.predicate for link in page.links} | set(page.types)
    assert unlabelled <= set(terms)
