"""Values reach a query only as IRI terms: `select` binds checked IRIs, and `parse_iri`
refuses what IRIREF forbids, what is not an absolute IRI, and what is too long."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Literal, URIRef

from policy_kg.graph.namespaces import mineral_iri
from policy_kg.graph.queries.plumbing import MAX_IRI_CHARS, InvalidIriError, parse_iri, select

GALLIUM = mineral_iri("gallium")
LABELS = "SELECT ?label WHERE { ?e skos:prefLabel ?label }"


def test_select_binds_an_iri_and_returns_rows_by_variable(small_store: Dataset) -> None:
    rows = select(small_store, LABELS, e=GALLIUM)
    assert {str(row.label) for row in rows} >= {"ガリウム"}
    assert len(select(small_store, LABELS, e=mineral_iri("no-such-mineral"))) == 0


@pytest.mark.parametrize("character", [*'<>"{}|^`\\', " ", "\t", "\n", "\x00"])
def test_parse_iri_refuses_what_iriref_forbids(character: str) -> None:
    with pytest.raises(InvalidIriError) as refused:
        parse_iri(f"{GALLIUM}{character}x")
    assert refused.value.reason == f"it contains {character!r}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("mineral/gallium", "not absolute or malformed"),
        ("http://[::1/x", "not absolute or malformed"),
        ("https://example.org/" + "a" * MAX_IRI_CHARS, f"longer than {MAX_IRI_CHARS}"),
    ],
)
def test_parse_iri_refuses_what_is_not_an_absolute_iri(text: str, reason: str) -> None:
    with pytest.raises(InvalidIriError, match=reason):
        parse_iri(text)


def test_parse_iri_keeps_an_iri_as_it_is() -> None:
    assert parse_iri(str(GALLIUM)) == GALLIUM
    assert parse_iri("https://w3id.org/policy-kg/id/measure/%E8%A3%BD") == URIRef(
        "https://w3id.org/policy-kg/id/measure/%E8%A3%BD"
    )


def test_select_refuses_a_binding_that_is_not_a_checked_iri(small_store: Dataset) -> None:
    injected = URIRef(f"{GALLIUM}> }} ?s ?p ?o #")
    with pytest.raises(InvalidIriError, match="it contains '>'"):
        select(small_store, LABELS, e=injected)
    with pytest.raises(TypeError, match="only be bound to an IRI"):
        select(small_store, LABELS, e=Literal("ガリウム"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a SPARQL variable name"):
        select(small_store, LABELS, **{"e } ?s ?p ?o . #": GALLIUM})


def test_select_with_bindings_needs_a_where_group(small_store: Dataset) -> None:
    with pytest.raises(ValueError, match="WHERE"):
        select(small_store, "SELECT ?label { ?e skos:prefLabel ?label }", e=GALLIUM)
