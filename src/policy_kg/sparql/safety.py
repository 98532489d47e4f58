"""Read-only safety: decide from the parsed query, not its text, whether it may run.

The query is parsed with rdflib's SPARQL 1.1 grammar. It is refused when it is an update
(it parses as an Update but not as a Query) or when a SERVICE pattern appears anywhere in
the tree (SERVICE would make the server fetch an arbitrary URL; the engine honours it).
The check parses the canonical text (`querytext`), and the shape it returns carries that
text: the engine runs exactly what was checked. Text rdflib cannot parse is never run.

Shapes are cached per worker by text size, not count: 512 texts of 10 MB each once filled
a worker to its 2 GB cap in 9 s.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from policy_kg.sparql.model import ForbiddenQuery, MalformedQuery
from policy_kg.sparql.querytext import MAX_NESTING, canonical_query

QueryForm = Literal["SELECT", "CONSTRUCT", "DESCRIBE", "ASK"]

UPDATE_REFUSED = "SPARQL Update is not allowed: this endpoint is read-only"
# 8 M characters of cached texts per worker (at most 32 MB): 64 pairs of texts at the
# 64 KiB size limit, thousands of ordinary ones (the docs' queries are 1.3 KB at most).
CACHE_CHARS = 8 * 2**20

_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
    "AskQuery": "ASK",
}


@dataclass(frozen=True)
class QueryShape:
    """What the endpoint needs to know about a query before running it."""

    text: str  # the canonical text: what was checked, and what the engine runs
    form: QueryForm
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace) as declared, for Turtle output
    has_dataset: bool  # FROM or FROM NAMED

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


class _ShapeCache:
    """Least recently used shapes, bounded by the total length of their texts (as received
    and canonical)."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self._shapes: OrderedDict[str, QueryShape] = OrderedDict()

    def get(self, text: str) -> QueryShape | None:
        shape = self._shapes.get(text)
        if shape is not None:
            self._shapes.move_to_end(text)
        return shape

    def put(self, text: str, shape: QueryShape) -> None:
        cost = len(text) + len(shape.text)
        if cost > self.max_chars or text in self._shapes:
            return
        self._shapes[text] = shape
        self.chars += cost
        while self.chars > self.max_chars:
            old_text, old = self._shapes.popitem(last=False)
            self.chars -= len(old_text) + len(old.text)


_cache = _ShapeCache(CACHE_CHARS)


def inspect_query(text: str) -> QueryShape:
    """The shape of a query that may run; raises MalformedQuery, QueryTooLarge or
    ForbiddenQuery."""
    shape = _cache.get(text)
    if shape is None:
        shape = _inspect(canonical_query(text))
        _cache.put(text, shape)
    return shape


def _inspect(text: str) -> QueryShape:
    if not text.strip():
        # an empty text is a valid (empty) Update: say what is really wrong
        raise MalformedQuery("the query is empty")
    try:
        prologue, body = parseQuery(text)
    except RecursionError:
        raise MalformedQuery(
            "the query is nested too deeply for the query parser (its recursion limit); "
            f"keep brackets under {MAX_NESTING} levels deep"
        ) from None
    except Exception as error:  # pyparsing errors
        if _parses_as_update(text):
            raise ForbiddenQuery(UPDATE_REFUSED) from None
        raise MalformedQuery(f"malformed query: {error}") from None
    nodes = list(_nodes(body))
    if any(node.name == "ServiceGraphPattern" for node in nodes):
        raise ForbiddenQuery("SERVICE (federated query) is not allowed on this endpoint")
    prefixes = tuple(
        (str(decl["prefix"]) if "prefix" in decl else "", str(decl["iri"]))
        for decl in prologue
        if decl.name == "PrefixDecl"
    )
    _check_prefixes(nodes, {prefix for prefix, _ in prefixes})
    return QueryShape(
        text=text,
        form=_FORMS[body.name],
        prefixes=prefixes,
        has_dataset="datasetClause" in body,
    )


def _check_prefixes(nodes: list[CompValue], declared: set[str]) -> None:
    """Name the first prefix used and not declared (the engine's own message does not)."""
    for node in nodes:
        prefix = str(node["prefix"]) if "prefix" in node else ""
        if node.name == "pname" and prefix not in declared:
            raise MalformedQuery(
                f"the prefix {prefix}: is used but not declared: add "
                f"PREFIX {prefix}: <namespace IRI> before the query"
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
