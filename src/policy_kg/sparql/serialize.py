"""Serialise query results with a bound on their size.

The engine's serialisers write a whole iterator, so SELECT rows are first taken up to
the limit and written as SPARQL JSON here; the other result formats are produced by the
engine from that JSON, which keeps their escaping exactly the engine's.

Rows alone do not bound an answer's size (one 10,000-row answer measured 268 MB), so the
characters of the terms taken are counted as they are taken, and the answer stops at
`Bounds.answer_bytes`; the finished body is checked against it too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    Triple,
    parse_query_results,
    serialize,
)

from policy_kg.sparql.formats import Format
from policy_kg.sparql.model import AnswerTooLarge, ResultTooLarge

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

T = TypeVar("T")
Term = NamedNode | BlankNode | Literal | Triple


@dataclass(frozen=True)
class Bounds:
    rows: int  # rows of a SELECT, triples of a CONSTRUCT/DESCRIBE
    answer_bytes: int


def serialize_result(
    result: QuerySolutions | QueryBoolean | QueryTriples,
    fmt: Format,
    bounds: Bounds,
    prefixes: dict[str, str],
) -> bytes:
    if isinstance(result, QueryBoolean):
        return result.serialize(format=fmt.engine_format)
    if isinstance(result, QueryTriples):
        triples = _bounded(result, bounds, "triples", _triple_size)
        body = serialize(triples, format=fmt.engine_format, prefixes=prefixes or None)
        return _checked(body, bounds)
    document = solutions_json(result, bounds)
    if fmt.engine_format == QueryResultsFormat.JSON:
        return document
    return _checked(
        parse_query_results(document, QueryResultsFormat.JSON).serialize(format=fmt.engine_format),
        bounds,
    )


def solutions_json(solutions: QuerySolutions, bounds: Bounds) -> bytes:
    """SPARQL 1.1 Query Results JSON of at most `bounds.rows` solutions."""
    names = [variable.value for variable in solutions.variables]
    bindings = [
        {name: _term_json(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in _bounded(solutions, bounds, "rows", _row_size)
    ]
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return _checked(body, bounds)


def _bounded(items: Iterable[T], bounds: Bounds, unit: str, size: Callable[[T], int]) -> list[T]:
    taken: list[T] = []
    total = 0
    for item in _counted(items, bounds.rows, unit):
        total += size(item)
        if total > bounds.answer_bytes:
            raise _too_large(bounds)
        taken.append(item)
    return taken


def _counted(items: Iterable[T], limit: int, unit: str) -> Iterator[T]:
    for number, item in enumerate(items, start=1):
        if number > limit:
            raise ResultTooLarge(
                f"the result has more than {limit} {unit}, the limit of this endpoint; "
                "narrow the query or page through it with LIMIT and OFFSET"
            )
        yield item


def _checked(body: bytes, bounds: Bounds) -> bytes:
    if len(body) > bounds.answer_bytes:
        raise _too_large(bounds)
    return body


def _too_large(bounds: Bounds) -> AnswerTooLarge:
    return AnswerTooLarge(
        f"the answer is larger than {bounds.answer_bytes // 2**20} MB, the limit of this "
        "endpoint; select fewer or shorter values, or page with LIMIT and OFFSET"
    )


def _row_size(row: Iterable[Term | None]) -> int:
    return sum(_term_size(term) for term in row if term is not None)


def _triple_size(triple: Triple) -> int:
    return _term_size(triple)


def _term_size(term: Term) -> int:
    """The characters of a term's value (a lower bound of its serialised bytes)."""
    if isinstance(term, Triple):
        return sum(_term_size(part) for part in (term.subject, term.predicate, term.object))
    return len(term.value)


def _term_json(term: Term) -> dict[str, object]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        return _literal_json(term)
    return {
        "type": "triple",
        "value": {
            "subject": _term_json(term.subject),
            "predicate": _term_json(term.predicate),
            "object": _term_json(term.object),
        },
    }


def _literal_json(literal: Literal) -> dict[str, object]:
    out: dict[str, object] = {"type": "literal", "value": literal.value}
    if literal.language:
        out["xml:lang"] = literal.language
    elif literal.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        out["datatype"] = literal.datatype.value
    return out
