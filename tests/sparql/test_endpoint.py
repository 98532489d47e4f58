"""The SPARQL 1.1 Protocol over a live server, through the real client SPARQLWrapper."""

from __future__ import annotations

import os
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from urllib.error import HTTPError

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse
from rdflib import Graph
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from policy_kg.sparql.app import create_app

from .conftest import PASSAGES_GRAPH, TEST_SETTINGS, LiveEndpoint, running_server

SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
LABEL_LOOKUP = (
    SKOS + 'SELECT ?mineral ?label WHERE { ?mineral skos:altLabel "ネオジウム"@ja ; '
    'skos:prefLabel ?label FILTER(lang(?label) = "ja") }'
)
NEODYMIUM = "https://example.org/policy-kg/id/neodymium"
MINERALS_GRAPH = SKOS + (
    "CONSTRUCT { ?m skos:prefLabel ?l } WHERE { "
    "?m a <https://example.org/policy-kg/ontology#Mineral> ; skos:prefLabel ?l }"
)
# Six patterns over ~45 triples: 45^6 rows to count, hours of work.
EXPLOSIVE = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
    "?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
)
# Sorting a four-way cross join: millions of rows held in memory at once.
MEMORY_HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a"


def client(endpoint: LiveEndpoint, query: str, fmt: str = JSON, method: str = GET) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint.url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setOnlyConneg(True)
    if method == POSTDIRECTLY:
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    else:
        sparql.setMethod(method)
    return sparql


def lookup_label(endpoint: LiveEndpoint, method: str = GET) -> str:
    result = client(endpoint, LABEL_LOOKUP, JSON, method).queryAndConvert()
    [binding] = result["results"]["bindings"]  # type: ignore[index]
    assert binding["mineral"]["value"] == NEODYMIUM
    return binding["label"]["value"]


@pytest.mark.parametrize("method", [GET, POST, POSTDIRECTLY])
def test_label_lookup_by_every_protocol_method(endpoint: LiveEndpoint, method: str) -> None:
    assert lookup_label(endpoint, method) == "ネオジム"


def test_select_as_xml(endpoint: LiveEndpoint) -> None:
    document = client(endpoint, LABEL_LOOKUP, XML).queryAndConvert()
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert literals == ["ネオジム"]


@pytest.mark.parametrize(("fmt", "row"), [(CSV, f"{NEODYMIUM},ネオジム"), (TSV, None)])
def test_select_as_csv_and_tsv(endpoint: LiveEndpoint, fmt: str, row: str | None) -> None:
    sparql = client(endpoint, LABEL_LOOKUP, fmt)
    response = sparql.query()
    lines = response.convert().decode().splitlines()
    if fmt == CSV:
        assert response.info()["content-type"].startswith("text/csv")
        assert lines == ["mineral,label", row]
    else:
        assert response.info()["content-type"].startswith("text/tab-separated-values")
        assert lines == ["?mineral\t?label", f'<{NEODYMIUM}>\t"ネオジム"@ja']


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(endpoint: LiveEndpoint, fmt: str) -> None:
    result = client(endpoint, SKOS + 'ASK { ?m skos:prefLabel "黒鉛"@ja }', fmt).queryAndConvert()
    if fmt == JSON:
        assert result["boolean"] is True  # type: ignore[index]
    else:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"


def test_construct_as_turtle_and_json_ld(endpoint: LiveEndpoint) -> None:
    turtle = client(endpoint, MINERALS_GRAPH, TURTLE).queryAndConvert()
    assert len(list(parse(turtle, format=RdfFormat.TURTLE))) == 10  # type: ignore[arg-type]
    graph = client(endpoint, MINERALS_GRAPH, JSONLD).queryAndConvert()
    assert isinstance(graph, Graph)
    assert len(graph) == 10


def test_construct_as_rdf_xml(endpoint: LiveEndpoint) -> None:
    graph = client(endpoint, MINERALS_GRAPH, RDFXML).queryAndConvert()
    assert isinstance(graph, Graph)
    assert len(graph) == 10


def test_describe_as_n_triples(endpoint: LiveEndpoint) -> None:
    sparql = client(endpoint, f"DESCRIBE <{NEODYMIUM}>", N3)
    sparql.addCustomHttpHeader("Accept", "application/n-triples")
    response = sparql.query()
    assert response.info()["content-type"] == "application/n-triples"
    triples = list(parse(response.convert(), format=RdfFormat.N_TRIPLES))
    assert {t.subject for t in triples} == {NamedNode(NEODYMIUM)}


def test_default_and_named_graph_parameters(endpoint: LiveEndpoint) -> None:
    sparql = client(endpoint, "SELECT ?s WHERE { ?s a ?type }")
    sparql.addDefaultGraph(PASSAGES_GRAPH)
    assert len(sparql.queryAndConvert()["results"]["bindings"]) == 2  # type: ignore[index]
    sparql = client(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    sparql.addNamedGraph(PASSAGES_GRAPH)
    [binding] = sparql.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert binding["g"]["value"] == PASSAGES_GRAPH


def test_update_is_refused_with_403(endpoint: LiveEndpoint) -> None:
    sparql = client(endpoint, "INSERT DATA { <http://e/a> <http://e/p> <http://e/b> }")
    sparql.setMethod(POST)
    with pytest.raises(HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403
    status, body = raw_get(endpoint, {"query": "DELETE WHERE { ?s ?p ?o }"})
    assert (status, body) == (403, "SPARQL Update is not allowed: this endpoint is read-only\n")


def test_service_nested_in_optional_is_refused_with_403(endpoint: LiveEndpoint) -> None:
    query = (
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { { SERVICE <http://127.0.0.1:9/sparql> "
        "{ ?s ?q ?z } } } }"
    )
    with pytest.raises(HTTPError) as caught:
        client(endpoint, query).query()
    assert caught.value.code == 403
    assert "SERVICE" in caught.value.read().decode()


def test_malformed_query_is_400_with_the_parsers_message(endpoint: LiveEndpoint) -> None:
    with pytest.raises(QueryBadFormed, match=r"malformed query: .*line:1, col:18"):
        client(endpoint, "SELECT * WHERE { ?s ?p }").query()


def test_too_many_rows_is_a_clear_400(endpoint: LiveEndpoint) -> None:
    with pytest.raises(QueryBadFormed, match=f"more than {TEST_SETTINGS.max_rows} rows"):
        client(endpoint, "SELECT * WHERE { ?s ?p ?o }").query()


def test_unsupported_accept_is_406(endpoint: LiveEndpoint) -> None:
    sparql = client(endpoint, LABEL_LOOKUP)
    sparql.addCustomHttpHeader("Accept", "image/png")
    with pytest.raises(HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 406


def test_post_of_another_content_type_is_415(endpoint: LiveEndpoint) -> None:
    request = urllib.request.Request(
        endpoint.url, data=b"ASK {}", headers={"Content-Type": "text/plain"}
    )
    with pytest.raises(HTTPError) as caught:
        urllib.request.urlopen(request)
    assert caught.value.code == 415


def test_get_without_query_is_the_service_description(endpoint: LiveEndpoint) -> None:
    with urllib.request.urlopen(endpoint.url) as response:
        assert response.headers["content-type"].startswith("text/turtle")
        triples = list(parse(response.read(), format=RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = [t.object for t in triples if t.predicate == NamedNode(sd + "endpoint")]
    assert endpoints == [NamedNode(endpoint.url)]


def test_explosive_query_is_stopped_and_the_server_stays_healthy(
    endpoint: LiveEndpoint,
) -> None:
    before = set(endpoint.pool.pids)
    started = time.monotonic()
    with pytest.raises(HTTPError) as caught:
        client(endpoint, EXPLOSIVE).query()
    elapsed = time.monotonic() - started
    assert caught.value.code == 503
    assert "time limit" in caught.value.read().decode()
    assert elapsed < TEST_SETTINGS.time_limit + 1.5
    assert lookup_label(endpoint) == "ネオジム"
    wait_until(lambda: len(endpoint.pool.pids) == len(before) and set(endpoint.pool.pids) != before)
    [killed] = before - set(endpoint.pool.pids)
    with pytest.raises(ProcessLookupError):
        os.kill(killed, 0)  # the worker is gone, not left computing


def test_a_query_exhausting_memory_kills_only_its_worker(store_dir: Path) -> None:
    """A time limit this query cannot reach first: it fills 1 GB in about 6 s on a loaded
    machine, so the memory cap, not the clock, must stop it."""
    settings = replace(TEST_SETTINGS, time_limit=120.0)
    app = create_app(store_dir, settings)
    with running_server(app) as base_url:
        roomy = LiveEndpoint(url=f"{base_url}/sparql", pool=app.state.sparql_pool)
        before = set(roomy.pool.pids)
        with pytest.raises(HTTPError) as caught:
            client(roomy, MEMORY_HUNGRY).query()
        assert caught.value.code == 503
        assert caught.value.headers["Retry-After"]
        assert "more than the 1024 MB of memory" in caught.value.read().decode()
        assert lookup_label(roomy) == "ネオジム"
        wait_until(lambda: len(roomy.pool.pids) == len(before) and set(roomy.pool.pids) != before)


def test_a_long_query_does_not_block_a_short_one(endpoint: LiveEndpoint) -> None:
    wait_until(lambda: endpoint.pool.idle_count == TEST_SETTINGS.workers)
    outcome: list[int] = []

    def explode() -> None:
        try:
            client(endpoint, EXPLOSIVE).query()
        except HTTPError as error:
            outcome.append(error.code)

    long_query = threading.Thread(target=explode)
    long_query.start()
    wait_until(lambda: endpoint.pool.idle_count == TEST_SETTINGS.workers - 1)
    assert lookup_label(endpoint) == "ネオジム"
    assert long_query.is_alive()  # answered while the explosive query still ran
    long_query.join()
    assert outcome == [503]


def test_twenty_concurrent_clients_all_succeed(endpoint: LiveEndpoint) -> None:
    wait_until(lambda: endpoint.pool.idle_count == TEST_SETTINGS.workers)
    with ThreadPoolExecutor(max_workers=20) as clients:
        labels = list(clients.map(lambda _: lookup_label(endpoint), range(100)))
    assert labels == ["ネオジム"] * 100


def raw_get(endpoint: LiveEndpoint, params: dict[str, str]) -> tuple[int, str]:
    url = f"{endpoint.url}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode()
    except HTTPError as error:
        return error.code, error.read().decode()


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Poll `condition`, at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)
