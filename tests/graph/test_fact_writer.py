"""The provenance every fact gets (`graph/fact_writer`): quotes anchored in their passages, one
quote per span however many facts cite it, and clear errors for a fact whose quote, passage,
entity or quantity cannot be read."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from rdflib import Dataset
from rdflib.namespace import RDF

from policy_kg.graph import lookup, queries
from policy_kg.graph.fact_writer import anchor_quote, identity_text
from policy_kg.graph.model import GraphBuildError
from policy_kg.graph.namespaces import (
    PKG,
    mineral_iri,
)
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.vocabulary import Vocabulary

from .small_corpus import (
    CHILE_LITHIUM,
    CHINA_LITHIUM,
    CM,
    CM_SCOPE,
    JOGMEC_BUDGET,
    JOGMEC_FUND,
    LITHIUM_TARGET,
    NICKEL_TARGET,
    PM,
    PM_DOUBLING,
    PM_RANGE,
    PM_THRESHOLD,
    evidence,
)
from .triples import (
    fact_triples,
)


def test_two_facts_quoting_the_same_span_share_one_quote(vocabulary: Vocabulary) -> None:
    chile = replace(CHINA_LITHIUM, country="cl")  # same evidence, another fact
    graph = fact_triples(vocabulary, DocumentFacts(CM, supply_shares=(CHINA_LITHIUM, chile)))
    assert len(set(graph.subjects(RDF.type, PKG.SupplyShare))) == 2
    assert len(set(graph.subjects(RDF.type, PKG.Quote))) == 1


def test_a_quote_at_a_wrong_offset_is_anchored_where_it_is() -> None:
    stale = replace(evidence(CM_SCOPE, "ガリウム"), start=0)
    assert anchor_quote(stale, CM_SCOPE.text) == CM_SCOPE.text.index("ガリウム")


def test_a_quote_that_is_not_in_its_passage_is_an_error(vocabulary: Vocabulary) -> None:
    wrong = replace(
        LITHIUM_TARGET, evidence=replace(LITHIUM_TARGET.evidence, quote="リチウム約9万トン")
    )
    with pytest.raises(GraphBuildError, match="リチウム約9万トン"):
        fact_triples(vocabulary, DocumentFacts(CM, targets=(wrong,)))


def test_a_fact_citing_an_unknown_passage_is_an_error(vocabulary: Vocabulary) -> None:
    elsewhere = replace(LITHIUM_TARGET.evidence, passage_id=f"{CM}#000000000000")
    with pytest.raises(GraphBuildError, match="000000000000"):
        fact_triples(
            vocabulary, DocumentFacts(CM, targets=(replace(LITHIUM_TARGET, evidence=elsewhere),))
        )


@pytest.mark.parametrize(
    "facts",
    [
        DocumentFacts(CM, targets=(replace(LITHIUM_TARGET, subject="unobtainium"),)),
        DocumentFacts(CM, agency_roles=(replace(JOGMEC_FUND, agency="nowhere-agency"),)),
        DocumentFacts(CM, supply_shares=(replace(CHINA_LITHIUM, country="zz"),)),
    ],
    ids=["mineral", "agency", "country"],
)
def test_an_unknown_entity_key_is_an_error(vocabulary: Vocabulary, facts: DocumentFacts) -> None:
    with pytest.raises(GraphBuildError, match="unknown"):
        fact_triples(vocabulary, facts)


def test_a_quantity_reads_back_from_the_graph_as_it_was_written(small_store: Dataset) -> None:
    """A value and a range: the graph's numbers and unit make the same `Quantity` again."""
    written = [LITHIUM_TARGET, NICKEL_TARGET, PM_DOUBLING, PM_THRESHOLD, PM_RANGE]
    read = [*queries.targets(small_store, doc_id=CM), *queries.targets(small_store, doc_id=PM)]
    assert [r.quantity for r in read] == [t.quantity for t in written]
    assert read[-1].quantity.value is None and read[-1].quantity.minimum == Decimal(20)


def test_money_and_shares_are_decimals_from_the_facts_to_the_answer(small_store: Dataset) -> None:
    (budget,) = lookup.budgets(small_store)
    assert isinstance(JOGMEC_BUDGET.amount, Decimal) and budget.amount == JOGMEC_BUDGET.amount
    assert isinstance(budget.amount, Decimal)
    assert budget.amount_text == "1,100億円"
    shares = lookup.supply_shares(small_store, str(mineral_iri("lithium")))
    assert [s.share for s in shares] == [CHINA_LITHIUM.share, CHILE_LITHIUM.share]
    assert all(isinstance(s.share, Decimal) for s in shares)


def test_a_fact_iri_hashes_the_record_as_written_before_quantities_were_typed() -> None:
    """So the typed records keep the IRIs (and the whole graph) of the text-and-float ones."""
    before = repr(LITHIUM_TARGET).replace(
        f"quantity={LITHIUM_TARGET.quantity!r}", "quantity='100000', unit='トン／年'"
    )
    assert identity_text(LITHIUM_TARGET) == before
    range_before = repr(PM_RANGE).replace(
        f"quantity={PM_RANGE.quantity!r}", "quantity='20-22', unit='%'"
    )
    assert identity_text(PM_RANGE) == range_before
    budget_before = repr(JOGMEC_BUDGET).replace("amount=Decimal('1100')", "amount=1100.0")
    assert identity_text(JOGMEC_BUDGET) == budget_before
    assert identity_text((CHINA_LITHIUM, "x")) == repr((CHINA_LITHIUM, "x"))
