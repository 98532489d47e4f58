"""A store built from the Turtle fixtures, and a live server over it (module-scoped)."""

from __future__ import annotations

import gc
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from pyoxigraph import NamedNode, RdfFormat, Store

from policy_kg.sparql.app import create_app
from policy_kg.sparql.model import SparqlSettings
from policy_kg.sparql.pool import QueryPool

FIXTURES = Path(__file__).parent / "fixtures"
PASSAGES_GRAPH = "https://example.org/policy-kg/graph/passages"
# Short limits so that the tests can exceed them quickly.
TEST_SETTINGS = SparqlSettings(
    time_limit=2.0, max_rows=40, workers=3, long_workers=2, memory_limit_mb=1024
)


def build_store(path: Path) -> Path:
    """minerals.ttl in the default graph, passages.ttl in the named graph PASSAGES_GRAPH."""
    store = Store(str(path))
    store.load(path=FIXTURES / "minerals.ttl", format=RdfFormat.TURTLE)
    store.load(
        path=FIXTURES / "passages.ttl", format=RdfFormat.TURTLE, to_graph=NamedNode(PASSAGES_GRAPH)
    )
    store.flush()
    del store
    gc.collect()  # release the read-write lock before anyone opens the store read-only
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("graph") / "store")


@dataclass(frozen=True)
class LiveEndpoint:
    url: str  # .../sparql
    pool: QueryPool


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[LiveEndpoint]:
    app = create_app(store_dir, TEST_SETTINGS)
    with running_server(app) as base_url:
        yield LiveEndpoint(url=f"{base_url}/sparql", pool=app.state.sparql_pool)


class LoopbackListener:
    """A threaded HTTP server on 127.0.0.1 that counts every request it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                body = b"listener body"
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/x"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackListener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[LoopbackListener]:
    with LoopbackListener() as running:
        yield running


@contextmanager
def running_server(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free port of 127.0.0.1 in a thread; yield its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # Queries a test leaves running are abandoned at its end, not waited for.
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
