"""One process serving SPEC §4: the Gradio UI at `/`, `/sparql` and `/health`.

The server listens at once; the build (what is missing from the corpus) runs in a thread,
with a progress bar in the terminal and a status line on the page, and /health answers 503
until it is done. Nothing leaves the machine: analytics are off, FastAPI's docs pages (which
load scripts from a CDN) are disabled, and the theme uses fonts served by the app itself.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import gradio as gr
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from policy_kg.build import ProgressCallback
from policy_kg.config import Paths
from policy_kg.sparql.endpoint import create_sparql_router
from policy_kg.sparql.model import SparqlSettings
from policy_kg.sparql.pool import QueryPool
from policy_kg.ui.app import Handlers, create_blocks
from policy_kg.ui.state import ServerState
from policy_kg.ui.style import CSS, theme

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860

console = Console(stderr=True)


def serve(paths: Paths, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve until interrupted (what `policy-kg serve` and `python app.py` run)."""
    app = create_server(paths)
    console.print(
        f"[bold]policy-kg[/bold] http://{host}:{port}/  (UI; /sparql, /health) — "
        "building what is missing first"
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def create_server(paths: Paths, settings: SparqlSettings | None = None) -> FastAPI:
    """The application; its lifespan starts the build thread and the SPARQL workers.

    `app.state.server_state` is the ServerState, `app.state.sparql_pool` the QueryPool.
    """
    state = ServerState(paths)
    pool = QueryPool(state.sparql_store, settings)
    downloads = tempfile.TemporaryDirectory(prefix="policy-kg-downloads-")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=_load, args=(state,), name="policy-kg-build", daemon=True).start()
        try:
            yield
        finally:
            downloads.cleanup()

    app = FastAPI(title="policy-kg", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.server_state = state
    app.state.sparql_pool = pool

    @app.get("/health", summary="counts of the loaded build (503 while it builds)")
    def health() -> JSONResponse:
        status, body = state.health()
        return JSONResponse(body, status_code=status)

    app.include_router(create_sparql_router(pool))
    blocks = create_blocks(Handlers(state, pool, Path(downloads.name)))
    return gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        footer_links=["api", "settings"],
        run_history=False,
        allowed_paths=[downloads.name],
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        theme=theme(),
        css=CSS,
    )


def _load(state: ServerState) -> None:
    with _terminal_progress() as progress:
        try:
            state.load(progress)
        except Exception:
            console.print(f"[red]policy-kg[/red] {state.status.message}", highlight=False)
            return
    console.print(f"[green]policy-kg[/green] {state.status.message}", highlight=False)


@contextmanager
def _terminal_progress() -> Iterator[ProgressCallback]:
    """A rich progress bar (when stderr is a terminal), fed with (step, done, total)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=console, disable=not console.is_terminal
    ) as bar:
        tasks: dict[str, int] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update
