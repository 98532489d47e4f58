"""Typed records of the SPARQL stage: settings, one request, one serialised result, errors.

Errors carry the HTTP status the endpoint answers with; they cross the worker-process pipe
by pickling, so each takes a single message argument.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SparqlSettings:
    """Limits of the query service.

    `time_limit` (seconds) covers parsing, evaluation and serialisation of one query, and
    also bounds how long a request waits for a free worker. `max_rows` bounds the rows of a
    SELECT result and the triples of a CONSTRUCT/DESCRIBE result. With
    `union_default_graph`, a query without FROM / `default-graph-uri` sees the union of
    all graphs of the store as its default graph. `memory_limit_mb` caps each worker's
    address space (None: no cap), so that a query building a huge intermediate result
    kills its worker within the limit instead of the machine.
    """

    time_limit: float = 10.0
    max_rows: int = 10_000
    workers: int = 2
    union_default_graph: bool = True
    memory_limit_mb: int | None = 2048


@dataclass(frozen=True)
class QueryRequest:
    """One query as received: the text, what the client accepts, the protocol's dataset.

    `format` (a name such as `json` or `turtle`, as on the command line) wins over `accept`.
    """

    query: str
    accept: str = ""
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def sets_dataset(self) -> bool:
        """True when `default-graph-uri` / `named-graph-uri` override the query's dataset."""
        return bool(self.default_graphs or self.named_graphs)


@dataclass(frozen=True)
class QueryResult:
    body: bytes
    media_type: str


class SparqlError(Exception):
    """A query that could not be answered; `status` is the HTTP status to answer with."""

    status = 500

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else type(self).__name__


class MalformedQuery(SparqlError):
    status = 400


class ResultTooLarge(SparqlError):
    """The result has more rows than `max_rows`: the query must be narrowed or paged."""

    status = 400


class ForbiddenQuery(SparqlError):
    """SPARQL Update or SERVICE: well-formed, but never run by this read-only endpoint."""

    status = 403


class NotAcceptable(SparqlError):
    status = 406


class QueryTimeout(SparqlError):
    status = 503


class ServiceBusy(SparqlError):
    status = 503


class StoreUnavailable(SparqlError):
    status = 503


class WorkerFailed(SparqlError):
    status = 500
