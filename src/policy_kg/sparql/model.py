"""Typed records of the SPARQL stage: settings, one request, one serialised result, errors.

Errors carry the HTTP status the endpoint answers with, and a 503 also the seconds after
which to retry (`Retry-After`); they cross the worker-process pipe by pickling.
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

    Fairness: every query starts with `fast_time_limit`; at most `long_workers` of the
    `workers` processes may run a query past it, so the others always free up within
    that time for cheap queries. A query past it while every long lane is taken is
    stopped (503, Retry-After). `spare_workers` more are started ahead, to replace a killed
    one at once. At most `max_waiting` requests wait for a worker; more
    answer 503 at once. `max_answer_bytes` bounds a serialised answer (413), since rows
    alone do not bound bytes (one answer of 10,000 rows measured 268 MB).
    """

    time_limit: float = 10.0
    max_rows: int = 10_000
    workers: int = 4
    union_default_graph: bool = True
    memory_limit_mb: int | None = 2048
    # 0.5 s: half the target p95 of a cheap query under load (1 s, bench/bench_sparql.py),
    # since a cheap query may wait for one over-budget query; a new text takes ~0.2 s to
    # parse at p95 on a loaded machine.
    fast_time_limit: float = 0.5
    long_workers: int = 2
    # 2: replaces both cheap-path workers killed in a row without a wait (bench_sparql.py).
    spare_workers: int = 2
    # 64: drained in under 1 s at the 60-270 cheap queries/s bench_sparql.py measures.
    max_waiting: int = 64
    # 32 MiB: 11 times the largest 10,000-row page of the corpus (`SELECT * { ?s ?p ?o }`
    # as XML: 2.9 MB); hostile answers reached 268 MB.
    max_answer_bytes: int = 32 * 2**20

    def __post_init__(self) -> None:
        if not 0 < self.long_workers < self.workers:
            raise ValueError(
                f"long_workers ({self.long_workers}) must be at least 1 and fewer than "
                f"workers ({self.workers}), so that one worker stays free for cheap queries"
            )
        if not 0 < self.fast_time_limit <= self.time_limit:
            raise ValueError("fast_time_limit must be positive and at most time_limit")


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

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds, sent as Retry-After (503)

    def __reduce__(self) -> tuple[type[SparqlError], tuple[str, int | None]]:
        return type(self), (self.message, self.retry_after)

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else type(self).__name__


class MalformedQuery(SparqlError):
    status = 400


class ResultTooLarge(SparqlError):
    """The result has more rows than `max_rows`: the query must be narrowed or paged."""

    status = 400


class QueryTooLarge(SparqlError):
    """The query text is over the size limit (querytext.MAX_QUERY_BYTES)."""

    status = 413


class AnswerTooLarge(SparqlError):
    """The serialised answer is over `max_answer_bytes`."""

    status = 413


class ForbiddenQuery(SparqlError):
    """SPARQL Update or SERVICE: well-formed, but never run by this read-only endpoint."""

    status = 403


class UnsupportedMediaType(SparqlError):
    status = 415


class NotAcceptable(SparqlError):
    status = 406


class QueryTimeout(SparqlError):
    status = 503


class ServiceBusy(SparqlError):
    status = 503


class StoreUnavailable(SparqlError):
    status = 503


class MemoryLimit(SparqlError):
    """The query needed more memory than a worker may use; its worker was replaced."""

    status = 503


class WorkerFailed(SparqlError):
    status = 500
