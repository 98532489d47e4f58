"""Run one read-only query against an Oxigraph store directory and serialise the answer.

This is the whole query path, in one process: safety check, format choice, evaluation,
bounded serialisation. The engine runs the canonical text the safety check parsed
(`QueryShape.text`), never the text as received. User text runs it only inside guarded
worker processes (`pool` for the server and UI, `process.run_once` for the CLI);
`run_query` runs it in this process, with no time limit, for tests and trusted callers.
"""

from __future__ import annotations

import os
from pathlib import Path

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store

from policy_kg.sparql.formats import Format, format_named, negotiate
from policy_kg.sparql.model import (
    MalformedQuery,
    QueryRequest,
    QueryResult,
    SparqlSettings,
    StoreUnavailable,
)
from policy_kg.sparql.safety import QueryShape, inspect_query
from policy_kg.sparql.serialize import Bounds, serialize_result


class Engine:
    """Queries a store directory opened read-only.

    The directory is resolved on every query and reopened when its target changed, so a
    path through the `indexes/current` symlink follows a rebuild without a restart.
    """

    def __init__(self, store_dir: Path, settings: SparqlSettings) -> None:
        self.store_dir = store_dir
        self.settings = settings
        self._target = ""
        self._store: Store | None = None

    def execute(self, request: QueryRequest) -> QueryResult:
        shape = inspect_query(request.query)
        fmt = _choose_format(request, shape)
        result = self._evaluate(request, shape)
        body = serialize_result(result, fmt, self.bounds, dict(shape.prefixes))
        return QueryResult(body=body, media_type=fmt.media_type)

    @property
    def bounds(self) -> Bounds:
        return Bounds(rows=self.settings.max_rows, answer_bytes=self.settings.max_answer_bytes)

    def _evaluate(
        self, request: QueryRequest, shape: QueryShape
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        dataset = self._dataset(request, shape)
        try:
            return self._open().query(shape.text, **dataset)
        except SyntaxError as error:  # what the engine's own parser rejects
            raise MalformedQuery(f"malformed query: {error}") from None

    def _dataset(self, request: QueryRequest, shape: QueryShape) -> dict[str, object]:
        """The engine's dataset options: the protocol's graphs win over FROM / FROM NAMED."""
        if request.sets_dataset:
            try:
                return {
                    "default_graph": [NamedNode(iri) for iri in request.default_graphs],
                    "named_graphs": [NamedNode(iri) for iri in request.named_graphs],
                }
            except ValueError as error:
                raise MalformedQuery(f"bad graph IRI: {error}") from None
        if shape.has_dataset:
            return {}
        return {"use_default_graph_as_union": self.settings.union_default_graph}

    def _open(self) -> Store:
        if not self.store_dir.is_dir():
            raise StoreUnavailable(f"no graph at {self.store_dir}: run `policy-kg build` first")
        target = os.path.realpath(self.store_dir)
        if self._store is None or target != self._target:
            self._store = Store.read_only(target)
            self._target = target
        return self._store


def run_query(
    store_dir: Path,
    query: str,
    format: str | None = None,
    settings: SparqlSettings | None = None,
) -> QueryResult:
    """Run `query` in this process, with no time limit; `format` is a name (json, xml, ...).

    Without `format`, SELECT/ASK answer as JSON and CONSTRUCT/DESCRIBE as Turtle. Raises a
    SparqlError subclass (with `.message`) for a refused, malformed or oversized query.
    """
    engine = Engine(store_dir, settings or SparqlSettings())
    return engine.execute(QueryRequest(query=query, format=format))


def _choose_format(request: QueryRequest, shape: QueryShape) -> Format:
    if request.format is not None:
        return format_named(request.format, shape.returns_graph)
    return negotiate(request.accept, shape.returns_graph)
