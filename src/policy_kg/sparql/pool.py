"""Worker processes that run queries under time limits that really stop them, fairly.

A request takes an idle worker (`process.WorkerProcess`), sends it the query and waits,
in a thread so that the event loop stays free. A worker that overruns is killed and
replaced, so no worker is ever left busy with an abandoned query.

Fairness: with two workers and no lanes, two clients looping a 10 s query left others
45% of cheap queries answered, at a median of 10 s. Now every query starts with a short
budget (`fast_time_limit`); going past it takes one of `long_workers` long lanes, fewer
than the workers, so at least one worker always frees up within the short budget for
cheap queries. A query past the budget while every long lane is taken is stopped (503,
Retry-After). A worker in a long lane runs at a lower CPU priority, so that long queries
do not take the CPU cheap ones need (on two cores, two long queries otherwise hold both).
A killed worker is replaced at once by a spare started beforehand: starting an
interpreter takes 0.6 s idle and 3-4 s on a loaded machine, during which the cheap path
would otherwise be a worker short. A text that once went past the budget waits for a long
lane before it takes a worker, so a repeated expensive query does not even borrow the
cheap path. At most `max_waiting` requests wait; beyond that, and past the time limit of
waiting, the answer is 503 with Retry-After.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from policy_kg.sparql.model import (
    QueryRequest,
    QueryResult,
    ServiceBusy,
    SparqlError,
    SparqlSettings,
)
from policy_kg.sparql.process import (
    Reply,
    WorkerProcess,
    log_isolation,
    retry_seconds,
    time_limit_error,
)
from policy_kg.sparql.querytext import check_size

logger = logging.getLogger(__name__)

# Digests of texts that went past the short budget, remembered (32 bytes each).
_EXPENSIVE_MEMORY = 4096
T = TypeVar("T")


class _Lanes:
    """A count of long lanes; waiters are served first come, first served."""

    def __init__(self, count: int) -> None:
        self.free = count
        self._waiters: deque[asyncio.Future[None]] = deque()

    def try_take(self) -> bool:
        if self.free and not self._waiters:
            self.free -= 1
            return True
        return False

    async def take(self, timeout: float) -> bool:
        """True once a lane is taken; False when none was free within `timeout`."""
        if self.try_take():
            return True
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await asyncio.shield(waiter)
            return True
        except TimeoutError:
            if waiter.done():  # handed over just as the wait ran out
                self.give()
            else:
                waiter.cancel()
            return False
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def give(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.free += 1


@dataclass
class _Ticket:
    """One request's claim: its text's digest, and whether it holds a long lane."""

    key: bytes
    long: bool = False


class QueryPool:
    """Runs queries in `settings.workers` processes; start() before use, close() after."""

    def __init__(self, store_dir: Path, settings: SparqlSettings | None = None) -> None:
        self.store_dir = store_dir
        self.settings = settings or SparqlSettings()
        self._idle: asyncio.LifoQueue[WorkerProcess] | None = None
        self._long_lanes: _Lanes | None = None
        self._workers: set[WorkerProcess] = set()
        self._tasks: set[asyncio.Task[object]] = set()
        self._expensive: OrderedDict[bytes, None] = OrderedDict()
        self._spares: list[WorkerProcess] = []  # started, idle, not yet in the pool
        self._waiting = 0
        self._threads: ThreadPoolExecutor | None = None
        self._closed = False

    async def start(self) -> None:
        count = self.settings.workers
        threads = 2 * (count + self.settings.spare_workers)
        self._threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="sparql")
        self._closed = False
        idle: asyncio.LifoQueue[WorkerProcess] = asyncio.LifoQueue()
        spares = self.settings.spare_workers
        workers = await asyncio.gather(
            *(self._in_thread(self._spawn) for _ in range(count + spares))
        )
        for worker in workers[:count]:
            idle.put_nowait(worker)
        self._spares = list(workers[count:])
        log_isolation(workers[0])
        self._long_lanes = _Lanes(self.settings.long_workers)
        self._idle = idle

    async def close(self) -> None:
        """Stop every worker (ending the queries they run) and every task of the pool."""
        self._closed = True
        self._idle = None
        if self._threads is None:
            return
        await self._in_thread(self._stop_all)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._in_thread(self._stop_all)  # any started while the tasks ended
        self._spares = []
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
    def long_lanes_free(self) -> int:
        """Lanes for long queries not taken (for tests and diagnostics)."""
        return self._long_lanes.free if self._long_lanes is not None else 0

    @property
    def waiting_count(self) -> int:
        """Requests waiting for a worker or a long lane."""
        return self._waiting

    @property
    def idle_count(self) -> int:
        """Workers waiting for a query."""
        return self._idle.qsize() if self._idle is not None else 0

    async def run(self, request: QueryRequest) -> QueryResult:
        """The serialised result, or a SparqlError carrying the HTTP status to answer.

        The query runs in a task of its own: a request cancelled by its client still
        finishes (within the limits) before its worker and lane are given back.
        """
        check_size(request.query)
        if self._waiting >= self.settings.max_waiting:
            raise self._busy(f"{self._waiting} queries are already waiting for a worker")
        task = asyncio.get_running_loop().create_task(self._serve(request))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        reply = await asyncio.shield(task)
        if isinstance(reply, SparqlError):
            raise reply
        return reply

    async def _serve(self, request: QueryRequest) -> Reply:
        ticket = _Ticket(hashlib.sha256(request.query.encode("utf-8", "surrogatepass")).digest())
        self._waiting += 1
        try:
            if ticket.key in self._expensive:
                await self._take_long_lane(ticket)
            worker = await self._acquire()
        except SparqlError as error:
            self._release(ticket)
            return error
        finally:
            self._waiting -= 1
        try:
            return await self._converse(worker, request, ticket)
        finally:
            self._release(ticket)

    async def _converse(
        self, worker: WorkerProcess, request: QueryRequest, ticket: _Ticket
    ) -> Reply:
        """The worker's reply, holding a long lane past the short budget; the worker is
        given back when healthy, and replaced otherwise."""
        settings = self.settings
        healthy = False
        try:
            if ticket.long:
                worker.yield_cpu(True)
            budget = settings.time_limit if ticket.long else settings.fast_time_limit
            reply = await self._in_thread(_send_and_wait, worker, request, budget)
            if reply is None and not ticket.long:
                self._remember_expensive(ticket.key)
                if not self._try_long_lane(ticket):
                    return self._busy(
                        f"the query ran past {settings.fast_time_limit:g} s while all "
                        f"{settings.long_workers} lanes for long queries were taken, and was "
                        "stopped",
                        retry_seconds(settings.time_limit),
                    )
                worker.yield_cpu(True)
                rest = settings.time_limit - settings.fast_time_limit
                reply = await self._in_thread(worker.reply, rest)
            if reply is None:
                return time_limit_error(settings)
            healthy = True
            return reply
        except (EOFError, OSError):
            return await self._in_thread(worker.death)
        finally:
            self._give_back(worker, healthy)

    async def _take_long_lane(self, ticket: _Ticket) -> None:
        limit = self.settings.time_limit
        if not await self._lanes().take(limit):
            raise self._busy(
                f"this query needs a lane for long queries, and all "
                f"{self.settings.long_workers} stayed taken for {limit:g} s",
                retry_seconds(limit),
            )
        ticket.long = True

    def _try_long_lane(self, ticket: _Ticket) -> bool:
        ticket.long = self._lanes().try_take()
        return ticket.long

    def _release(self, ticket: _Ticket) -> None:
        if ticket.long and self._long_lanes is not None:
            self._long_lanes.give()
            ticket.long = False

    def _lanes(self) -> _Lanes:
        if self._long_lanes is None:
            raise ServiceBusy("the SPARQL service is not running", retry_after=1)
        return self._long_lanes

    def _remember_expensive(self, key: bytes) -> None:
        self._expensive[key] = None
        self._expensive.move_to_end(key)
        while len(self._expensive) > _EXPENSIVE_MEMORY:
            self._expensive.popitem(last=False)

    def _busy(self, why: str, retry_after: int | None = None) -> ServiceBusy:
        return ServiceBusy(
            f"{why}; try again later",
            retry_after=retry_after or retry_seconds(self.settings.fast_time_limit),
        )

    async def _acquire(self) -> WorkerProcess:
        idle = self._idle
        if idle is None:
            raise ServiceBusy("the SPARQL service is not running", retry_after=1)
        limit = self.settings.time_limit
        try:
            async with asyncio.timeout(limit):
                return await idle.get()
        except TimeoutError:
            raise self._busy(
                f"all {self.settings.workers} query workers stayed busy for {limit:g} s"
            ) from None

    def _give_back(self, worker: WorkerProcess, healthy: bool) -> None:
        if self._closed:  # close() stops every worker itself
            return
        if healthy and self._idle is not None and worker.yield_cpu(False):
            self._idle.put_nowait(worker)
            return
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self, worker: WorkerProcess) -> None:
        """Kill a worker that overran or died, put a started spare in its place at once,
        and start a fresh one (as the next spare, or in its place when none was left)."""
        await self._in_thread(worker.stop)
        self._workers.discard(worker)
        if self._closed or self._idle is None:
            return
        if self._spares:
            self._idle.put_nowait(self._spares.pop())
            queue: list[WorkerProcess] | None = self._spares
        else:
            queue = None
        try:
            fresh = await self._in_thread(self._spawn)
        except Exception:
            logger.exception("could not start a SPARQL worker; the pool is one smaller")
            return
        if queue is not None:
            queue.append(fresh)
        elif self._idle is not None:
            self._idle.put_nowait(fresh)

    def _spawn(self) -> WorkerProcess:
        worker = WorkerProcess(self.store_dir, self.settings)
        self._workers.add(worker)
        return worker

    def _stop_all(self) -> None:
        for worker in list(self._workers):
            worker.stop()
        self._workers.clear()

    def _in_thread(self, function: Callable[..., T], *args: object) -> asyncio.Future[T]:
        return asyncio.get_running_loop().run_in_executor(self._threads, function, *args)


def _send_and_wait(worker: WorkerProcess, request: QueryRequest, budget: float) -> Reply | None:
    worker.send(request)
    return worker.reply(budget)
