"""`run_once`, what `policy-kg sparql` runs: one query in a guarded worker, not in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_kg.sparql.model import QueryRequest, QueryTimeout, SparqlSettings
from policy_kg.sparql.process import run_once

from .test_endpoint import EXPLOSIVE, LABEL_LOOKUP


def test_a_query_runs_in_a_worker_and_answers(store_dir: Path) -> None:
    result = run_once(store_dir, QueryRequest(LABEL_LOOKUP, format="json"))
    [binding] = json.loads(result.body)["results"]["bindings"]
    assert binding["label"]["value"] == "ネオジム"


def test_a_query_past_the_time_limit_is_stopped(store_dir: Path) -> None:
    settings = SparqlSettings(time_limit=1.0, fast_time_limit=1.0)
    with pytest.raises(QueryTimeout, match="time limit of 1 s") as caught:
        run_once(store_dir, QueryRequest(EXPLOSIVE), settings)
    assert caught.value.status == 503


def test_the_memory_cap_is_left_to_queries_not_to_thread_arenas(store_dir: Path) -> None:
    """glibc gives every thread of the worker (the engine starts three) its own malloc arena,
    reserving 64 MB or more of address space each: the worker reached 530 MB of it after one
    label lookup (peak 652 MB), and a thread the engine started under a cap of 1,024 MB
    failed to start and aborted its worker. With two arenas it holds 202 MB (peak 292 MB), so
    a cap well under the old figure still answers."""
    settings = SparqlSettings(memory_limit_mb=448)
    result = run_once(store_dir, QueryRequest(LABEL_LOOKUP, format="json"), settings)
    [binding] = json.loads(result.body)["results"]["bindings"]
    assert binding["label"]["value"] == "ネオジム"
