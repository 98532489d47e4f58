import json

import pytest

from policy_kg.qa.router import graph_routes
from policy_kg.qa.routes.confidence import (
    RouteConfidenceError,
    RouteCounts,
    read_counts,
    route_confidences,
    write_counts,
)


def test_a_routes_confidence_is_its_share_of_right_answers_by_laplaces_rule():
    assert RouteCounts(answered=10, right=8).confidence == 9 / 12
    assert RouteCounts(answered=0, right=0).confidence == 0.5  # never measured: no opinion


def test_more_right_answers_than_answers_is_refused():
    with pytest.raises(ValueError, match="right 4 of answered 3"):
        RouteCounts(answered=3, right=4)


def test_every_graph_route_has_measured_counts(runtime):
    routes = graph_routes(runtime.graph_context, runtime.trace, lambda: runtime.target_answerer)
    counts = read_counts()
    assert {route.name for route in routes} == set(counts)
    assert all(c.answered > 0 for c in counts.values())


def test_counts_written_are_read_back_with_where_they_came_from(tmp_path):
    path = tmp_path / "counts.json"
    write_counts({"budget": RouteCounts(10, 8)}, ["dev_qa.jsonl"], path)
    assert route_confidences(path) == {"budget": 0.75}
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["files"] == ["dev_qa.jsonl"] and record["script"].startswith("bench/")


@pytest.mark.parametrize(
    "text", ["", "{}", '{"routes": {"budget": {"answered": 1}}}', '{"routes": [1]}']
)
def test_a_malformed_counts_file_is_an_error_naming_it(tmp_path, text):
    path = tmp_path / "counts.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RouteConfidenceError, match=r"counts\.json"):
        read_counts(path)
