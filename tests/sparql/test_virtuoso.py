"""`policy-kg export --format nquads` loads unchanged into OpenLink Virtuoso (Debian's
virtuoso-opensource 7.2.5) and answers every example query of docs/sparql.md with the
built-in endpoint's rows, up to three named differences in how Virtuoso writes terms
(tests/sparql/virtuoso.py; docs/scale.md, "OpenLink Virtuoso").

Virtuoso's default graph is the union of all its graphs, as the built-in endpoint's is of the
dump's, but it also holds Virtuoso's own (virtrdf#, ldp#: 2,496 triples here). Nothing filters
them out: were one to reach a documented query's rows, the comparison would fail.

Virtuoso is no Python package: the test fails, never skips, when it is missing, saying how
to install it (scripts/test installs it through scripts/install-system-packages).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import pytest

from ..serving import free_port, serving
from .portability import (
    DOC_QUERIES,
    Answer,
    builtin_answer,
    export_nquads,
    query_id,
    served_answer,
)
from .virtuoso import (
    LOAD_SECONDS,
    SLACK,
    START_SECONDS,
    XSD_BOOLEAN,
    XSD_INTEGER,
    VirtuosoPorts,
    is_ready,
    listening_addresses,
    load_dump,
    load_factor,
    narrow_separators,
    read_booleans,
    require_virtuoso,
    untag_group_concats,
    write_ini,
)

LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1, as /proc says
QUADS = "SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "
QUADS += '"https://w3id.org/policy-kg/")) }'


@dataclass(frozen=True)
class VirtuosoServer:
    url: str  # .../sparql
    pid: int


@pytest.fixture(scope="module")
def virtuoso_server(runtime, tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    programs = require_virtuoso()
    folder = tmp_path_factory.mktemp("virtuoso")
    dump = folder / "data" / "graph.nq"
    dump.parent.mkdir()
    export_nquads(runtime, dump)
    ports = VirtuosoPorts(sql=free_port(), http=free_port())
    ini = write_ini(folder, dump.parent, ports)
    command = [programs["virtuoso-t"], "+foreground", "+configfile", str(ini)]
    started = time.monotonic()
    timeout = SLACK * START_SECONDS * load_factor()
    try:
        log, env = folder / "server.log", dict(os.environ)
        with serving(command, log, env, lambda: is_ready(ports), timeout) as server:
            start_seconds = time.monotonic() - started
            started = time.monotonic()
            load_dump(programs["isql-vt"], ports, dump, SLACK * LOAD_SECONDS * load_factor())
            print(
                f"virtuoso: ready {start_seconds:.2f} s after launch, "
                f"dump loaded in {time.monotonic() - started:.2f} s"
            )
            yield VirtuosoServer(ports.sparql_url, server.pid)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_virtuoso_listens_on_loopback_only(virtuoso_server):
    addresses = listening_addresses(virtuoso_server.pid)
    assert addresses, "the server's listeners are visible in /proc"
    assert addresses <= LOOPBACK


def test_virtuoso_holds_every_quad_of_the_dump(runtime, virtuoso_server):
    expected = builtin_answer(runtime, QUADS)
    assert served_answer(virtuoso_server.url, QUADS) == expected


@pytest.mark.parametrize("query", DOC_QUERIES, ids=[query_id(q) for q in DOC_QUERIES])
def test_virtuoso_answers_like_the_builtin_endpoint(runtime, virtuoso_server, query):
    expected = untag_group_concats(query, builtin_answer(runtime, narrow_separators(query)))
    assert expected.rows, "the built-in endpoint returns rows for every documented query"
    served = read_booleans(served_answer(virtuoso_server.url, query), expected)
    assert served == expected


# --- the three readings are limited to the terms they name --------------------------------

TRUE = ox.Literal("true", datatype=XSD_BOOLEAN)


def test_one_and_zero_are_read_as_booleans_only_where_the_reference_has_one():
    expected = Answer(("flag", "count"), frozenset({(TRUE, ox.Literal("1", datatype=XSD_INTEGER))}))
    one = ox.Literal("1", datatype=XSD_INTEGER)
    served = Answer(("flag", "count"), frozenset({(one, one)}))
    assert read_booleans(served, expected) == expected


def test_another_number_stays_a_number_in_a_boolean_column():
    expected = Answer(("flag",), frozenset({(TRUE,)}))
    two = ox.Literal("2", datatype=XSD_INTEGER)
    served = Answer(("flag",), frozenset({(two,)}))
    assert read_booleans(served, expected).rows == {(two,)}


def test_only_group_concat_columns_lose_their_language_tag():
    query = 'SELECT ?m (GROUP_CONCAT(?x; separator=" ") AS ?all) WHERE {} GROUP BY ?m'
    tagged = ox.Literal("ア イ", language="ja")
    expected = Answer(("m", "all"), frozenset({(tagged, tagged)}))
    assert untag_group_concats(query, expected).rows == {(tagged, ox.Literal("ア イ"))}


def test_only_separators_are_narrowed():
    query = 'SELECT (GROUP_CONCAT(?x; separator="、") AS ?a) (GROUP_CONCAT(?y; SEPARATOR=" | ") '
    query += 'AS ?b) WHERE { ?s ?p "、"@ja }'
    narrowed = 'SELECT (GROUP_CONCAT(?x; separator="?") AS ?a) (GROUP_CONCAT(?y; SEPARATOR=" | ") '
    narrowed += 'AS ?b) WHERE { ?s ?p "、"@ja }'
    assert narrow_separators(query) == narrowed


def test_a_missing_virtuoso_fails_with_how_to_install_it(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(AssertionError, match="apt-get install virtuoso-opensource"):
        require_virtuoso()
