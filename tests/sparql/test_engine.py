"""The in-process query path (what the CLI calls): formats, dataset, limits, store changes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

from policy_kg.sparql.engine import Engine, run_query
from policy_kg.sparql.model import (
    MalformedQuery,
    QueryRequest,
    ResultTooLarge,
    SparqlSettings,
    StoreUnavailable,
)

from .conftest import PASSAGES_GRAPH, build_store

SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
LABELS = SKOS + 'SELECT ?m ?label WHERE { ?m skos:prefLabel ?label FILTER(lang(?label) = "ja") }'
NEODYMIUM = "https://example.org/policy-kg/id/neodymium"
MEASURE_GRAPH = (
    SKOS + "CONSTRUCT { ?m skos:prefLabel ?l } WHERE { ?m a ?type ; skos:prefLabel ?l } "
)


def test_select_as_json_has_every_binding_with_its_language(store_dir: Path) -> None:
    result = run_query(store_dir, LABELS, "json")
    assert result.media_type == "application/sparql-results+json"
    bindings = json.loads(result.body)["results"]["bindings"]
    labels = {b["m"]["value"]: b["label"] for b in bindings}
    assert labels[NEODYMIUM] == {"type": "literal", "value": "ネオジム", "xml:lang": "ja"}
    assert len(labels) == 6  # five minerals and a measure


def test_select_as_xml_csv_and_tsv(store_dir: Path) -> None:
    xml = run_query(store_dir, LABELS, "xml")
    assert xml.media_type == "application/sparql-results+xml"
    assert '<literal xml:lang="ja">ネオジム</literal>' in xml.body.decode()
    rows = list(csv.DictReader(io.StringIO(run_query(store_dir, LABELS, "csv").body.decode())))
    assert {"m": NEODYMIUM, "label": "ネオジム"} in rows
    tsv = run_query(store_dir, LABELS, "tsv").body.decode().splitlines()
    assert tsv[0] == "?m\t?label"
    assert f'<{NEODYMIUM}>\t"ネオジム"@ja' in tsv


def test_ask_answers_a_boolean(store_dir: Path) -> None:
    body = run_query(store_dir, SKOS + 'ASK { ?m skos:altLabel "ネオジウム"@ja }').body
    assert json.loads(body)["boolean"] is True


def test_construct_as_turtle_uses_the_query_prefixes(store_dir: Path) -> None:
    result = run_query(store_dir, MEASURE_GRAPH)
    assert result.media_type == "text/turtle"
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in result.body.decode()
    triples = list(parse(result.body, format=RdfFormat.TURTLE))
    assert len(triples) == 11


@pytest.mark.parametrize(
    ("name", "rdf_format"),
    [
        ("ntriples", RdfFormat.N_TRIPLES),
        ("jsonld", RdfFormat.JSON_LD),
        ("rdfxml", RdfFormat.RDF_XML),
    ],
)
def test_construct_in_other_rdf_formats_parses_back(
    store_dir: Path, name: str, rdf_format: RdfFormat
) -> None:
    result = run_query(store_dir, MEASURE_GRAPH, name)
    assert result.media_type == rdf_format.media_type
    assert len(list(parse(result.body, format=rdf_format))) == 11


def test_describe_gives_the_resources_triples(store_dir: Path) -> None:
    body = run_query(store_dir, f"DESCRIBE <{NEODYMIUM}>", "ntriples").body.decode()
    assert '"ネオジウム"@ja' in body


def test_named_graphs_are_in_the_default_graph_unless_disabled(store_dir: Path) -> None:
    query = "SELECT ?text WHERE { ?p <https://example.org/policy-kg/ontology#text> ?text }"
    assert len(_bindings(run_query(store_dir, query))) == 2
    alone = SparqlSettings(union_default_graph=False)
    assert _bindings(run_query(store_dir, query, settings=alone)) == []


def test_from_clause_chooses_the_graph(store_dir: Path) -> None:
    query = "SELECT ?s WHERE { ?s a ?type }"
    everything = len(_bindings(run_query(store_dir, query)))
    only_passages = _bindings(
        run_query(store_dir, query.replace("WHERE", f"FROM <{PASSAGES_GRAPH}> WHERE"))
    )
    assert len(only_passages) == 2 < everything


def test_protocol_dataset_overrides_the_query(store_dir: Path) -> None:
    engine = Engine(store_dir, SparqlSettings())
    query = "SELECT ?g ?s WHERE { GRAPH ?g { ?s a ?type } }"
    named = engine.execute(QueryRequest(query=query, named_graphs=(PASSAGES_GRAPH,)))
    assert len(_bindings(named)) == 2
    default = engine.execute(
        QueryRequest(query="SELECT ?s WHERE { ?s a ?t }", default_graphs=(PASSAGES_GRAPH,))
    )
    assert len(_bindings(default)) == 2
    with pytest.raises(MalformedQuery, match="graph IRI"):
        engine.execute(QueryRequest(query=query, default_graphs=("not an iri",)))


def test_more_rows_than_the_limit_is_a_clear_error(store_dir: Path) -> None:
    settings = SparqlSettings(max_rows=3)
    with pytest.raises(ResultTooLarge, match="more than 3 rows"):
        run_query(store_dir, "SELECT * WHERE { ?s ?p ?o }", settings=settings)
    with pytest.raises(ResultTooLarge, match="more than 3 triples"):
        run_query(store_dir, "CONSTRUCT WHERE { ?s ?p ?o }", settings=settings)
    assert (
        len(
            _bindings(
                run_query(store_dir, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", settings=settings)
            )
        )
        == 3
    )


def test_engine_parser_errors_are_malformed_queries(store_dir: Path) -> None:
    with pytest.raises(MalformedQuery, match="malformed query"):
        run_query(store_dir, "SELECT * WHERE { ?s ?p }")
    with pytest.raises(MalformedQuery, match="the prefix undeclared: is used but not declared"):
        run_query(store_dir, "SELECT * WHERE { ?s undeclared:p ?o }")


def test_missing_store_says_to_build_first(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="policy-kg build"):
        run_query(tmp_path / "nothing", "ASK {}")


def test_a_rebuilt_store_behind_a_symlink_is_picked_up(tmp_path: Path) -> None:
    first = build_store(tmp_path / "first")
    second = tmp_path / "second"
    store = Store(str(second))
    store.add(Quad(NamedNode("http://e/new"), NamedNode("http://e/p"), NamedNode("http://e/o")))
    store.flush()
    del store
    link = tmp_path / "current"
    link.symlink_to(first)
    engine = Engine(link, SparqlSettings())
    ask = QueryRequest(query="ASK { <http://e/new> ?p ?o }")
    assert json.loads(engine.execute(ask).body)["boolean"] is False
    link.unlink()
    link.symlink_to(second)
    assert json.loads(engine.execute(ask).body)["boolean"] is True


def _bindings(result: object) -> list[dict[str, object]]:
    return json.loads(result.body)["results"]["bindings"]  # type: ignore[attr-defined]
