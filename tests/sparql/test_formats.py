"""Content negotiation: q-values, wildcards, aliases, defaults and 406."""

from __future__ import annotations

import pytest

from policy_kg.sparql.formats import format_named, negotiate
from policy_kg.sparql.model import NotAcceptable


@pytest.mark.parametrize("accept", ["", "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_default_is_json_for_results_and_turtle_for_graphs(accept: str) -> None:
    assert negotiate(accept, returns_graph=False).name == "json"
    assert negotiate(accept, returns_graph=True).name == "turtle"


def test_highest_q_wins_over_order() -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    assert negotiate(accept, returns_graph=False).name == "csv"


def test_q_zero_excludes_a_type_that_a_wildcard_would_allow() -> None:
    accept = "application/sparql-results+json;q=0, */*"
    assert negotiate(accept, returns_graph=False).name == "xml"


def test_type_wildcard_matches_within_its_type() -> None:
    assert negotiate("text/*", returns_graph=False).name == "csv"
    assert negotiate("text/*", returns_graph=True).name == "turtle"


@pytest.mark.parametrize(
    ("accept", "returns_graph", "media_type"),
    [
        ("application/json", False, "application/sparql-results+json"),
        ("application/xml", False, "application/sparql-results+xml"),
        ("application/turtle", True, "text/turtle"),
        ("application/json", True, "application/ld+json"),
        ("application/n-triples", True, "application/n-triples"),
        ("application/rdf+xml", True, "application/rdf+xml"),
    ],
)
def test_aliases_answer_with_the_registered_media_type(
    accept: str, returns_graph: bool, media_type: str
) -> None:
    assert negotiate(accept, returns_graph).media_type == media_type


@pytest.mark.parametrize(
    ("accept", "returns_graph"),
    [("image/png", False), ("text/turtle", False), ("text/csv", True), ("*/*;q=0", False)],
)
def test_nothing_acceptable_is_406(accept: str, returns_graph: bool) -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate(accept, returns_graph)
    assert caught.value.status == 406
    assert "available" in caught.value.message


def test_named_format_must_fit_the_query_form() -> None:
    assert format_named("tsv", returns_graph=False).media_type == "text/tab-separated-values"
    with pytest.raises(NotAcceptable, match="turtle"):
        format_named("turtle", returns_graph=False)
