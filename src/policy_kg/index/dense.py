"""FAISS inner-product search over unit-length embeddings, and the embedding cache.

Flat (exact) search up to `HNSW_THRESHOLD` rows: at this corpus size (about a thousand
passages) an exact scan takes well under a millisecond. Above it, an HNSW graph keeps
queries fast at a small recall cost.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from policy_kg import atomic

HNSW_THRESHOLD = 50_000
EMBED_BATCH = 64  # texts per model call while embedding what the cache lacks


@dataclass(frozen=True)
class DenseIndexInfo:
    """What the vectors were made with: an index made by another model is never reused."""

    model: str
    dim: int
    size: int


class DenseIndex:
    def __init__(self, index: faiss.Index, info: DenseIndexInfo) -> None:
        self._index = index
        self.info = info

    @classmethod
    def build(cls, vectors: np.ndarray, model: str) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        size, dim = vectors.shape
        if size > HNSW_THRESHOLD:
            index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return cls(index, DenseIndexInfo(model, dim, size))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(folder / "vectors.faiss"))
        atomic.write_text(folder / "vectors.json", json.dumps(self.info.__dict__))

    @staticmethod
    def read_info(folder: Path) -> DenseIndexInfo | None:
        path = folder / "vectors.json"
        return DenseIndexInfo(**json.loads(path.read_text())) if path.exists() else None

    @classmethod
    def load(cls, folder: Path) -> DenseIndex:
        info = cls.read_info(folder)
        if info is None:
            raise FileNotFoundError(folder / "vectors.json")
        return cls(faiss.read_index(str(folder / "vectors.faiss")), info)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every row (exact for flat indexes)."""
        distances, rows = self._index.search(
            query.reshape(1, -1).astype(np.float32), self.info.size
        )
        scores = np.full(self.info.size, -1.0, dtype=np.float32)
        valid = rows[0] >= 0
        scores[rows[0][valid]] = distances[0][valid]
        return scores


class EmbeddingCache:
    """Passage embeddings by text hash, per model, so a rebuild embeds only new texts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as stored:
                self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode()).hexdigest()

    def missing(self, texts: list[str]) -> list[str]:
        return list(dict.fromkeys(t for t in texts if self.key(t) not in self._vectors))

    def add(self, texts: list[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._vectors[self.key(text)] = vector

    def matrix(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vectors[self.key(t)] for t in texts]).astype(np.float32)

    def embed(
        self,
        texts: list[str],
        encode: Callable[[list[str]], np.ndarray],
        step: str,
        progress: Callable[[str, int, int], None],
    ) -> None:
        """Encode, in batches, the texts not cached yet (reported to `progress` as `step`),
        and save the cache when it grew; `matrix(texts)` then has them all."""
        missing = self.missing(texts)
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            self.add(batch, encode(batch))
            progress(step, start + len(batch), len(missing))
        if missing:
            self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp.npz")
        keys = np.array(list(self._vectors))
        vectors = np.stack(list(self._vectors.values())) if self._vectors else np.zeros((0, 0))
        np.savez(tmp, keys=keys, vectors=vectors)
        tmp.replace(self.path)
