"""A query worker process: `python -m policy_kg.sparql.worker FD`.

The pool starts it as a fresh interpreter (not multiprocessing's spawn, which would
re-import the server's main module, UI and models included) with one end of a socket pair
as FD. It leaves the network (`isolation`), receives `(store_dir, settings)`, caps its own
address space, answers `(READY, why not isolated or None)`, then replies to each
QueryRequest with a QueryResult or a SparqlError until the socket closes. It exits on its
own when its parent dies, even in the middle of a query.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from policy_kg.sparql.engine import Engine
from policy_kg.sparql.isolation import isolate_network
from policy_kg.sparql.model import (
    MemoryLimit,
    QueryRequest,
    QueryResult,
    SparqlError,
    WorkerFailed,
)

READY = "ready"


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    conn = Connection(int(argv[0]))
    not_isolated = isolate_network()  # before any thread starts
    _exit_with(os.getppid())
    store_dir, settings = conn.recv()
    if settings.memory_limit_mb is not None:
        limit = settings.memory_limit_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    engine = Engine(Path(store_dir), settings)
    conn.send((READY, not_isolated))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(engine, request))


def answer(engine: Engine, request: QueryRequest) -> QueryResult | SparqlError:
    try:
        return engine.execute(request)
    except SparqlError as error:
        return error
    except MemoryError:
        limit = engine.settings.memory_limit_mb
        return MemoryLimit(
            f"the query needed more than the {limit} MB of memory a query worker may use, "
            "and was stopped; narrow it",
            retry_after=1,
        )
    except Exception as error:  # the engine's I/O errors, and anything unforeseen
        return WorkerFailed(f"query failed: {type(error).__name__}: {error}")


def _exit_with(parent: int) -> None:
    """Exit as soon as `parent` is gone (the engine releases the GIL while it evaluates)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    main(sys.argv[1:])
