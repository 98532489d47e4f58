"""The protocol read strictly: one reading of each request, and errors that name the limit.

Each case was answered otherwise before: 404 for other methods, 200 with `update` or a URL
`query` ignored, U+FFFD for bad escapes, a depth limit reported as a malformed query, and
any crash of a worker reported as "needed more than 2048 MB".
"""

from __future__ import annotations

import http.client
import os
import signal
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

from policy_kg.sparql.app import create_app
from policy_kg.sparql.endpoint import MAX_BODY_BYTES, create_sparql_router
from policy_kg.sparql.model import SparqlSettings
from policy_kg.sparql.pool import QueryPool
from policy_kg.sparql.querytext import MAX_NESTING, MAX_QUERY_BYTES

from .conftest import TEST_SETTINGS, LiveEndpoint, running_server
from .test_endpoint import EXPLOSIVE, wait_until

ASK = "ASK { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"


def call(
    url: str, method: str, target: str = "", body: bytes | None = None, content_type: str = ""
) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of one request to `url` + `target` (a query string)."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        connection.request(method, parsed.path + target, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def beside_a_catch_all(store_dir: Path) -> Iterator[str]:
    """/sparql mounted as the real server mounts it: next to an app at `/` (the UI) that
    answers every other path, and would answer 404 to a method /sparql lacks."""
    app = FastAPI()
    app.include_router(create_sparql_router(QueryPool(store_dir, TEST_SETTINGS)))
    app.mount("/", PlainTextResponse("the UI", status_code=404))
    with running_server(app) as base_url:
        yield f"{base_url}/sparql"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD"])
def test_other_methods_are_405_with_allow(beside_a_catch_all: str, method: str) -> None:
    body = b"" if method != "HEAD" else None
    status, headers, _ = call(beside_a_catch_all, method, body=body)
    assert (status, headers.get("allow")) == (405, "GET, POST")


def test_query_with_update_is_400(endpoint: LiveEndpoint) -> None:
    both = "?" + urllib.parse.urlencode({"query": ASK, "update": "DROP ALL"})
    status, _, body = call(endpoint.url, "GET", both)
    assert (status, body) == (400, "give either `query` or `update`, not both\n")
    form = urllib.parse.urlencode({"query": ASK, "update": "DROP ALL"}).encode()
    assert call(endpoint.url, "POST", body=form, content_type=FORM)[0] == 400


@pytest.mark.parametrize("content_type", ["application/sparql-query", FORM])
def test_a_query_in_the_url_of_a_post_is_400(endpoint: LiveEndpoint, content_type: str) -> None:
    target = "?" + urllib.parse.urlencode({"query": "ASK { FILTER(false) }"})
    body = ASK.encode() if content_type != FORM else urllib.parse.urlencode({"query": ASK}).encode()
    status, _, text = call(endpoint.url, "POST", target, body, content_type)
    assert status == 400
    assert "in the body" in text


def test_percent_escapes_that_are_not_utf8_are_400(endpoint: LiveEndpoint) -> None:
    # ASK { FILTER("<byte FF>") }: it ran, with U+FFFD in place of the byte
    status, _, body = call(endpoint.url, "GET", "?query=ASK%7BFILTER(%22%FF%22)%7D")
    assert status == 400
    assert "not UTF-8" in body
    form = b"query=ASK%7BFILTER(%22%C3%22)%7D"
    status, _, body = call(endpoint.url, "POST", body=form, content_type=FORM)
    assert (status, "not UTF-8" in body) == (400, True)


def test_deep_nesting_names_the_limit(endpoint: LiveEndpoint) -> None:
    deep = "SELECT * WHERE " + "{ " * 50 + "?s ?p ?o " + "} " * 50
    status, _, body = call(
        endpoint.url, "POST", body=deep.encode(), content_type="application/sparql-query"
    )
    assert status == 400
    assert f"more than {MAX_NESTING} deep" in body


def test_a_query_text_over_the_limit_is_413(endpoint: LiveEndpoint) -> None:
    text = ASK + " " * MAX_QUERY_BYTES
    status, _, body = call(
        endpoint.url, "POST", body=text.encode(), content_type="application/sparql-query"
    )
    assert (status, str(MAX_QUERY_BYTES) in body) == (413, True)


def test_a_body_over_the_limit_is_refused_before_it_is_read(endpoint: LiveEndpoint) -> None:
    form = b"query=" + b"%20" * MAX_BODY_BYTES
    status, _, body = call(endpoint.url, "POST", body=form, content_type=FORM)
    assert (status, str(MAX_BODY_BYTES) in body) == (413, True)


def test_a_crashed_worker_is_reported_as_a_crash_not_as_memory(store_dir: Path) -> None:
    """A pool of its own: every worker is killed with SIGSEGV while one runs a query."""
    settings = SparqlSettings(time_limit=120.0, workers=2, long_workers=1, memory_limit_mb=1024)
    app = create_app(store_dir, settings)
    with running_server(app) as base_url:
        pool = app.state.sparql_pool
        url = f"{base_url}/sparql"
        outcome: list[tuple[int, str]] = []
        query = "?" + urllib.parse.urlencode({"query": EXPLOSIVE})
        asker = threading.Thread(target=lambda: outcome.append(call(url, "GET", query)[::2]))
        asker.start()
        wait_until(lambda: pool.long_lanes_free == 0, timeout=60.0)  # past the short budget
        for pid in pool.pids:
            os.kill(pid, signal.SIGSEGV)
        asker.join(timeout=60.0)
    [(status, body)] = outcome
    assert status == 500
    assert "signal SIGSEGV" in body
    assert "memory" not in body
