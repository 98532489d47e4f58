"""The UI's inputs take plain values only, even with Gradio's own file checks off.

These run the app's real Blocks without mounting them, so Gradio's path check is off (as
under `gr.mount_gradio_app` before the fix): what refuses a file reference here is the
second layer alone, `PlainInputBlocks`.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from policy_kg.config import Paths
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.app import Handlers, create_blocks
from policy_kg.ui.downloads import DownloadFolder
from policy_kg.ui.inputs import input_problem
from policy_kg.ui.state import ServerState

SECRET = "host-secret-4f1c9a"


def file_reference(path: Path | str) -> dict:
    return {"path": str(path), "meta": {"_type": "gradio.FileData"}}


@pytest.fixture
def gradio_cache(tmp_path, monkeypatch) -> Path:
    """Gradio's cache folder for Blocks made in this test (read when a Block is made)."""
    cache = tmp_path / "gradio-cache"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    return cache


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "host" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def app_blocks(tmp_path, gradio_cache) -> gr.Blocks:
    paths = Paths(tmp_path / "no-corpus", tmp_path / "indexes", tmp_path / "shared")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    handlers = Handlers(
        ServerState(paths), QueryPool(paths.current / "graph"), DownloadFolder(downloads)
    )
    return create_blocks(handlers)


def _function(blocks: gr.Blocks, api_name: str):
    return next(fn for fn in blocks.fns.values() if fn.api_name == api_name)


def _refusal(run_async, blocks: gr.Blocks, api_name: str, inputs: list) -> Exception:
    """The error with which the event `api_name` refuses `inputs`."""
    try:
        run_async(blocks.process_api(_function(blocks, api_name), inputs))
    except Exception as error:
        return error
    raise AssertionError(f"/{api_name} accepted {inputs!r}")


def _copies_of(secret: Path, folder: Path) -> list[Path]:
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and path.read_bytes() == secret.read_bytes()
    ]


FILE_INPUTS = {  # api name -> its inputs, with a file reference for each text input
    "ask": lambda ref: [ref, 3],
    "trace": lambda ref: [ref],
    "entity": lambda ref: [ref],
    "compare": lambda ref: [ref, ref],
    "sparql": lambda ref: [ref, "json"],
    "load_example": lambda ref: [ref],  # the Examples of the ask tab (a Dataset)
}


@pytest.mark.parametrize("api_name", FILE_INPUTS)
def test_a_file_reference_is_refused_before_gradio_copies_it(
    api_name, app_blocks, secret, gradio_cache, run_async
):
    inputs = FILE_INPUTS[api_name](file_reference(secret))
    refusal = _refusal(run_async, app_blocks, api_name, inputs)
    assert not gradio_cache.exists() or _copies_of(secret, gradio_cache) == []
    assert isinstance(refusal, gr.Error) and "input 1" in refusal.message
    assert str(secret) not in refusal.message


def test_a_number_input_takes_a_number_only(app_blocks, gradio_cache, run_async):
    refusal = _refusal(run_async, app_blocks, "ask", ["質問", file_reference("/etc/passwd")])
    assert not gradio_cache.exists() or not any(gradio_cache.rglob("passwd"))
    assert isinstance(refusal, gr.Error)
    assert "input 2 must be a number, not dict" in refusal.message


def test_plain_values_are_accepted():
    assert input_problem(gr.Textbox(), "ネオジム") is None
    assert input_problem(gr.Textbox(), None) is None
    assert input_problem(gr.Code(), "SELECT * {}") is None
    assert input_problem(gr.Dropdown(), "json") is None
    assert input_problem(gr.Slider(), 3) is None and input_problem(gr.Slider(), 2.5) is None
    assert input_problem(gr.Dataset(components=[gr.Textbox()], samples=[["a"]]), 0) is None


def test_values_of_the_wrong_kind_are_refused():
    assert input_problem(gr.Textbox(), ["a"]) == "must be text, not list"
    assert input_problem(gr.Dropdown(), 1) == "must be text, not int"
    assert input_problem(gr.Slider(), True) == "must be a number, not bool"
    assert input_problem(gr.Slider(), "3") == "must be a number, not str"
    nested = [{"value": [file_reference("/etc/hostname")]}]
    dataset = gr.Dataset(components=[gr.Textbox()], samples=[["a"]])
    assert input_problem(dataset, nested) == "must not name a file"
