"""The provenance every fact gets (`graph/fact_writer`): quotes anchored in their passages, one
quote per span however many facts cite it, and clear errors for a fact whose quote, passage,
entity or quantity cannot be read."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib.namespace import RDF

from policy_kg.graph.fact_writer import anchor_quote
from policy_kg.graph.model import GraphBuildError
from policy_kg.graph.namespaces import (
    PKG,
)
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.vocabulary import Vocabulary

from .conftest import (
    CHINA_LITHIUM,
    CM,
    CM_SCOPE,
    JOGMEC_FUND,
    LITHIUM_TARGET,
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
