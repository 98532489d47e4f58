"""Read-only safety: decide from the parsed query, not its text, whether it may run.

The query is parsed with rdflib's SPARQL 1.1 grammar. It is refused when it is an update
(it parses as an Update but not as a Query) or when a SERVICE pattern appears anywhere in
the tree (SERVICE would make the server fetch an arbitrary URL; the engine honours it).
rdflib expands `\\u` escapes before parsing, so an escaped `SERVICE` is seen too; text it
cannot parse is never run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from policy_kg.sparql.model import ForbiddenQuery, MalformedQuery

QueryForm = Literal["SELECT", "CONSTRUCT", "DESCRIBE", "ASK"]

UPDATE_REFUSED = "SPARQL Update is not allowed: this endpoint is read-only"

_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
    "AskQuery": "ASK",
}


@dataclass(frozen=True)
class QueryShape:
    """What the endpoint needs to know about a query before running it."""

    form: QueryForm
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace) as declared, for Turtle output
    has_dataset: bool  # FROM or FROM NAMED

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


@lru_cache(maxsize=512)
def inspect_query(text: str) -> QueryShape:
    """The shape of a query that may run; raises MalformedQuery or ForbiddenQuery."""
    if not text.strip():
        # an empty text is a valid (empty) Update: say what is really wrong
        raise MalformedQuery("the query is empty")
    try:
        prologue, body = parseQuery(text)
    except Exception as error:  # pyparsing errors, and RecursionError on absurd nesting
        if _parses_as_update(text):
            raise ForbiddenQuery(UPDATE_REFUSED) from None
        raise MalformedQuery(f"malformed query: {error}") from None
    if any(node.name == "ServiceGraphPattern" for node in _nodes(body)):
        raise ForbiddenQuery("SERVICE (federated query) is not allowed on this endpoint")
    return QueryShape(
        form=_FORMS[body.name],
        prefixes=tuple(
            (str(decl["prefix"]) if "prefix" in decl else "", str(decl["iri"]))
            for decl in prologue
            if decl.name == "PrefixDecl"
        ),
        has_dataset="datasetClause" in body,
    )


def _parses_as_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _nodes(root: CompValue) -> Iterator[CompValue]:
    """Every CompValue in the parse tree, however deeply nested (iteratively: no recursion)."""
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
