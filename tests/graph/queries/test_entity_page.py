"""An entity page's lists are sorted here, not by the engine, and each holds at most
PAGE_ROWS rows, so the engine can stop early on any page."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from policy_kg.graph.namespaces import MINERAL_SCHEME, measure_iri, mineral_iri
from policy_kg.graph.queries import entity_page
from policy_kg.graph.queries.entity_page import entity_facts

RARE_EARTHS = str(mineral_iri("rare-earths"))
SMELTING = str(measure_iri("製錬等事業支援"))


def test_labels_come_japanese_first_and_links_outgoing_first(small_store: Dataset) -> None:
    page = entity_facts(small_store, RARE_EARTHS)
    assert page.labels == ("レアアース", "rare earth elements")
    assert list(page.types) == sorted(page.types)
    order = [(not link.outgoing, link.predicate, link.node) for link in page.links]
    assert order == sorted(order)
    assert page.links[0].outgoing and not page.links[-1].outgoing


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
