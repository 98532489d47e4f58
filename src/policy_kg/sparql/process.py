"""One query worker process seen from its parent, and `run_once`: one guarded query, now.

Each worker is a separate interpreter (see `worker`) with its own read-only store, one
socket, no network, an address-space cap, and its stderr in a file of its own: when it
dies, the end of that file says why (a Rust allocation failure under the memory cap
prints "memory allocation of N bytes failed"; a stack overflow "has overflowed its
stack"), so the answer names the limit that was hit instead of guessing.

`run_once` is what the command line uses: the same worker, safety check, time limit,
memory cap and network isolation as the server, for a single query, synchronously.
"""

from __future__ import annotations

import logging
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path

import policy_kg
from policy_kg.sparql.model import (
    MemoryLimit,
    QueryRequest,
    QueryResult,
    QueryTimeout,
    SparqlError,
    SparqlSettings,
    WorkerFailed,
)
from policy_kg.sparql.querytext import check_size
from policy_kg.sparql.worker import READY

logger = logging.getLogger(__name__)

_START_TIMEOUT = 60.0  # seconds for a fresh interpreter to import its modules
_EXIT_TIMEOUT = 5.0  # seconds for a worker whose socket closed to finish exiting
_STDERR_TAIL = 4096  # bytes of a dead worker's stderr read for its cause
# The niceness of a worker running a long query: cheap queries get the CPU first.
LONG_NICENESS = 10
_PACKAGE_ROOT = str(Path(policy_kg.__file__).resolve().parents[1])
MALLOC_ARENAS = 2  # per worker process (see _child_env)
Reply = QueryResult | SparqlError


class WorkerProcess:
    """One worker process and the parent's end of its socket; methods block."""

    def __init__(self, store_dir: Path, settings: SparqlSettings) -> None:
        self.settings = settings
        self.niceness = 0
        # open for the worker's whole life; stop() closes it
        self._stderr = tempfile.TemporaryFile(prefix="policy-kg-sparql-worker-")  # noqa: SIM115
        parent_end, child_end = socket.socketpair()
        with child_end:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "policy_kg.sparql.worker", str(child_end.fileno())],
                pass_fds=[child_end.fileno()],
                stdin=subprocess.DEVNULL,
                stderr=self._stderr,
                env=_child_env(),
            )
        self.conn = Connection(parent_end.detach())
        try:
            self.conn.send((str(store_dir), settings))
            if not self.conn.poll(_START_TIMEOUT):
                raise EOFError
            ready, self.not_isolated = self.conn.recv()
            if ready != READY:
                raise EOFError
        except (EOFError, OSError, ValueError, TypeError):
            self.stop()
            raise RuntimeError("a SPARQL worker process did not start") from None

    def yield_cpu(self, long: bool) -> bool:
        """Lower this worker's CPU priority for a long query, or restore it after one;
        False when it could not be restored (that needs root): replace the worker then."""
        niceness = LONG_NICENESS if long else 0
        if niceness == self.niceness:
            return True
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, niceness)
        except OSError:
            return False
        self.niceness = niceness
        return True

    def send(self, request: QueryRequest) -> None:
        self.conn.send(request)

    def reply(self, timeout: float) -> Reply | None:
        """The reply, or None when none came within `timeout` seconds.

        EOFError/OSError when the worker died: `death()` then says why.
        """
        if not self.conn.poll(max(timeout, 0.0)):
            return None
        return self.conn.recv()

    def death(self) -> SparqlError:
        """The error to answer for a worker that died in the middle of a query."""
        try:
            code = self.process.wait(_EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        tail = self._stderr_tail()
        if tail:
            logger.warning("a SPARQL worker died (exit %s): %s", code, tail[-500:])
        limit = self.settings.memory_limit_mb
        if "memory allocation of" in tail or "MemoryError" in tail:
            return MemoryLimit(
                f"the query needed more than the {limit} MB of memory a query worker may "
                "use, and its worker was stopped; narrow the query",
                retry_after=retry_seconds(self.settings.fast_time_limit),
            )
        if "overflowed its stack" in tail:
            return WorkerFailed(
                "the query engine ran out of stack (the query is nested or chained too "
                "deeply for it) and its worker was stopped; simplify the query"
            )
        return WorkerFailed(f"the query worker crashed ({_exit_cause(code)}) while running it")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()
        self._stderr.close()

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(max(0, os.fstat(self._stderr.fileno()).st_size - _STDERR_TAIL))
            return self._stderr.read().decode("utf-8", errors="replace").strip()
        except (OSError, ValueError):
            return ""


def run_once(
    store_dir: Path, request: QueryRequest, settings: SparqlSettings | None = None
) -> QueryResult:
    """Run one query in a fresh guarded worker, within the time limit; raise SparqlError."""
    settings = settings or SparqlSettings()
    check_size(request.query)
    worker = WorkerProcess(store_dir, settings)
    try:
        log_isolation(worker)
        worker.send(request)
        try:
            reply = worker.reply(settings.time_limit)
        except (EOFError, OSError):
            raise worker.death() from None
        if reply is None:
            raise time_limit_error(settings)
        if isinstance(reply, SparqlError):
            raise reply
        return reply
    finally:
        worker.stop()


def log_isolation(worker: WorkerProcess) -> None:
    if worker.not_isolated:
        logger.warning(
            "SPARQL workers are not cut off the network (%s); the SERVICE check alone "
            "prevents outbound requests",
            worker.not_isolated,
        )


def time_limit_error(settings: SparqlSettings) -> QueryTimeout:
    return QueryTimeout(
        f"the query ran past the time limit of {settings.time_limit:g} s and was stopped",
        retry_after=retry_seconds(settings.fast_time_limit),
    )


def retry_seconds(seconds: float) -> int:
    """Whole seconds for a Retry-After header (at least 1)."""
    return max(1, math.ceil(seconds))


def _exit_cause(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def _child_env() -> dict[str, str]:
    """This environment, with this package importable even when it is not installed, and
    glibc's malloc arenas limited to two: one per thread reserves 64 MB or more of address
    space each, which the worker's cap (RLIMIT_AS) counts. Measured after one label lookup
    on the seeds' graph: 530 MB of address space (peak 652 MB), 202 MB (292 MB) with two
    arenas; at 100 copies of the seeds 1.12 GB against 206 MB. Under a cap of 1,024 MB a
    thread the engine started failed for want of address space and aborted its worker."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    env["MALLOC_ARENA_MAX"] = str(MALLOC_ARENAS)
    return env
