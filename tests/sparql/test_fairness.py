"""Expensive queries cannot starve cheap ones, waiting is bounded, and answers are bounded
in bytes, not only in rows.

Each test runs a pool of its own with a time limit far above what the test waits for, so
that its long queries are still running while it checks the cheap ones.
"""

from __future__ import annotations

import json
import os
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from policy_kg.sparql.app import create_app
from policy_kg.sparql.engine import Engine
from policy_kg.sparql.model import AnswerTooLarge, QueryRequest, SparqlSettings
from policy_kg.sparql.pool import QueryPool
from policy_kg.sparql.process import LONG_NICENESS

from .conftest import running_server
from .test_endpoint import EXPLOSIVE, LABEL_LOOKUP, wait_until
from .test_protocol import call

# Far above the seconds a test waits; close() stops what still runs.
ROOMY = 300.0
# The workers keep the default address-space cap (2048 MB): under a 1024 MB cap a loaded
# machine once saw a worker abort while starting a thread (EAGAIN), ending a long query early.


@contextmanager
def serving(store_dir: Path, settings: SparqlSettings) -> Iterator[tuple[str, QueryPool]]:
    app = create_app(store_dir, settings)
    with running_server(app) as base_url:
        yield f"{base_url}/sparql", app.state.sparql_pool


def get(url: str, query: str) -> tuple[int, dict[str, str], str]:
    return call(url, "GET", "?" + urllib.parse.urlencode({"query": query}))


def in_background(
    url: str, query: str, outcomes: list[tuple[int, dict[str, str], str]]
) -> threading.Thread:
    thread = threading.Thread(target=lambda: outcomes.append(get(url, query)), daemon=True)
    thread.start()
    return thread


def test_cheap_queries_are_answered_while_long_queries_fill_their_lanes(store_dir: Path) -> None:
    settings = SparqlSettings(time_limit=ROOMY, workers=3, long_workers=2)
    with serving(store_dir, settings) as (url, pool):
        long_outcomes: list[tuple[int, dict[str, str], str]] = []
        long_ones = [in_background(url, f"{EXPLOSIVE} # {n}", long_outcomes) for n in range(2)]
        wait_until(lambda: pool.long_lanes_free == 0, timeout=60.0)
        third: list[tuple[int, dict[str, str], str]] = []
        in_background(url, f"{EXPLOSIVE} # third", third).join(timeout=60.0)
        [(status, headers, body)] = third
        assert (status, "lanes for long queries" in body) == (503, True)
        assert int(headers["retry-after"]) >= 1
        answers = [get(url, LABEL_LOOKUP) for _ in range(10)]
        assert [answer[0] for answer in answers] == [200] * 10
        assert all(thread.is_alive() for thread in long_ones)  # still running all along
        assert long_outcomes == []
        niceness = [os.getpriority(os.PRIO_PROCESS, pid) for pid in pool.pids]
        assert niceness.count(LONG_NICENESS) == 2  # the long lanes yield the CPU


def test_waiting_is_bounded_and_answered_503_with_retry_after(store_dir: Path) -> None:
    """A text known to be long waits for a lane without holding a worker; past
    `max_waiting` waiting requests, the answer is 503 at once."""
    settings = SparqlSettings(time_limit=ROOMY, workers=2, long_workers=1, max_waiting=1)
    with serving(store_dir, settings) as (url, pool):
        outcomes: list[tuple[int, dict[str, str], str]] = []
        in_background(url, EXPLOSIVE, outcomes)
        wait_until(lambda: pool.long_lanes_free == 0, timeout=60.0)
        in_background(url, EXPLOSIVE, outcomes)  # the same text: known to be long
        wait_until(lambda: pool.waiting_count == 1, timeout=60.0)
        assert pool.idle_count == 1  # the waiting query holds no worker
        status, headers, body = get(url, LABEL_LOOKUP)
        assert (status, "already waiting" in body) == (503, True)
        assert int(headers["retry-after"]) >= 1
        assert outcomes == []


BIG_VALUES = (
    'SELECT ?x WHERE {{ VALUES ?n {{ 1 2 3 4 5 6 7 8 9 10 }} BIND(CONCAT(STR(?n), "{}") AS ?x) }}'
)


def test_answers_are_bounded_in_bytes(store_dir: Path) -> None:
    engine = Engine(store_dir, SparqlSettings(max_answer_bytes=2000))
    query = BIG_VALUES.format("a" * 300)  # ten rows of 301 characters: 3,010 at least
    with pytest.raises(AnswerTooLarge, match="larger than") as caught:
        engine.execute(QueryRequest(query, format="json"))
    assert caught.value.status == 413
    rows = json.loads(engine.execute(QueryRequest(query + " LIMIT 2")).body)
    assert len(rows["results"]["bindings"]) == 2


@pytest.mark.parametrize("fmt", ["xml", "csv"])
def test_the_bound_holds_for_every_result_format(store_dir: Path, fmt: str) -> None:
    """XML escapes `<` as `&lt;`: the body can outgrow the terms it holds."""
    engine = Engine(store_dir, SparqlSettings(max_answer_bytes=2000))
    query = BIG_VALUES.format("<" * 100)  # 1,010 characters of terms, over 4,000 in XML
    if fmt == "xml":
        with pytest.raises(AnswerTooLarge):
            engine.execute(QueryRequest(query, format=fmt))
    else:
        assert len(engine.execute(QueryRequest(query, format=fmt)).body) <= 2000
