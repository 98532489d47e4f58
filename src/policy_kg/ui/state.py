"""What the server knows about its build: loading in the background, then the Runtime.

The server answers from the first second: while the build runs, the page shows its progress
and /health answers 503 "building"; the handlers say the build is not ready yet. Once built,
the embedding model is loaded, one question is answered to warm it up, and the question
routes read what every question of their kind reads (`Router.prepare`), so that the first
user's question is as fast as the next. The model's code (sentence-transformers, torch) is
imported in a thread while the build runs: the server's own process is idle then, and the
import is 3-6 s of the warm-up.

The server reads one concrete build at a time, leased (see `rebuild.locks`), never the moving
`indexes/current`: the graph, passages, indexes and /health counts always come from the same
build. When a request finds that `current` names a newer build (one readlink per request),
a background thread loads that build as a whole and warms it up while the old one keeps
answering, then swaps both in one assignment. The build before is kept leased until the next
switch, for requests still running on it. `/sparql` runs in worker processes, which follow
the symlink `sparql_store` that this state points at the build it serves.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pyoxigraph import Store

from policy_kg.config import BuildDir, Paths
from policy_kg.corpus.errors import MESSAGE_LIMIT, CorpusErrors, shorten
from policy_kg.index.embedder import import_model_code, offline_model_hub
from policy_kg.rebuild import BuildReport, ProgressCallback
from policy_kg.runtime import Runtime
from policy_kg.ui.context import PassageContext

logger = logging.getLogger(__name__)
Phase = Literal["building", "warming", "ready", "failed"]
WARM_UP_QUESTION = "レアアースの2030年の目標は何か。"
STEP_LABELS = {
    "passages": "文書の解析 parsing",
    "facts": "事実の抽出 extracting facts",
    "graph": "グラフの作成 writing the graph",
    "embeddings": "埋め込み embedding",
}


class NotReady(RuntimeError):
    """The build is still running, or failed: the message says which."""


@dataclass(frozen=True)
class Status:
    phase: Phase
    message: str


@dataclass(frozen=True)
class Loaded:
    runtime: Runtime
    context: PassageContext
    counts: dict[str, int]


class ServerState:
    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.status = Status("building", "構築を開始しています… Starting the build…")
        self._loaded: Loaded | None = None
        # the lease of the build served before: requests may still be running on it (their
        # own references keep its objects alive; this keeps its files)
        self._previous_report: BuildReport | None = None
        self._switching = threading.Lock()
        self._failed_switch: Path | None = None
        links = tempfile.mkdtemp(prefix="policy-kg-serving-")
        self._remove_links = weakref.finalize(self, shutil.rmtree, links, ignore_errors=True)
        self._link = Path(links) / "build"
        # until a build of its own is served, /sparql answers from the one on disk, if any
        self._link.symlink_to(paths.current.absolute())

    def close(self) -> None:
        """Remove the link folder now. A server stopped by SIGTERM never runs finalizers:
        uvicorn shuts down, then raises the signal again, and the default action ends the
        process on the spot."""
        self._remove_links()

    @property
    def sparql_store(self) -> Path:
        """The graph store of the build being served, through a link this state repoints
        when it switches builds (for the SPARQL workers, which reopen a moved store); before
        the first build is served (building, or the build failed), `indexes/current`'s."""
        return self._link / "graph"

    @property
    def build(self) -> BuildDir | None:
        """The concrete build being served (None until loaded)."""
        return self._loaded.runtime.build if self._loaded is not None else None

    def load(self, progress: ProgressCallback) -> None:
        """Build what is missing, load it and warm the model up (blocking)."""

        def report(step: str, done: int, total: int) -> None:
            label = STEP_LABELS.get(step, step)
            self.status = Status("building", f"構築中 Building — {label}: {done}/{total}")
            progress(step, done, total)

        def waiting(message: str) -> None:
            self.status = Status("building", f"他の構築の終了待ち Waiting — {message}")

        offline_model_hub()  # before the import below starts, in this thread
        threading.Thread(target=import_model_code, name="import-model-code", daemon=True).start()
        try:
            runtime = Runtime.start(self.paths, progress=report, on_wait=waiting)
            self.status = Status("warming", "モデルを読み込み中… Loading the model…")
            loaded = _prepare(runtime)
        except CorpusErrors as errors:
            details = shorten("; ".join(str(error) for error in errors.errors), MESSAGE_LIMIT)
            self.status = Status("failed", f"構築に失敗しました Build failed: {details}")
            raise
        except Exception as error:
            shown = shorten(f"{type(error).__name__}: {error}", MESSAGE_LIMIT)
            self.status = Status("failed", f"構築に失敗しました Build failed: {shown}")
            raise
        self._serve(loaded)

    def _serve(self, loaded: Loaded) -> None:
        """Answer from `loaded` from now on; end the lease of the build before the last."""
        retired = self._previous_report
        if self._loaded is not None:
            self._previous_report = self._loaded.runtime.report
        self._loaded = loaded
        tmp = self._link.with_name(".build.tmp")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(loaded.runtime.build.root)
        os.replace(tmp, self._link)
        counts = loaded.counts
        self.status = Status(
            "ready",
            f"準備完了 Ready — {counts['documents']} 文書 documents, "
            f"{counts['passages']} パッセージ passages, {counts['triples']} トリプル triples",
        )
        if retired is not None:
            retired.release()

    def check_for_new_build(self) -> threading.Thread | None:
        """Start loading the build `indexes/current` names if it is not the one served;
        the thread doing it, or None when there is nothing to do."""
        served = self._loaded
        if served is None or self._switching.locked():
            return None
        try:
            current = self.paths.current.resolve(strict=True)
        except OSError:
            return None
        if current in (served.runtime.build.root, self._failed_switch):
            return None
        if not self._switching.acquire(blocking=False):
            return None
        thread = threading.Thread(target=self._switch, name="policy-kg-switch", daemon=True)
        thread.start()
        return thread

    def _switch(self) -> None:
        try:
            runtime = Runtime.open(self.paths)
            if runtime is None:
                return
            try:
                loaded = _prepare(runtime)
            except Exception:
                runtime.close()
                self._failed_switch = runtime.build.root
                logger.exception("could not load the new build; still serving the old one")
                return
            self._serve(loaded)
        finally:
            self._switching.release()

    @property
    def ready(self) -> bool:
        return self._loaded is not None

    def loaded(self) -> Loaded:
        self.check_for_new_build()
        if self._loaded is None:
            raise NotReady(f"まだ使えません Not ready yet — {self.status.message}")
        return self._loaded

    def runtime(self) -> Runtime:
        return self.loaded().runtime

    def context(self) -> PassageContext:
        return self.loaded().context

    def health(self) -> tuple[int, dict[str, object]]:
        """(HTTP status, body) of /health: 200 "ok" with counts once loaded, else 503."""
        self.check_for_new_build()
        if self._loaded is None:
            return 503, {"status": self.status.phase, "message": self.status.message}
        return 200, {"status": "ok", **self._loaded.counts}


def _prepare(runtime: Runtime) -> Loaded:
    """`runtime` warmed up, with its documents' context and its counts."""
    runtime.ask(WARM_UP_QUESTION)
    runtime.router.prepare()
    context = PassageContext({d: runtime.document(d) for d in runtime.documents})
    return Loaded(runtime, context, _counts(runtime))


def _counts(runtime: Runtime) -> dict[str, int]:
    return {
        "documents": len(runtime.documents),
        "triples": _triples(runtime),
        "passages": sum(d.passages for d in runtime.report.documents),
    }


def _triples(runtime: Runtime) -> int:
    """Statements in the graph store (0 before the build writes one)."""
    graph = runtime.build.graph
    if not graph.is_dir():
        return 0
    return len(Store.read_only(str(graph)))
