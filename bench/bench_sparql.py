"""Print SPARQL endpoint figures over HTTP: label-lookup latency and concurrent throughput.

    .venv/bin/python bench/bench_sparql.py [--store indexes/current/graph] [--seconds 30]

Starts the endpoint (uvicorn in a child process, 127.0.0.1 only) over `--store`, or over a
store built from the test fixtures, then prints
- the engine's own time for the label lookup (in this process, no HTTP), for the overhead;
- label-lookup latency p50/p95 over HTTP, on a keep-alive connection and with a new
  connection per request (as urllib / SPARQLWrapper do); target p50 < 20 ms;
- throughput with `--clients` concurrent keep-alive clients for `--seconds`, each query a
  new text (so parsed, not cached), and the errors (zero expected);
- fairness: `--clients` clients for `--seconds`, 2% of their queries hostile (a cross join
  that runs to the time limit, each a new text so that none is known in advance): the
  cheap queries' p95 (target <= 1 s) and their errors (target 0);
- overload: `--flood-clients` clients (50) with the same mix: the count of each status,
  5xx other than 503 with Retry-After (target 0).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store

from policy_kg.sparql.engine import Engine
from policy_kg.sparql.model import QueryRequest, SparqlSettings

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "sparql" / "fixtures"
LOOKUP = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept ?pref WHERE {{
  VALUES ?label {{ "{label}"@ja "{label}" }}
  ?concept skos:prefLabel|skos:altLabel ?label ; skos:prefLabel ?pref .
}}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an Oxigraph store directory")
    parser.add_argument("--label", default="ネオジウム", help="the label to look up")
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--flood-clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=SparqlSettings().workers)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the child's mode
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    settings = SparqlSettings(workers=args.workers)
    if args.serve:
        serve(args.serve, args.port, settings)
        return
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store or fixture_store(Path(scratch) / "store")
        query = LOOKUP.format(label=args.label)
        print(f"store {store}, {args.workers} workers, label {args.label!r}")
        engine_only(store, query, args.samples)
        with server(store, args.workers) as port:
            latency(port, query, args.samples)
            throughput(port, query, args.clients, args.seconds)
            fairness(port, query, args.clients, args.seconds)
            overload(port, query, args.flood_clients, args.seconds)


def fixture_store(path: Path) -> Path:
    store = Store(str(path))
    store.load(path=FIXTURES / "minerals.ttl", format=RdfFormat.TURTLE)
    store.load(
        path=FIXTURES / "passages.ttl",
        format=RdfFormat.TURTLE,
        to_graph=NamedNode("https://example.org/policy-kg/graph/passages"),
    )
    store.flush()
    del store
    return path


def serve(store: Path, port: int, settings: SparqlSettings) -> None:
    import uvicorn

    from policy_kg.sparql.app import create_app

    uvicorn.run(create_app(store, settings), host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def server(store: Path, workers: int) -> Iterator[int]:
    """The endpoint in a child process; yields its port once it accepts connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = [sys.executable, __file__, "--serve", str(store), "--port", str(port)]
    process = subprocess.Popen([*argv, "--workers", str(workers)])
    try:
        wait_for_port(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):  # 60 s at most
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                raise SystemExit("the server exited") from None
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def engine_only(store: Path, query: str, samples: int) -> None:
    engine = Engine(store, SparqlSettings())
    hits = len(json.loads(engine.execute(QueryRequest(query=query)).body)["results"]["bindings"])
    print(f"label lookup: {hits} row(s)")
    for name, text in variants(query):
        times = timed(lambda text=text: engine.execute(QueryRequest(query=text())), samples)
        print(f"engine only, {name}: {summary(times)}")


def latency(port: int, query: str, samples: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timed(lambda: get(connection, query), 20)  # warm-up
    for name, text in variants(query):
        times = timed(lambda text=text: get(connection, text()), samples)
        print(f"HTTP keep-alive, {name}: {summary(times)}")
    connection.close()

    def fresh() -> None:
        one = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        get(one, query)
        one.close()

    print(f"HTTP new connection per request, same text: {summary(timed(fresh, samples))}")


def variants(query: str) -> list[tuple[str, Callable[[], str]]]:
    """The same text each time (parse cached in the worker), or a new text each time."""
    counter = itertools.count()
    return [
        ("same text", lambda: query),
        ("new text", lambda: f"{query}\n# {next(counter)}"),
    ]


def throughput(port: int, query: str, clients: int, seconds: float) -> None:
    """Each query a new text, so that every one is parsed (the worst case for the workers)."""
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    [_, (_, new_text)] = variants(query)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            try:
                get(connection, new_text())
                outcome = "ok"
            except Exception:
                connection.close()
                outcome = "errors"
            with lock:
                counts[outcome] += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    rate = counts["ok"] / elapsed
    print(
        f"{clients} concurrent clients for {elapsed:.1f} s: {counts['ok']} queries, "
        f"{rate:.0f} queries/s, {counts['errors']} errors"
    )


# A cross join of six patterns: runs to the time limit on any store of this project.
HOSTILE = (
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
    "?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }} # {}"
)
HOSTILE_SHARE = 0.02  # of the queries each client sends


@dataclass
class Outcome:
    cheap: bool
    status: int
    seconds: float
    retry_after: bool


def mixed_load(port: int, query: str, clients: int, seconds: float) -> list[Outcome]:
    """`clients` keep-alive clients for `seconds`, each query hostile with HOSTILE_SHARE."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = itertools.count()

    def client(seed: int) -> None:
        chance = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < deadline:
            cheap = chance.random() >= HOSTILE_SHARE
            text = f"{query}\n# {next(counter)}" if cheap else HOSTILE.format(next(counter))
            started = time.perf_counter()
            try:
                status, retry_after = send(connection, text)
            except OSError:
                connection.close()
                status, retry_after = 0, False  # 0: no answer at all
            outcome = Outcome(cheap, status, time.perf_counter() - started, retry_after)
            with lock:
                outcomes.append(outcome)
        connection.close()

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def fairness(port: int, query: str, clients: int, seconds: float) -> None:
    outcomes = mixed_load(port, query, clients, seconds)
    cheap = [o for o in outcomes if o.cheap]
    errors = sum(1 for o in cheap if o.status != 200)
    hostile = Counter(o.status for o in outcomes if not o.cheap)
    print(
        f"{clients} clients, {HOSTILE_SHARE:.0%} hostile, {seconds:g} s: cheap queries "
        f"{summary([o.seconds for o in cheap])} (target p95 <= 1000 ms), {errors} errors on "
        f"cheap queries (target 0); hostile answered {dict(sorted(hostile.items()))}"
    )


def overload(port: int, query: str, clients: int, seconds: float) -> None:
    outcomes = mixed_load(port, query, clients, seconds)
    statuses = Counter(o.status for o in outcomes)
    bad = sum(1 for o in outcomes if o.status >= 500 and not (o.status == 503 and o.retry_after))
    no_answer = statuses.pop(0, 0)
    print(
        f"{clients} clients, {HOSTILE_SHARE:.0%} hostile, {seconds:g} s: statuses "
        f"{dict(sorted(statuses.items()))}, {no_answer} without an answer; 5xx other than "
        f"503 with Retry-After: {bad} (target 0)"
    )


def send(connection: http.client.HTTPConnection, query: str) -> tuple[int, bool]:
    """(status, whether it carried Retry-After) of one GET."""
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("Retry-After") is not None


def get(connection: http.client.HTTPConnection, query: str) -> bytes:
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{response.status}: {body[:200]!r}")
    return body


def timed(action: Callable[[], object], samples: int) -> list[float]:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def summary(times: list[float]) -> str:
    p50 = statistics.median(times) * 1000
    p95 = statistics.quantiles(times, n=20)[-1] * 1000
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (n={len(times)})"


if __name__ == "__main__":
    main()
