"""The answer units of every passage (`corpus.units`) and their e5 embeddings, made at build time.

Ranking a question's candidate units by their own dense similarity needs one vector per unit;
embedding them at question time would cost a model call per candidate (tens of milliseconds
each on this machine), so they are embedded once by the build, cached by content hash like the
passages' vectors, and looked up by (passage, start, end) when a question comes. A table row is
embedded with its table's header rows, which say what its cells are.

Each unit is embedded twice: alone, and placed after its document's title and section path
(`placed_text`), since a sentence often leaves its subject to the heading above it. With both
cosines as features the ranker cites a supporting sentence first for 72% of the development
questions out of fold, against 68% with the unit alone (bench/fit_ranker.py, 185 answerable
questions); the second pass costs one more embedding per unit at build time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy_kg import atomic
from policy_kg.config import CacheDir
from policy_kg.corpus.model import Passage
from policy_kg.corpus.units import AnswerUnit, answer_units
from policy_kg.index.embedder import Embedder
from policy_kg.index.embedding_cache import EmbeddingCache
from policy_kg.progress import ProgressCallback

Span = tuple[int, int]


def embedded_text(passage: Passage, unit: AnswerUnit) -> str:
    """What is embedded of a unit: its text, after its table's header rows if it has them."""
    quote = unit.quote(passage)
    return f"{unit.context}\n{quote}" if unit.context else quote


def placed_text(passage: Passage, unit: AnswerUnit, title: str) -> str:
    """A unit placed in its document: the title and section path, then its text."""
    return f"{' / '.join((title, *passage.section))}: {unit.quote(passage)}"


@dataclass(frozen=True)
class UnitCosines:
    """The question's cosine with each unit, alone and placed under its headings."""

    own: np.ndarray
    placed: np.ndarray


class SentenceVectors:
    """Two unit-length vectors per candidate span of every indexed passage: the unit's own
    text (`embedded_text`) and the unit placed in its document (`placed_text`)."""

    def __init__(
        self, spans: dict[str, list[Span]], matrix: np.ndarray, placed: np.ndarray
    ) -> None:
        self._spans = spans
        self._matrix = matrix
        self._placed = placed
        self._rows: dict[tuple[str, int, int], int] = {}
        for passage_id, found in spans.items():
            for a, b in found:
                self._rows[(passage_id, a, b)] = len(self._rows)

    def spans(self, passage_id: str) -> list[Span]:
        return self._spans.get(passage_id, [])

    def similarity(self, passage_id: str, spans: list[Span], query: np.ndarray) -> UnitCosines:
        """Cosines of the query with each span (0 for a span the build did not embed)."""
        rows = [self._rows.get((passage_id, a, b), -1) for a, b in spans]
        known = np.array([r >= 0 for r in rows], dtype=bool)
        found = [r for r in rows if r >= 0]
        own = np.zeros(len(spans), dtype=np.float32)
        placed = np.zeros(len(spans), dtype=np.float32)
        if found:
            own[known] = self._matrix[found] @ query
            placed[known] = self._placed[found] @ query
        return UnitCosines(own, placed)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        atomic.write_text(folder / "spans.json", json.dumps(self._spans))
        tmp = folder / ".vectors.tmp.npy"
        for name, matrix in (("vectors.npy", self._matrix), ("placed.npy", self._placed)):
            np.save(tmp, matrix)
            tmp.replace(folder / name)

    @classmethod
    def load(cls, folder: Path) -> SentenceVectors:
        """The vectors mapped from their files, not read: a question reads a few hundred rows,
        and at 100 copies of the seeds the two matrices are 365 MB."""
        spans = json.loads((folder / "spans.json").read_text(encoding="utf-8"))
        typed = {pid: [(int(a), int(b)) for a, b in found] for pid, found in spans.items()}
        own, placed = (np.load(folder / n, mmap_mode="r") for n in ("vectors.npy", "placed.npy"))
        return cls(typed, own, placed)


def build_sentence_vectors(
    passages: list[Passage],
    titles: dict[str, str],
    embedder: Embedder,
    cache_dir: Path,
    progress: ProgressCallback,
) -> SentenceVectors:
    """Embed every candidate span of the passages, alone and placed under its document's title
    (`titles`, by doc_id) and section path, reusing the cached vectors of known texts."""
    units = {p.passage_id: answer_units(p) for p in passages}
    spans = {pid: [(u.start, u.end) for u in found] for pid, found in units.items()}
    own = [embedded_text(p, u) for p in passages for u in units[p.passage_id]]
    placed = [placed_text(p, u, titles[p.doc_id]) for p in passages for u in units[p.passage_id]]
    cache = EmbeddingCache(CacheDir(cache_dir).sentence_embeddings(embedder.name))
    if not own:
        empty = np.zeros((0, embedder.dim), dtype=np.float32)
        return SentenceVectors(spans, empty, empty)
    vectors = cache.embed(own + placed, embedder.encode_passages, "sentence embeddings", progress)
    return SentenceVectors(spans, vectors[: len(own)], vectors[len(own) :])
