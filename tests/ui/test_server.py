"""The server's wiring: mounting the UI turns Gradio's own file checks on (the first layer,
tested without the second), the Host check is for the host and port given, and a stopped
server leaves no temporary folder."""

from __future__ import annotations

import gradio as gr
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from policy_kg.config import Paths
from policy_kg.ui.server import create_server, mount_ui

from .conftest import small_serving


def test_mounted_blocks_refuse_a_file_that_was_not_uploaded(tmp_path, monkeypatch, run_async):
    cache = tmp_path / "gradio-cache"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    secret = tmp_path / "secret.txt"
    secret.write_text("host-secret-7d20", encoding="utf-8")
    seen = []
    with gr.Blocks() as blocks:  # plain Blocks: no input checks of this project's own
        box = gr.File()
        box.upload(seen.append, box, None, api_name="take")
    mount_ui(FastAPI(), blocks)
    take = next(fn for fn in blocks.fns.values() if fn.api_name == "take")
    reference = {"path": str(secret), "meta": {"_type": "gradio.FileData"}}
    try:
        run_async(blocks.process_api(take, [reference]))
    except Exception as error:
        refusal = error
    else:
        refusal = None
    copies = [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    assert copies == [] and seen == []
    assert refusal is not None and str(secret) in str(refusal)


def test_the_server_answers_under_the_host_it_was_started_for(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio-cache"))
    paths = Paths(tmp_path / "corpus", tmp_path / "indexes", tmp_path / "shared")
    client = TestClient(create_server(paths, host="myhost.lan", port=8123))  # no lifespan
    assert client.get("/health", headers={"Host": "myhost.lan:8123"}).status_code == 503
    assert client.get("/health", headers={"Host": "localhost:8123"}).status_code == 503
    assert client.get("/health", headers={"Host": "myhost.lan:7860"}).status_code == 400
    assert client.get("/health", headers={"Host": "evil.example:8123"}).status_code == 400


@pytest.mark.slow  # starts a server
def test_a_server_stopped_by_sigterm_leaves_no_temporary_folder(tmp_path):
    """`serve` stopped as a service manager stops it: its link folder (the build it serves)
    and its result files' folder go with it, though a signal ends it without finalizers."""
    with small_serving(tmp_path) as server:
        made = sorted(p.name.split("-")[2] for p in server.tmp.rglob("policy-kg-*"))
        assert made == ["downloads", "serving"]
    assert list(server.tmp.rglob("policy-kg-*")) == []
