"""What the server knows about its build: loading in the background, then the Runtime.

The server answers from the first second: while the build runs, the page shows its progress
and /health answers 503 "building"; the handlers say the build is not ready yet. Once built,
the embedding model is loaded and one question is answered to warm it up, so that the first
user's question is as fast as the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyoxigraph import Store

from policy_kg.build import ProgressCallback
from policy_kg.config import Paths
from policy_kg.corpus.errors import CorpusErrors
from policy_kg.runtime import Runtime
from policy_kg.ui.context import PassageContext

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

    def load(self, progress: ProgressCallback) -> None:
        """Build what is missing, load it and warm the model up (blocking)."""

        def report(step: str, done: int, total: int) -> None:
            label = STEP_LABELS.get(step, step)
            self.status = Status("building", f"構築中 Building — {label}: {done}/{total}")
            progress(step, done, total)

        try:
            runtime = Runtime.start(self.paths, progress=report)
            self.status = Status("warming", "モデルを読み込み中… Loading the model…")
            runtime.ask(WARM_UP_QUESTION)
            context = PassageContext({d: runtime.document(d) for d in runtime.documents})
            loaded = Loaded(runtime, context, _counts(runtime))
        except CorpusErrors as errors:
            details = "; ".join(str(error) for error in errors.errors)
            self.status = Status("failed", f"構築に失敗しました Build failed: {details}")
            raise
        except Exception as error:
            self.status = Status("failed", f"構築に失敗しました Build failed: {error}")
            raise
        self._loaded = loaded
        counts = loaded.counts
        self.status = Status(
            "ready",
            f"準備完了 Ready — {counts['documents']} 文書 documents, "
            f"{counts['passages']} パッセージ passages, {counts['triples']} トリプル triples",
        )

    @property
    def ready(self) -> bool:
        return self._loaded is not None

    def loaded(self) -> Loaded:
        if self._loaded is None:
            raise NotReady(f"まだ使えません Not ready yet — {self.status.message}")
        return self._loaded

    def runtime(self) -> Runtime:
        return self.loaded().runtime

    def context(self) -> PassageContext:
        return self.loaded().context

    def health(self) -> tuple[int, dict[str, object]]:
        """(HTTP status, body) of /health: 200 "ok" with counts once loaded, else 503."""
        if self._loaded is None:
            return 503, {"status": self.status.phase, "message": self.status.message}
        return 200, {"status": "ok", **self._loaded.counts}


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
