"""Worker processes that run queries under a time limit that really stops them.

Each worker is a separate interpreter (see `worker`) with its own read-only store and one
socket. A request takes an idle worker, sends it the query and waits, in a thread so that
the event loop stays free, up to the time limit; a worker that overruns is killed and
replaced, so no worker is ever left busy with an abandoned query. Requests beyond the
number of workers wait for one to become idle, at most the time limit too.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

import policy_kg
from policy_kg.sparql.model import (
    QueryRequest,
    QueryResult,
    QueryTimeout,
    ServiceBusy,
    SparqlError,
    SparqlSettings,
    WorkerFailed,
)
from policy_kg.sparql.worker import READY

logger = logging.getLogger(__name__)

_START_TIMEOUT = 60.0  # seconds for a fresh interpreter to import its modules
_PACKAGE_ROOT = str(Path(policy_kg.__file__).resolve().parents[1])
T = TypeVar("T")
Reply = QueryResult | SparqlError


class _Worker:
    """One worker process and the parent's end of its socket; methods block."""

    def __init__(self, store_dir: Path, settings: SparqlSettings) -> None:
        parent_end, child_end = socket.socketpair()
        with child_end:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "policy_kg.sparql.worker", str(child_end.fileno())],
                pass_fds=[child_end.fileno()],
                stdin=subprocess.DEVNULL,
                env=_child_env(),
            )
        self.conn = Connection(parent_end.detach())
        try:
            self.conn.send((str(store_dir), settings))
            if not self.conn.poll(_START_TIMEOUT) or self.conn.recv() != READY:
                raise EOFError
        except (EOFError, OSError):
            self.stop()
            raise RuntimeError("a SPARQL worker process did not start") from None

    def exchange(self, request: QueryRequest, time_limit: float) -> Reply:
        """The worker's reply; TimeoutError past the limit, EOFError/OSError if it died."""
        self.conn.send(request)
        if not self.conn.poll(time_limit):
            raise TimeoutError
        return self.conn.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.conn.close()


def _child_env() -> dict[str, str]:
    """This environment, with this package importable even when it is not installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    return env


class QueryPool:
    """Runs queries in `settings.workers` processes; start() before use, close() after."""

    def __init__(self, store_dir: Path, settings: SparqlSettings | None = None) -> None:
        self.store_dir = store_dir
        self.settings = settings or SparqlSettings()
        self._idle: asyncio.LifoQueue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._respawns: set[asyncio.Task[None]] = set()
        self._threads: ThreadPoolExecutor | None = None
        self._closed = False

    async def start(self) -> None:
        count = self.settings.workers
        self._threads = ThreadPoolExecutor(max_workers=2 * count, thread_name_prefix="sparql")
        self._closed = False
        idle: asyncio.LifoQueue[_Worker] = asyncio.LifoQueue()
        for worker in await asyncio.gather(*(self._in_thread(self._spawn) for _ in range(count))):
            idle.put_nowait(worker)
        self._idle = idle

    async def close(self) -> None:
        self._closed = True
        self._idle = None
        await asyncio.gather(*self._respawns, return_exceptions=True)
        if self._threads is not None:
            await self._in_thread(self._stop_all)
            self._threads.shutdown(wait=False)
            self._threads = None

    @asynccontextmanager
    async def lifespan(self, _app: object = None) -> AsyncIterator[None]:
        """start() and close() around an application's life (FastAPI `lifespan=`)."""
        await self.start()
        try:
            yield
        finally:
            await self.close()

    @property
    def pids(self) -> tuple[int, ...]:
        """Process ids of the live workers (for tests and diagnostics)."""
        workers = list(self._workers)  # one C-level copy: safe against the loop thread
        return tuple(sorted(worker.process.pid for worker in workers))

    @property
    def idle_count(self) -> int:
        """Workers waiting for a query."""
        return self._idle.qsize() if self._idle is not None else 0

    async def run(self, request: QueryRequest) -> QueryResult:
        """The serialised result, or a SparqlError carrying the HTTP status to answer."""
        worker = await self._acquire()
        exchange = asyncio.get_running_loop().run_in_executor(
            self._threads, worker.exchange, request, self.settings.time_limit
        )
        exchange.add_done_callback(partial(self._recycle, worker))
        try:
            reply = await asyncio.shield(exchange)  # a cancelled request still recycles
        except TimeoutError:
            raise QueryTimeout(
                f"the query ran past the time limit of {self.settings.time_limit:g} s "
                "and was stopped"
            ) from None
        except (EOFError, OSError):
            raise WorkerFailed(self._death_notice()) from None
        if isinstance(reply, SparqlError):
            raise reply
        return reply

    def _death_notice(self) -> str:
        limit = self.settings.memory_limit_mb
        cause = f" (it may have needed more than {limit} MB of memory)" if limit else ""
        return f"the worker process died while running the query{cause}"

    async def _acquire(self) -> _Worker:
        idle = self._idle
        if idle is None:
            raise ServiceBusy("the SPARQL service is not running")
        limit = self.settings.time_limit
        try:
            async with asyncio.timeout(limit):
                return await idle.get()
        except TimeoutError:
            raise ServiceBusy(
                f"all {self.settings.workers} query workers stayed busy for {limit:g} s; "
                "try again later"
            ) from None

    def _recycle(self, worker: _Worker, exchange: asyncio.Future[Reply]) -> None:
        if self._closed:  # close() stops every worker itself
            return
        if exchange.cancelled() or exchange.exception() is not None:
            task = asyncio.get_running_loop().create_task(self._replace(worker))
            self._respawns.add(task)
            task.add_done_callback(self._respawns.discard)
        elif self._idle is not None:
            self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> None:
        """Kill a worker that overran or died, and put a fresh one in its place."""
        await self._in_thread(worker.stop)
        self._workers.discard(worker)
        if self._closed:
            return
        try:
            fresh = await self._in_thread(self._spawn)
        except Exception:
            logger.exception("could not start a SPARQL worker; the pool is one smaller")
            return
        if self._idle is not None:
            self._idle.put_nowait(fresh)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_dir, self.settings)
        self._workers.add(worker)
        return worker

    def _stop_all(self) -> None:
        for worker in list(self._workers):
            worker.stop()
        self._workers.clear()

    def _in_thread(self, function: Callable[..., T], *args: object) -> asyncio.Future[T]:
        return asyncio.get_running_loop().run_in_executor(self._threads, function, *args)
