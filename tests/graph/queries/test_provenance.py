"""The quotes behind facts come whole whatever the number of facts asked: `quotes_of` binds
them in batches of QUOTE_BATCH, and a batch boundary neither drops nor repeats a quote."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from policy_kg.graph.queries import provenance, quotes_of, select


def test_quotes_of_many_facts_in_small_batches_are_the_quotes_of_one_batch(
    small_store: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    quoted = "SELECT ?fact WHERE { ?fact pkg:hasQuote ?q }"
    facts = [row.fact for row in select(small_store, quoted)]
    whole = quotes_of(small_store, facts)
    monkeypatch.setattr(provenance, "QUOTE_BATCH", 3)
    assert len(whole) > 3 * provenance.QUOTE_BATCH
    assert quotes_of(small_store, facts) == whole
    assert all(whole.values())


def test_quotes_of_no_facts_is_empty(small_store: Dataset) -> None:
    assert quotes_of(small_store, []) == {}
