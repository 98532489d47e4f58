"""The answer units of every passage (`corpus.units`) and their e5 embeddings, made at build time.

Ranking a question's candidate units by their own dense similarity needs one vector per unit;
embedding them at question time would cost a model call per candidate (tens of milliseconds
each on this machine), so they are embedded once by the build, cached by content hash like the
passages' vectors, and looked up by (passage, start, end) when a question comes. A table row is
embedded with its table's header rows, which say what its cells are.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from policy_kg import atomic
from policy_kg.config import CacheDir
from policy_kg.corpus.model import Passage
from policy_kg.corpus.units import AnswerUnit, answer_units
from policy_kg.index.dense import EmbeddingCache
from policy_kg.index.embedder import Embedder
from policy_kg.progress import ProgressCallback

Span = tuple[int, int]


def unit_spans(passage: Passage) -> list[Span]:
    return [(u.start, u.end) for u in answer_units(passage)]


def embedded_text(passage: Passage, unit: AnswerUnit) -> str:
    """What is embedded of a unit: its text, after its table's header rows if it has them."""
    quote = unit.quote(passage)
    return f"{unit.context}\n{quote}" if unit.context else quote


class SentenceVectors:
    """One unit-length vector per candidate span of every indexed passage."""

    def __init__(self, spans: dict[str, list[Span]], matrix: np.ndarray) -> None:
        self._spans = spans
        self._matrix = matrix
        self._rows: dict[tuple[str, int, int], int] = {}
        for passage_id, found in spans.items():
            for a, b in found:
                self._rows[(passage_id, a, b)] = len(self._rows)

    def spans(self, passage_id: str) -> list[Span]:
        return self._spans.get(passage_id, [])

    def similarity(self, passage_id: str, spans: list[Span], query: np.ndarray) -> np.ndarray:
        """Cosine of the query with each span (0 for a span the build did not embed)."""
        rows = [self._rows.get((passage_id, a, b), -1) for a, b in spans]
        known = np.array([r >= 0 for r in rows], dtype=bool)
        out = np.zeros(len(spans), dtype=np.float32)
        if known.any():
            out[known] = self._matrix[[r for r in rows if r >= 0]] @ query
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        atomic.write_text(folder / "spans.json", json.dumps(self._spans))
        tmp = folder / ".vectors.tmp.npy"
        np.save(tmp, self._matrix)
        tmp.replace(folder / "vectors.npy")

    @classmethod
    def load(cls, folder: Path) -> SentenceVectors:
        spans = json.loads((folder / "spans.json").read_text(encoding="utf-8"))
        typed = {pid: [(int(a), int(b)) for a, b in found] for pid, found in spans.items()}
        return cls(typed, np.load(folder / "vectors.npy"))


def build_sentence_vectors(
    passages: list[Passage],
    embedder: Embedder,
    cache_dir: Path,
    progress: ProgressCallback,
) -> SentenceVectors:
    """Embed every candidate span of the passages, reusing the cached vectors of known texts."""
    units = {p.passage_id: answer_units(p) for p in passages}
    spans = {pid: [(u.start, u.end) for u in found] for pid, found in units.items()}
    texts = [embedded_text(p, u) for p in passages for u in units[p.passage_id]]
    cache = EmbeddingCache(CacheDir(cache_dir).sentence_embeddings(embedder.name))
    cache.embed(texts, embedder.encode_passages, "sentence embeddings", progress)
    matrix = cache.matrix(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
    return SentenceVectors(spans, matrix)
