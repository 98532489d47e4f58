"""No query text makes the server call a URL: the check reads what the engine runs, and the
workers have no network even when a check is fooled.

Each test counts the requests a loopback listener receives; every one must be zero.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from urllib.error import HTTPError

import pytest

from policy_kg.sparql.model import ForbiddenQuery, QueryRequest, SparqlSettings
from policy_kg.sparql.pool import QueryPool
from policy_kg.sparql.process import log_isolation, run_once

from .conftest import LiveEndpoint, LoopbackListener

# Texts that rdflib and Oxigraph once read differently. With a bare CR the check saw a
# comment where the engine saw SERVICE, and called the listener. With the escapes, SPARQL
# (which expands escapes first) reads a SERVICE; rdflib read a comment and Oxigraph 0.5,
# which does not expand them, a comment too: both ran the query, now both are refused.
HIDDEN_SERVICES: dict[str, Callable[[str], str]] = {
    "comment ended by a bare CR": lambda url: (
        f"SELECT * WHERE {{ #\r SERVICE <{url}> {{ ?s ?p ?o }} \n }}"
    ),
    "comment ended by an escaped CR": lambda url: (
        f"SELECT * WHERE {{ #\\u000D SERVICE <{url}> {{ ?s ?p ?o }} \n }}"
    ),
    "escape rdflib reads as eight digits": lambda url: (
        f"SELECT * WHERE {{ ?s ?p #\\u000D0041 . SERVICE <{url}> {{ ?s ?p ?o }} ?x ?y \n ?o }}"
    ),
}
HOSTILE = pytest.mark.parametrize("hidden", HIDDEN_SERVICES.values(), ids=HIDDEN_SERVICES.keys())


def send(endpoint: LiveEndpoint, method: str, query: str) -> tuple[int, str]:
    """(status, body) of `query` sent by GET, form POST or direct POST."""
    if method == "GET":
        request = urllib.request.Request(
            f"{endpoint.url}?{urllib.parse.urlencode({'query': query})}"
        )
    elif method == "form":
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(endpoint.url, data=data)
    else:
        headers = {"Content-Type": "application/sparql-query"}
        request = urllib.request.Request(endpoint.url, data=query.encode(), headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except HTTPError as error:
        return error.code, error.read().decode()


@HOSTILE
@pytest.mark.parametrize("method", ["GET", "form", "direct"])
def test_a_hidden_service_is_refused_over_http_with_no_request(
    endpoint: LiveEndpoint, listener: LoopbackListener, hidden: Callable[[str], str], method: str
) -> None:
    status, body = send(endpoint, method, hidden(listener.url))
    assert (status, listener.requests) == (403, []), body
    assert "SERVICE" in body


@HOSTILE
def test_a_hidden_service_is_refused_by_the_pool_the_ui_uses(
    store_dir: Path, listener: LoopbackListener, hidden: Callable[[str], str]
) -> None:
    async def run() -> None:
        pool = QueryPool(store_dir, SparqlSettings(workers=2, long_workers=1))
        async with pool.lifespan():
            await pool.run(QueryRequest(hidden(listener.url), format="json"))

    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        asyncio.run(run())
    assert listener.requests == []


@HOSTILE
def test_a_hidden_service_is_refused_on_the_command_line_path(
    store_dir: Path, listener: LoopbackListener, hidden: Callable[[str], str]
) -> None:
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        run_once(store_dir, QueryRequest(hidden(listener.url)))
    assert listener.requests == []


def test_every_worker_runs_in_a_network_namespace_of_its_own(endpoint: LiveEndpoint) -> None:
    own = os.readlink("/proc/self/ns/net")
    namespaces = [os.readlink(f"/proc/{pid}/ns/net") for pid in endpoint.pool.pids]
    assert namespaces and own not in namespaces


# The engine alone, past any check: a SERVICE to the listener, with or without isolation.
ENGINE_ALONE = """
import sys
from pyoxigraph import Store
from policy_kg.sparql.isolation import isolate_network
if sys.argv[2] == "isolated":
    assert isolate_network() is None, "could not isolate"
try:
    list(Store().query("SELECT * WHERE { SERVICE <%s> { ?s ?p ?o } }" % sys.argv[1]))
except Exception as error:  # the listener's body is no SPARQL result
    print(error)
"""


@pytest.mark.parametrize(("mode", "reached"), [("isolated", 0), ("control", 1)])
def test_an_isolated_worker_reaches_no_url_even_when_the_engine_runs_service(
    listener: LoopbackListener, mode: str, reached: int
) -> None:
    """The control run shows the listener does see an engine that is not isolated."""
    run = subprocess.run(
        [sys.executable, "-c", ENGINE_ALONE, listener.url, mode],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
        check=True,
    )
    assert len(listener.requests) == reached, run.stdout + run.stderr
    if mode == "isolated":
        assert "unreachable" in run.stdout


def test_workers_left_on_the_network_are_logged_once_clearly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Where unshare is refused (no root, no user namespaces) the server says so."""
    worker = SimpleNamespace(not_isolated="unshare(CLONE_NEWNET) failed (Operation not permitted)")
    log_isolation(worker)  # type: ignore[arg-type]
    [record] = caplog.records
    assert record.levelname == "WARNING"
    assert "not cut off the network (unshare(CLONE_NEWNET) failed" in record.getMessage()
    assert "the SERVICE check alone" in record.getMessage()
