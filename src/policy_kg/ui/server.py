"""One process serving the Gradio UI at `/`, `/sparql` and `/health`.

The server listens at once; the build (what is missing from the corpus) runs in a child
process (`Runtime.start`, watched by a thread), with a progress bar in the terminal and a
status line on the page, and /health answers 503 until it is done. The build's peak memory
ends with that child: the server keeps only what queries load.

Nothing leaves the machine: analytics are off, FastAPI's docs pages (which
load scripts from a CDN) are disabled, and the theme uses fonts served by the app itself.

What a page of another site, or a client, cannot do: reach the server under another name
(`hosts`: 400 unless `Host` is one the server was started for); have a file of the machine
copied and served (Gradio's path check, which `gr.mount_gradio_app` leaves off, is turned
on in `mount_ui`, and `inputs` refuses non-plain inputs first); fill the disk (result
files are bounded by `downloads`, uploads by MAX_UPLOAD_BYTES).
"""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from rich.console import Console

from policy_kg.config import Paths
from policy_kg.corpus.ingest.read import MAX_BYTES
from policy_kg.progress import progress_bar
from policy_kg.sparql.endpoint import create_sparql_router
from policy_kg.sparql.model import SparqlSettings
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.app import Handlers, create_blocks
from policy_kg.ui.downloads import SWEEP_EVERY, DownloadFolder
from policy_kg.ui.hosts import HostCheck, allowed_hosts
from policy_kg.ui.state import ServerState
from policy_kg.ui.style import CSS, theme

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# The Add tab takes a PDF or HTML file up to the size `policy-kg add` reads; Gradio answers a
# larger upload with 413 "File size exceeded maximum allowed size of … bytes." and keeps no
# part of it.
MAX_UPLOAD_BYTES = MAX_BYTES

console = Console(stderr=True)


class PortUnavailable(Exception):
    """The server cannot listen at the host and port asked for."""


def serve(paths: Paths, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve until interrupted (what `policy-kg serve` and `python app.py` run)."""
    listening = listening_socket(host, port)
    app = create_server(paths, host=host, port=port)
    console.print(
        f"[bold]policy-kg[/bold] http://{host}:{port}/  (UI; /sparql, /health) — "
        "building what is missing first"
    )
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    uvicorn.Server(config).run(sockets=[listening])


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening at host:port, opened before anything starts: uvicorn binds only
    after the application's startup, which starts the build, so a port already taken (a
    second `scripts/run`) ended that build and was reported as "Build failed"."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as error:
        raise PortUnavailable(
            f"cannot listen on {host}:{port}: {_reason(error)}. Another server (a "
            f"policy-kg already running?) may hold the port: stop it, or serve on another "
            f"(scripts/run --port {port + 1})"
        ) from error


def _reason(error: OSError) -> str:
    return os.strerror(error.errno) if error.errno else str(error)


def create_server(
    paths: Paths,
    settings: SparqlSettings | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
) -> FastAPI:
    """The application for a server at host:port; its lifespan starts the build thread,
    the SPARQL workers and the sweep of result files.

    `app.state.server_state` is the ServerState, `app.state.sparql_pool` the QueryPool.
    """
    state = ServerState(paths)
    pool = QueryPool(state.sparql_store, settings)
    cache = Path(gr.utils.get_upload_folder())
    cache.mkdir(parents=True, exist_ok=True)
    folder = tempfile.TemporaryDirectory(prefix="policy-kg-downloads-", dir=cache)
    downloads = DownloadFolder(Path(folder.name))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=_load, args=(state,), name="policy-kg-build", daemon=True).start()
        sweeper = asyncio.create_task(_sweep(downloads))
        try:
            yield
        finally:
            sweeper.cancel()
            folder.cleanup()
            state.close()

    app = FastAPI(title="policy-kg", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(HostCheck, allowed=allowed_hosts(host, port))
    app.state.server_state = state
    app.state.sparql_pool = pool

    @app.get("/health", summary="counts of the loaded build (503 while it builds)")
    def health() -> JSONResponse:
        status, body = state.health()
        return JSONResponse(body, status_code=status)

    app.include_router(create_sparql_router(pool))
    return mount_ui(app, create_blocks(Handlers(state, pool, downloads)))


def mount_ui(app: FastAPI, blocks: gr.Blocks) -> FastAPI:
    """`blocks` at `/` of `app`, with Gradio's checks of file paths on.

    Gradio refuses an input naming a file it did not receive as an upload only once
    `blocks.has_launched` is set (`processing_utils._check_allowed`), which
    `Blocks.launch()` does and `gr.mount_gradio_app` does not (gradio 6.31): without it,
    any file the server can read is copied into Gradio's cache and served.
    """
    mounted = gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        footer_links=["api", "settings"],
        run_history=False,
        max_file_size=MAX_UPLOAD_BYTES,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        theme=theme(),
        css=CSS,
    )
    blocks.has_launched = True
    return mounted


async def _sweep(downloads: DownloadFolder) -> None:
    while True:
        await asyncio.sleep(SWEEP_EVERY)
        await asyncio.to_thread(downloads.sweep)


def _load(state: ServerState) -> None:
    with progress_bar(console) as progress:
        try:
            state.load(progress)
        except Exception:
            console.print(f"[red]policy-kg[/red] {state.status.message}", highlight=False)
            return
    console.print(f"[green]policy-kg[/green] {state.status.message}", highlight=False)
