"""Shared fixtures: one converted embedding model and embedding cache per test session, and
keys that try to inject SPARQL, with a loopback listener that counts what they reach."""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Fixtures that load the e5 model, build the corpus, start a server or a browser: a test that
# uses one is `slow`, and `scripts/test --fast` (pytest -m "not slow") leaves it out.
SLOW_FIXTURES = frozenset(
    {
        "runtime",
        "shared_cache",
        "extractor",
        "facts_of",
        "store_dir",
        "endpoint",
        "running_server",
        "live_server",
        "small_server",
        "browser",
        "ui",
        "add_server",
        "rendered_pdfs",
        "seed_pdfs",
        "revision_pdf",
        "scanned_pdf",
    }
)


# Modules slow without such a fixture: they convert or load the e5 model, run HermiT (Java)
# or build and install a wheel.
SLOW_FILES = frozenset(
    {"test_e5_convert.py", "test_embedder.py", "test_consistency.py", "test_wheel.py"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        slow_fixture = SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
        if slow_fixture or item.path.name in SLOW_FILES or item.name.startswith("test_hermit"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where builds made by tests keep the converted model and the embedding cache."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture(scope="session")
def runtime(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path):
    """The real corpus, built once per session into a temporary indexes folder."""
    from policy_kg.config import Paths
    from policy_kg.runtime import Runtime

    indexes = tmp_path_factory.mktemp("indexes")
    return Runtime.start(Paths(REPO / "corpus", indexes, shared_cache))


# A refused key runs no query (bench/bench_queries.py: under 0.1 ms); the heaviest page a
# real key can ask for takes under 1 s on a loaded machine. A key still running after this
# many seconds has reached the query engine.
REFUSE_WITHIN_SECONDS = 10.0
GALLIUM = "https://w3id.org/policy-kg/id/mineral/gallium"
UNION_BRANCHES = 10_000


@dataclass
class InjectionProbe:
    """Keys that close the IRI a query was built around and add their own patterns: a
    SERVICE call to `listener_url`, a cartesian product of the whole graph three times, and
    a UNION of 10,000 branches; `requests` lists what the listener received."""

    listener_url: str
    requests: list[str]

    @property
    def keys(self) -> dict[str, str]:
        cartesian = "?s1 ?p1 ?o1 . ?s2 ?p2 ?o2 . ?s3 ?p3 ?o3 ."
        union = " UNION ".join(["{ ?s1 ?p1 ?o1 }"] * UNION_BRANCHES)
        return {
            "SERVICE": f"{GALLIUM}> }} SERVICE <{self.listener_url}> {{ ?s1 ?p1 ?o1 }} #",
            "cartesian": f"{GALLIUM}> }} {cartesian} #",
            "UNION bomb": f"{GALLIUM}> }} {union} #",
        }

    def refusal(self, call: Callable[[str], object], key: str) -> BaseException | None:
        """What `call(key)` raised (None if it returned), run in a worker thread that must
        finish within REFUSE_WITHIN_SECONDS."""
        outcome: list[BaseException | None] = []

        def attempt() -> None:
            try:
                call(key)
            except BaseException as error:  # the test inspects whatever it raised
                outcome.append(error)
            else:
                outcome.append(None)

        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(REFUSE_WITHIN_SECONDS)
        assert not worker.is_alive(), f"still running after {REFUSE_WITHIN_SECONDS} s"
        return outcome[0]


class _Counting(BaseHTTPRequestHandler):
    requests: list[str]

    def _count(self) -> None:
        self.requests.append(f"{self.command} {self.path}")
        self.send_error(503)

    do_GET = do_POST = do_HEAD = _count

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def injection_probe() -> Iterator[InjectionProbe]:
    """The keys, and a threaded HTTP listener on 127.0.0.1 counting the requests it gets."""
    requests: list[str] = []
    handler = type("Handler", (_Counting,), {"requests": requests})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    yield InjectionProbe(f"http://127.0.0.1:{server.server_address[1]}/sparql", requests)
    server.shutdown()
    server.server_close()
