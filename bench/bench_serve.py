"""Print serving figures: first-start time, warm `ask` latency through the server, peak RSS.

    .venv/bin/python bench/bench_serve.py [--corpus corpus] [--shared-cache DIR]

Starts the real server (`policy_kg.ui.server.serve`, in a child process on a free port of
127.0.0.1) over a fresh, empty indexes folder, then prints
- first start: seconds from launch until /health says "ok" (the build of everything,
  model conversion included unless `--shared-cache` holds a converted model), and until the
  page answers;
- `ask` latency p50/p95 over the questions of bench/eval/dev_qa.jsonl and extra_qa.jsonl
  (94), after one warm-up question, in three passes: each question the first time, then
  again (the server keeps the vectors of recent questions), both over the plain HTTP api
  (`POST /gradio_api/call/ask`, then its event stream: what curl or another tool sends), then
  again through gradio_client (api name `ask`). gradio_client waits for the server's
  messages in a loop that sleeps 50 ms whenever none is there yet (its
  `utils.stream_sse_v1plus`, version 2.7.2): measured here it adds about 110 ms to a call that
  the plain api answers in 45 ms, so its figure is the client's as much as the server's;
- peak resident memory (VmHWM) of the serving process, and of its SPARQL workers.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from gradio_client import Client

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = tuple(REPO / "bench" / "eval" / f"{name}_qa.jsonl" for name in ("dev", "extra"))
SERVE = (
    "import sys; from pathlib import Path; from policy_kg.config import Paths; "
    "from policy_kg.ui.server import serve; "
    "serve(Paths(Path(sys.argv[1]), Path(sys.argv[2]), "
    "Path(sys.argv[3]) if sys.argv[3] else None), '127.0.0.1', int(sys.argv[4]))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--shared-cache", type=Path, help="reuse a converted model (not fresh)")
    parser.add_argument("--questions", type=Path, nargs="+", default=QUESTIONS)
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"]
        for path in args.questions
        for line in path.open(encoding="utf-8")
    ]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        cache = str(args.shared_cache or "")
        command = [sys.executable, "-c", SERVE, str(args.corpus), scratch + "/indexes", cache]
        log = Path(scratch) / "server.log"
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
        started = time.perf_counter()
        with log.open("w") as out:
            server = subprocess.Popen([*command, str(port)], stdout=out, stderr=out, env=env)
        try:
            page, ready = _wait_for_start(url, server, log, started)
            print(f"first start (fresh indexes{'' if not cache else ', shared model'}):")
            print(f"  page answers after {page:6.1f} s; /health ok after {ready:6.1f} s")
            _ask_latency(url, questions)
            _memory(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for_start(
    url: str, server: subprocess.Popen, log: Path, started: float
) -> tuple[float, float]:
    page = None
    while True:
        if server.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text(encoding='utf-8')[-3000:]}")
        if page is None and _status(url) is not None:
            page = time.perf_counter() - started
        health = _health(url)
        if health.get("status") == "ok":
            return page or 0.0, time.perf_counter() - started
        if health.get("status") == "failed":
            raise SystemExit(f"the build failed: {health.get('message')}")
        time.sleep(0.5)


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url + "/", timeout=5) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError):
        return None


def _health(url: str) -> dict:
    try:
        with urllib.request.urlopen(url + "/health", timeout=5) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)
    except (urllib.error.URLError, ConnectionError):
        return {}


def _ask_latency(url: str, questions: list[str]) -> None:
    http_ask(url, questions[0])  # warm-up (the server warmed itself too)
    print(f"ask latency, {len(questions)} questions:")
    _print_latency("plain HTTP api, first time", [_timed(http_ask, url, q) for q in questions])
    _print_latency("plain HTTP api, asked before", [_timed(http_ask, url, q) for q in questions])
    client = Client(url, verbose=False, analytics_enabled=False, download_files=False)
    ask = functools.partial(client.predict, api_name="/ask")
    _print_latency("gradio_client, asked before", [_timed(ask, q, 3) for q in questions])


def http_ask(url: str, question: str, top_k: int = 3) -> list:
    """The api `ask` over plain HTTP: post the inputs, then read the event stream to its
    `complete` event; its data are the outputs (the answer's JSON document first)."""
    call = f"{url}/gradio_api/call/ask"
    body = json.dumps({"data": [question, top_k]}).encode()
    request = urllib.request.Request(call, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        event_id = json.load(response)["event_id"]
    event = None
    with urllib.request.urlopen(f"{call}/{event_id}", timeout=60) as stream:
        for raw in stream:
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: ") and event in ("complete", "error"):
                data = json.loads(line.removeprefix("data: "))
                if event == "error":
                    raise RuntimeError(f"ask failed for {question!r}: {data}")
                return data
    raise RuntimeError(f"ask: the event stream ended without a result for {question!r}")


def _timed(call: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def _print_latency(label: str, seconds: list[float]) -> None:
    cuts = statistics.quantiles(seconds, n=20, method="inclusive")
    print(
        f"  {label:32} p50 {statistics.median(seconds) * 1000:5.0f} ms   "
        f"p95 {cuts[18] * 1000:5.0f} ms   max {max(seconds) * 1000:5.0f} ms"
    )


def _memory(pid: int) -> None:
    children = _children(pid)
    # the spawned first build leaves multiprocessing's resource tracker (about 12 MB) behind
    trackers = [c for c in children if b"resource_tracker" in _command(c)]
    workers = [c for c in children if c not in trackers]
    serving = _peak_rss_mb(pid)
    print("peak resident memory (VmHWM):")
    print(
        f"  serving process {serving:7.0f} MB; {len(workers)} SPARQL workers "
        f"{sum(map(_peak_rss_mb, workers)):5.0f} MB; resource tracker "
        f"{sum(map(_peak_rss_mb, trackers)):3.0f} MB"
    )


def _command(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def _children(pid: int) -> list[int]:
    """Child processes, whichever thread started them (the pool spawns from threads)."""
    tasks = Path(f"/proc/{pid}/task").glob("*/children")
    return sorted({int(child) for task in tasks for child in task.read_text().split()})


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()
