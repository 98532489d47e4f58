import gradio as gr
import pytest

from policy_kg.config import Paths
from policy_kg.corpus.errors import CorpusErrors
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.app import Handlers
from policy_kg.ui.state import NotReady, ServerState


@pytest.fixture
def state(tmp_path) -> ServerState:
    (tmp_path / "corpus").mkdir()
    return ServerState(Paths(tmp_path / "corpus", tmp_path / "indexes"))


def _ignore(step: str, done: int, total: int) -> None:
    return None


def test_before_the_build_is_loaded_health_is_503_and_handlers_say_why(state, tmp_path):
    status, body = state.health()
    assert status == 503 and body["status"] == "building"
    handlers = Handlers(state, QueryPool(tmp_path / "graph"), tmp_path)
    with pytest.raises(gr.Error, match="構築"):
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
    handlers = Handlers(state, QueryPool(tmp_path / "graph"), tmp_path)
    line, timer, *_ = handlers.refresh()
    assert "pkg-status-building" in line and timer.active
    with pytest.raises(CorpusErrors):
        state.load(_ignore)
    line, timer, *pickers = handlers.refresh()
    assert "pkg-status-failed" in line and not timer.active
    assert pickers == [gr.skip(), gr.skip()]


def test_empty_inputs_are_refused_with_a_message(state, tmp_path):
    handlers = Handlers(state, QueryPool(tmp_path / "graph"), tmp_path)
    with pytest.raises(gr.Error, match="質問を入力"):
        handlers.ask("  ", 3)
