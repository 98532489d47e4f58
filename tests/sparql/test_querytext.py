"""The canonical text: what both parsers read alike, and the limits named in its errors."""

from __future__ import annotations

import pytest

from policy_kg.sparql.model import ForbiddenQuery, MalformedQuery, QueryTooLarge
from policy_kg.sparql.querytext import MAX_NESTING, MAX_QUERY_BYTES, canonical_query
from policy_kg.sparql.safety import _ShapeCache, inspect_query

HIDDEN = "SELECT * WHERE { #\r SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } \n }"


def test_every_line_end_becomes_a_line_feed() -> None:
    assert canonical_query("ASK {\r\n}\r# c\r") == "ASK {\n}\n# c\n"


def test_a_service_after_a_bare_cr_is_seen_by_the_check() -> None:
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        inspect_query(HIDDEN)


def test_escapes_are_expanded_once_as_sparql_defines_them() -> None:
    assert canonical_query('ASK { ?s ?p "\\u00e9\\U0001F600" }') == 'ASK { ?s ?p "é😀" }'
    # rdflib would read eight digits after \u; SPARQL reads four.
    assert canonical_query("ASK { ?s ?p \\u00410042 }") == "ASK { ?s ?p A0042 }"


def test_an_escape_left_after_one_expansion_is_refused() -> None:
    with pytest.raises(MalformedQuery, match="left after expanding"):
        canonical_query("ASK { ?s ?p '\\u005Cu0041' }")


@pytest.mark.parametrize(
    "character", ["\x00", "\x0b", "\x0c", "\x1b", "\x85", "\u2028", "\u2029", "\ufeff"]
)
def test_characters_the_grammars_may_read_differently_are_refused(character: str) -> None:
    with pytest.raises(MalformedQuery, match=f"U\\+{ord(character):04X}"):
        canonical_query(f"ASK {{ ?s ?p ?o {character} }}")


def test_an_escaped_surrogate_is_refused() -> None:
    with pytest.raises(MalformedQuery, match="not a Unicode character"):
        canonical_query("ASK { ?s ?p '\\uD800' }")


def test_nesting_past_the_limit_names_the_limit() -> None:
    deep = "SELECT * WHERE " + "{ " * 50 + "?s ?p ?o " + "} " * 50
    with pytest.raises(MalformedQuery, match=f"more than {MAX_NESTING} deep"):
        inspect_query(deep)


def test_nesting_at_the_limit_parses() -> None:
    groups = "SELECT * WHERE " + "{ " * MAX_NESTING + "?s ?p ?o " + "} " * MAX_NESTING
    parens = "SELECT (" + "(" * (MAX_NESTING - 1) + "1" + ")" * (MAX_NESTING - 1) + " AS ?x) {}"
    assert inspect_query(groups).form == inspect_query(parens).form == "SELECT"


def test_brackets_in_strings_iris_and_comments_do_not_count() -> None:
    text = (
        'SELECT * WHERE { ?s <http://e/(((> "{{{{{{{{{{{{{{{{{{{{{{{{" # ((((((((((((((((((((((\n }'
    )
    assert canonical_query(text) == text


def test_a_text_over_the_size_limit_is_413() -> None:
    with pytest.raises(QueryTooLarge) as caught:
        canonical_query("ASK {}" + " " * MAX_QUERY_BYTES)
    assert caught.value.status == 413
    assert str(MAX_QUERY_BYTES) in caught.value.message


def test_the_shape_cache_is_bounded_by_the_size_of_its_texts() -> None:
    cache = _ShapeCache(max_chars=1000)
    for number in range(100):
        text = f"ASK {{}} # {number:0200d}"
        cache.put(text, inspect_query(text))
        assert cache.chars <= 1000
    assert cache.get("ASK {} # " + "0" * 198 + "99") is not None  # the newest stays
    assert cache.get("ASK {} # " + "0" * 200) is None  # the oldest went
