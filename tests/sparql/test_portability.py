"""`policy-kg export --format nquads` loads unchanged into the Oxigraph server and answers
every example query of docs/sparql.md with the built-in endpoint's rows.

A research group that already runs a SPARQL server must be able to load the dump and keep
using the documented queries (docs/scale.md). The server is the `oxigraph` CLI from PyPI,
started here on 127.0.0.1 with `--union-default-graph`, which is what the built-in
endpoint does for a query without FROM (SparqlSettings.union_default_graph).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from policy_kg.sparql.safety import inspect_query

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "sparql.md"
_BLOCK = re.compile(r"```sparql\n(.*?)```", re.DOTALL)
_NAME = re.compile(r"^# query: (.+)$", re.MULTILINE)
DOC_QUERIES = _BLOCK.findall(DOCS.read_text(encoding="utf-8"))
OXIGRAPH = Path(sys.executable).with_name("oxigraph")

# The server opens the same store `oxigraph load` has just written, without loading
# anything: here it answered 33 ms after launch while `load` of the corpus dump took about
# 1 s, on a machine with a load average of 8. Twenty times the measured load is ample, and
# grows with the machine's load.
START_SLACK = 20.0
POLL_SECONDS = 0.02  # between two readiness probes; a probe is one loopback request
QUERY_TIMEOUT_SECONDS = 60.0  # per HTTP query: six times the built-in endpoint's own limit

Row = tuple[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, ...]


def query_id(query: str) -> str:
    named = _NAME.search(query)
    return named.group(1).strip() if named else query.strip().splitlines()[0]


@dataclass(frozen=True)
class OxigraphServer:
    url: str  # .../query


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post_query(url: str, query: str, accept: str) -> bytes:
    body = urllib.parse.urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=QUERY_TIMEOUT_SECONDS) as response:
        return response.read()


def wait_until_ready(server: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert server.poll() is None, f"oxigraph serve exited with {server.returncode}"
        try:
            post_query(url, "ASK {}", "application/sparql-results+json")
            return
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, f"oxigraph serve not ready after {timeout:.1f} s"
            time.sleep(POLL_SECONDS)


def export_nquads(runtime, out: Path) -> None:
    """The dump as a user makes it: the CLI over the build the session fixture made."""
    env = {**os.environ, "POLICY_KG_CACHE": str(runtime.paths.shared_cache)}
    command = [sys.executable, "-m", "policy_kg", "--corpus", str(runtime.paths.corpus)]
    command += ["--indexes", str(runtime.paths.indexes), "export", "--format", "nquads"]
    subprocess.run([*command, str(out)], check=True, env=env, capture_output=True)


@pytest.fixture(scope="module")
def oxigraph_server(runtime, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    assert OXIGRAPH.exists(), f"{OXIGRAPH} missing: pip install the test dependencies"
    work = tmp_path_factory.mktemp("oxigraph")
    dump = work / "graph.nq"
    export_nquads(runtime, dump)
    store = work / "store"
    started = time.monotonic()
    load = [str(OXIGRAPH), "load", "--location", str(store), "--file", str(dump)]
    subprocess.run(load, check=True, capture_output=True)
    load_seconds = time.monotonic() - started
    port = free_port()
    serve = [str(OXIGRAPH), "serve-read-only", "--location", str(store)]
    serve += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    server = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_ready(server, url, START_SLACK * load_seconds)
        yield OxigraphServer(url)
    finally:
        server.terminate()
        server.wait(timeout=QUERY_TIMEOUT_SECONDS)
        shutil.rmtree(store, ignore_errors=True)


def solution_rows(body: bytes) -> set[Row]:
    results = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    if isinstance(results, ox.QueryBoolean):
        return {(ox.Literal(str(bool(results)).lower()),)}
    variables = results.variables
    return {tuple(solution[v] for v in variables) for solution in results}


def graph_rows(body: bytes) -> set[Row]:
    return {tuple(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}


def test_the_docs_have_queries_to_compare():
    assert len(DOC_QUERIES) >= 8


@pytest.mark.parametrize("query", DOC_QUERIES, ids=[query_id(q) for q in DOC_QUERIES])
def test_oxigraph_server_answers_like_the_builtin_endpoint(runtime, oxigraph_server, query):
    if inspect_query(query).returns_graph:
        expected = graph_rows(runtime.sparql(query, "ntriples").body)
        served = graph_rows(post_query(oxigraph_server.url, query, "application/n-triples"))
    else:
        expected = solution_rows(runtime.sparql(query, "json").body)
        accept = "application/sparql-results+json"
        served = solution_rows(post_query(oxigraph_server.url, query, accept))
    assert expected, "the built-in endpoint returns rows for every documented query"
    assert served == expected
