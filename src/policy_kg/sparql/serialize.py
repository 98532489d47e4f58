"""Serialise query results with a bound on their size.

The engine's serialisers write a whole iterator, so SELECT rows are first taken up to
the limit and written as SPARQL JSON here; the other result formats are produced by the
engine from that JSON, which keeps their escaping exactly the engine's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import islice
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
from policy_kg.sparql.model import ResultTooLarge

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

T = TypeVar("T")


def serialize_result(
    result: QuerySolutions | QueryBoolean | QueryTriples,
    fmt: Format,
    max_rows: int,
    prefixes: dict[str, str],
) -> bytes:
    if isinstance(result, QueryBoolean):
        return result.serialize(format=fmt.engine_format)
    if isinstance(result, QueryTriples):
        triples = _bounded(result, max_rows, "triples")
        return serialize(triples, format=fmt.engine_format, prefixes=prefixes or None)
    document = solutions_json(result, max_rows)
    if fmt.engine_format == QueryResultsFormat.JSON:
        return document
    return parse_query_results(document, QueryResultsFormat.JSON).serialize(
        format=fmt.engine_format
    )


def solutions_json(solutions: QuerySolutions, max_rows: int) -> bytes:
    """SPARQL 1.1 Query Results JSON of at most `max_rows` solutions."""
    names = [variable.value for variable in solutions.variables]
    bindings = [
        {name: _term_json(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in _bounded(solutions, max_rows, "rows")
    ]
    document = {"head": {"vars": names}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _bounded(items: Iterable[T], limit: int, unit: str) -> list[T]:
    taken = list(islice(items, limit + 1))
    if len(taken) > limit:
        raise ResultTooLarge(
            f"the result has more than {limit} {unit}, the limit of this endpoint; "
            "narrow the query or page through it with LIMIT and OFFSET"
        )
    return taken


def _term_json(term: NamedNode | BlankNode | Literal | Triple) -> dict[str, object]:
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
