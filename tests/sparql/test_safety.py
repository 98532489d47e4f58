"""Refusals come from the parsed query: SERVICE anywhere, any Update, malformed text."""

from __future__ import annotations

import pytest

from policy_kg.sparql.model import ForbiddenQuery, MalformedQuery
from policy_kg.sparql.safety import inspect_query

SERVICE = "SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c }"

SERVICE_PLACES = {
    "top level": f"SELECT * WHERE {{ {SERVICE} }}",
    "in OPTIONAL": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ {SERVICE} }} }}",
    "in UNION": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ {SERVICE} }} }}",
    "in MINUS": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ {SERVICE} }} }}",
    "in GRAPH": f"SELECT * WHERE {{ GRAPH ?g {{ {SERVICE} }} }}",
    "in a subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ {SERVICE} }} }} }}",
    "in FILTER EXISTS": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ {SERVICE} }} }}",
    "in BIND": f"SELECT * WHERE {{ ?s ?p ?o BIND(EXISTS {{ {SERVICE} }} AS ?x) }}",
    "in ORDER BY": f"SELECT * WHERE {{ ?s ?p ?o }} ORDER BY (EXISTS {{ {SERVICE} }})",
    "in HAVING": f"SELECT ?s WHERE {{ ?s ?p ?o }} GROUP BY ?s HAVING (EXISTS {{ {SERVICE} }})",
    "in CONSTRUCT": f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {SERVICE} }}",
    "in ASK": f"ASK {{ FILTER NOT EXISTS {{ {SERVICE} }} }}",
    "in DESCRIBE": f"DESCRIBE ?a WHERE {{ {SERVICE} }}",
    "SILENT": "SELECT * WHERE { SERVICE SILENT <http://x/> { ?a ?b ?c } }",
    "with a variable": "SELECT * WHERE { VALUES ?u { <http://x/> } SERVICE ?u { ?a ?b ?c } }",
    "spelt with an escape": "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?a ?b ?c } }",
    "in lower case": "select * where { service <http://x/> { ?a ?b ?c } }",
}


@pytest.mark.parametrize("query", SERVICE_PLACES.values(), ids=SERVICE_PLACES.keys())
def test_service_is_refused_wherever_it_is(query: str) -> None:
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        inspect_query(query)


def test_the_word_service_in_a_literal_or_iri_is_not_a_service_pattern() -> None:
    query = 'SELECT * WHERE { ?s <http://example.org/SERVICE> "SERVICE <http://x/> {}" }'
    assert inspect_query(query).form == "SELECT"


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/a> <http://e/p> <http://e/b> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "DROP ALL",
        "PREFIX : <http://e/> CLEAR GRAPH :g ; CREATE GRAPH :h",
    ],
)
def test_updates_are_refused_as_read_only(update: str) -> None:
    with pytest.raises(ForbiddenQuery, match="read-only"):
        inspect_query(update)


def test_malformed_query_reports_the_parsers_message_with_position() -> None:
    with pytest.raises(MalformedQuery) as caught:
        inspect_query("SELECT * WHERE { ?s ?p }")
    assert "line:1" in caught.value.message
    assert caught.value.status == 400


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://e/a>", "DESCRIBE"),
    ],
)
def test_query_form_is_recognised(query: str, form: str) -> None:
    assert inspect_query(query).form == form


def test_prefixes_and_dataset_clauses_are_read_from_the_prologue() -> None:
    shape = inspect_query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX : <http://e/> "
        "SELECT * FROM <http://e/g> WHERE { ?s skos:prefLabel ?o }"
    )
    assert shape.prefixes == (("skos", "http://www.w3.org/2004/02/skos/core#"), ("", "http://e/"))
    assert shape.has_dataset
    assert not inspect_query("SELECT * WHERE { ?s ?p ?o }").has_dataset


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_query_is_malformed_not_an_update(text: str) -> None:
    with pytest.raises(MalformedQuery, match="empty"):
        inspect_query(text)


def test_an_undeclared_prefix_is_named():
    with pytest.raises(MalformedQuery, match=r"the prefix foo: is used but not declared"):
        inspect_query("PREFIX a: <http://x/> SELECT * WHERE { ?s a:b ?o ; foo:bar ?c }")
    assert inspect_query("PREFIX : <http://x/> SELECT * WHERE { ?s :x ?o }").form == "SELECT"
