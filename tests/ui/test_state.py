import shutil
from pathlib import Path

import gradio as gr
import pytest

from policy_kg import atomic
from policy_kg.config import Paths
from policy_kg.corpus.errors import CorpusErrors
from policy_kg.rebuild.locks import prune_builds
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.app import Handlers
from policy_kg.ui.downloads import DownloadFolder
from policy_kg.ui.state import NotReady, ServerState

# a switch loads the new build and warms its model up (a few seconds); this only bounds a hang
SWITCH_LIMIT = 300.0


@pytest.fixture
def state(tmp_path) -> ServerState:
    (tmp_path / "corpus").mkdir()
    return ServerState(Paths(tmp_path / "corpus", tmp_path / "indexes"))


def _ignore(step: str, done: int, total: int) -> None:
    return None


def test_before_the_build_is_loaded_health_is_503_and_handlers_say_why(state, tmp_path):
    status, body = state.health()
    assert status == 503 and body["status"] == "building"
    handlers = Handlers(state, QueryPool(tmp_path / "graph"), DownloadFolder(tmp_path))
    with pytest.raises(NotReady, match="構築"):
        handlers.ask("質問", 3)


def test_a_failed_build_is_reported_in_status_health_and_handlers(state):
    with pytest.raises(CorpusErrors):
        state.load(_ignore)
    assert state.status.phase == "failed" and "no documents" in state.status.message
    status, body = state.health()
    assert status == 503 and body["status"] == "failed"
    with pytest.raises(NotReady, match="Build failed"):
        state.runtime()


def test_the_status_line_keeps_polling_while_building_and_stops_after_a_failure(state, tmp_path):
    handlers = Handlers(state, QueryPool(tmp_path / "graph"), DownloadFolder(tmp_path))
    line, timer, *_ = handlers.refresh()
    assert "pkg-status-building" in line and timer.active
    with pytest.raises(CorpusErrors):
        state.load(_ignore)
    line, timer, *pickers = handlers.refresh()
    assert "pkg-status-failed" in line and not timer.active
    assert pickers == [gr.skip(), gr.skip()]


def test_empty_inputs_are_refused_with_a_message(state, tmp_path):
    handlers = Handlers(state, QueryPool(tmp_path / "graph"), DownloadFolder(tmp_path))
    with pytest.raises(ValueError, match="質問を入力"):
        handlers.ask("  ", 3)


@pytest.fixture
def served(runtime, tmp_path) -> ServerState:
    """A state loaded on a copy of the session's build (its own indexes folder to move)."""
    indexes = tmp_path / "indexes"
    shutil.copytree(runtime.paths.indexes, indexes, symlinks=True)
    state = ServerState(Paths(runtime.paths.corpus, indexes, runtime.paths.shared_cache))
    state.load(_ignore)
    return state


def _new_build(paths: Paths, name: str) -> Path:
    """Another complete build made current, as a CLI rebuild does (a copy is enough here)."""
    target = paths.builds / name
    shutil.copytree(paths.current.resolve(), target)
    atomic.point_symlink(paths.current, target)
    return target.resolve()


def test_the_state_serves_one_concrete_build_and_points_sparql_at_it(served):
    build = served.build
    assert build is not None and build.root == served.paths.current.resolve()
    assert served.sparql_store.resolve() == build.graph
    assert served.runtime().build == build


def test_a_newer_build_is_switched_to_as_a_whole_and_the_old_one_kept_meanwhile(served):
    first = served.build
    second = _new_build(served.paths, "second")
    assert served.build == first  # until the new one is loaded, requests use the first
    switch = served.check_for_new_build()  # what each request does first
    assert switch is not None
    switch.join(SWITCH_LIMIT)
    assert served.build.root == second and served.runtime().build.root == second
    assert served.sparql_store.resolve() == second / "graph"
    assert served.health()[1]["passages"] == served.loaded().counts["passages"]
    assert served.check_for_new_build() is None  # nothing newer: no work per request
    assert prune_builds(served.paths.builds, keep={second}) == []  # the first: still leased
    third = _new_build(served.paths, "third")
    served.check_for_new_build().join(SWITCH_LIMIT)
    assert served.build.root == third
    assert prune_builds(served.paths.builds, keep={second, third}) == [first.root]
