"""`policy-kg export --format nquads` loads unchanged into the Oxigraph server and answers
every example query of docs/sparql.md with the built-in endpoint's rows.

A research group that already runs a SPARQL server must be able to load the dump and keep
using the documented queries (docs/scale.md). The server is the `oxigraph` CLI from PyPI,
started here on 127.0.0.1 with `--union-default-graph`, which is what the built-in
endpoint does for a query without FROM (SparqlSettings.union_default_graph).
tests/sparql/test_virtuoso.py does the same with OpenLink Virtuoso.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..serving import free_port
from .portability import (
    DOC_QUERIES,
    QUERY_TIMEOUT_SECONDS,
    SELECT_JSON,
    builtin_answer,
    export_nquads,
    post_query,
    query_id,
    served_answer,
)

OXIGRAPH = Path(sys.executable).with_name("oxigraph")

# The server opens the same store `oxigraph load` has just written, without loading
# anything: here it answered 33 ms after launch while `load` of the corpus dump took about
# 1 s, on a machine with a load average of 8. Twenty times the measured load is ample, and
# grows with the machine's load.
START_SLACK = 20.0
POLL_SECONDS = 0.02  # between two readiness probes; a probe is one loopback request


@dataclass(frozen=True)
class OxigraphServer:
    url: str  # .../query


def wait_until_ready(server: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        assert server.poll() is None, f"oxigraph serve exited with {server.returncode}"
        try:
            post_query(url, "ASK {}", SELECT_JSON)
            return
        except (urllib.error.URLError, ConnectionError):
            assert time.monotonic() < deadline, f"oxigraph serve not ready after {timeout:.1f} s"
            time.sleep(POLL_SECONDS)


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


def test_the_docs_have_queries_to_compare():
    assert len(DOC_QUERIES) >= 8


@pytest.mark.parametrize("query", DOC_QUERIES, ids=[query_id(q) for q in DOC_QUERIES])
def test_oxigraph_server_answers_like_the_builtin_endpoint(runtime, oxigraph_server, query):
    expected = builtin_answer(runtime, query)
    assert expected.rows, "the built-in endpoint returns rows for every documented query"
    assert served_answer(oxigraph_server.url, query) == expected
