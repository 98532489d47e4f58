"""Build progress: a bar on a terminal; plain lines in a log (one when a step starts, one at each
further quarter), and the same lines from a real `policy-kg build` whose stderr is a pipe."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from policy_kg.progress import PLAIN_PREFIX, PLAIN_PROGRESS_LINES, ProgressCallback, progress_bar
from policy_kg.ui.state import Status

REPO = Path(__file__).resolve().parents[1]
PLAIN_LINE = re.compile(rf"{PLAIN_PREFIX} (?P<step>[a-z ]+) (?P<done>\d+)/(?P<total>\d+)")


def _log() -> Console:
    return Console(file=io.StringIO(), force_terminal=False)


def test_plain_lines_when_the_stream_is_not_a_terminal():
    console = _log()
    with progress_bar(console) as progress:
        for done in range(1, 101):
            progress("embeddings", done, 100)
        progress("graph", 1, 1)
    lines = console.file.getvalue().splitlines()
    expected = [f"{PLAIN_PREFIX} embeddings {n}/100" for n in (1, 25, 50, 75, 100)]
    assert lines == [*expected, f"{PLAIN_PREFIX} graph 1/1"]


def test_nothing_when_disabled():
    console = _log()
    with progress_bar(console, enabled=False) as progress:
        progress("passages", 1, 2)
    assert console.file.getvalue() == ""


def test_a_bar_and_no_plain_lines_on_a_terminal():
    console = Console(file=io.StringIO(), force_terminal=True, width=80)
    with progress_bar(console) as progress:
        progress("passages", 1, 2)
    assert PLAIN_PREFIX not in console.file.getvalue()


def test_build_in_a_log_prints_a_few_lines_per_step(tmp_path, shared_cache):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for stem in ("japan-us-minerals-framework-2025-10-28", "rare-metals-overview-2011-12"):
        for suffix in (".txt", ".yaml"):
            shutil.copy(REPO / "corpus" / f"{stem}{suffix}", corpus)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "POLICY_KG_CACHE": str(shared_cache)}
    command = [sys.executable, "-m", "policy_kg", "--corpus", str(corpus)]
    command += ["--indexes", str(tmp_path / "indexes"), "build"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [PLAIN_LINE.fullmatch(line) for line in result.stderr.splitlines()]
    progress = [line for line in lines if line is not None]
    steps: dict[str, list[tuple[int, int]]] = {}
    for line in progress:
        steps.setdefault(line["step"], []).append((int(line["done"]), int(line["total"])))
    assert {"passages", "facts", "graph"} <= set(steps)
    for step, reports in steps.items():
        assert len(reports) <= PLAIN_PROGRESS_LINES + 1, step
        assert reports[-1][0] == reports[-1][1], f"{step} ends at its total"


class _BuildingState:
    """Stands in for ui.state.ServerState: its load reports two steps, as a build does."""

    status = Status("ready", "ready")

    def load(self, progress: ProgressCallback) -> None:
        progress("passages", 1, 1)
        progress("graph", 1, 1)


def test_the_server_build_in_a_log_prints_the_same_plain_lines(monkeypatch):
    from policy_kg.ui import server

    console = _log()
    monkeypatch.setattr(server, "console", console)
    server._load(_BuildingState())
    lines = console.file.getvalue().splitlines()
    assert lines[:2] == [f"{PLAIN_PREFIX} passages 1/1", f"{PLAIN_PREFIX} graph 1/1"]
