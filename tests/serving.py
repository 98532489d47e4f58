"""A server in a child process, for the tests that need a live one: a free loopback port, its
/health, and the process run until it is ready and stopped afterwards."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_INTERVAL = 0.5  # seconds between readiness checks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            return json.load(response)
    except OSError:  # refused, reset, timed out (a busy build), or 503
        return None


@contextmanager
def serving(
    command: list[str],
    log: Path,
    env: dict[str, str],
    ready: Callable[[], bool],
    timeout: float,
    cwd: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` (a server) in a child process, until `ready()` holds; stopped on exit."""
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            log_tail = log.read_text(encoding="utf-8")[-3000:]
            assert process.poll() is None, f"the server exited:\n{log_tail}"
            assert time.monotonic() < deadline, f"the server was not ready in time:\n{log_tail}"
            time.sleep(POLL_INTERVAL)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
