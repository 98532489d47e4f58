"""FAISS inner-product search over unit-length embeddings, and the embedding cache.

Flat (exact) search up to `FLAT_LIMIT` rows: at this corpus size (783 indexed passages) an
exact scan takes 0.1 ms. Above it, an HNSW graph keeps
queries fast at a small recall cost (bench/bench_dense.py prints both by row count).
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
from policy_kg.progress import ProgressCallback

# Rows above which the exact scan gives way to HNSW. bench/bench_dense.py, on this 2-core
# machine under load: `scores` over a flat index takes 1.3 ms at 9,000 rows, then 45-65 ms
# from 10,000 rows on (a step, not a slope: cause not traced), where HNSW
# takes 0.2-0.3 ms with recall@10 0.998-1.0 against flat (0.976 at 110,000 rows).
FLAT_LIMIT = 9_000
HNSW_LINKS = 32  # M, links per node: FAISS's usual choice for vectors of a few hundred dims
HNSW_SEARCH_DEPTH = 128  # efSearch: candidates an HNSW query visits
# Rows an HNSW query scores; the others rank last in the fusion, where ranks past a few
# hundred add almost nothing (retriever.RRF_K).
HNSW_CANDIDATES = 200
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
    def build(cls, vectors: np.ndarray, model: str, kind: str | None = None) -> DenseIndex:
        """An index of `kind` ("flat" or "hnsw"; by default the one `index_kind` chooses)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        size, dim = vectors.shape
        if (kind or index_kind(size)) == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = HNSW_SEARCH_DEPTH
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
        # the rows stay in the file, mapped (IO_FLAG_MMAP_IFC): at 100 copies of the seeds the
        # HNSW index took 292 MB of the server's memory read whole, 22 MB mapped, with the
        # same search results
        return cls(faiss.read_index(str(folder / "vectors.faiss"), faiss.IO_FLAG_MMAP_IFC), info)

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self._index, faiss.IndexHNSW) else "flat"

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every row for a flat index; with the HNSW_CANDIDATES
        nearest rows for an HNSW index (-1 for the others)."""
        top = self.info.size if self.kind == "flat" else min(self.info.size, HNSW_CANDIDATES)
        distances, rows = self._index.search(query.reshape(1, -1).astype(np.float32), top)
        scores = np.full(self.info.size, -1.0, dtype=np.float32)
        valid = rows[0] >= 0
        scores[rows[0][valid]] = distances[0][valid]
        return scores


def index_kind(size: int) -> str:
    """"flat" (exact) up to FLAT_LIMIT rows, "hnsw" above."""
    return "flat" if size <= FLAT_LIMIT else "hnsw"


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
        progress: ProgressCallback,
    ) -> None:
        """Encode, in batches, the texts not cached yet (reported to `progress` as `step`),
        and save the cache when it grew; `matrix(texts)` then has them all.

        The texts go longest first, so that each batch pads to lengths alike: the model
        sorts within a call only. bench/bench_onnx.py: 3.4 passages/s against 2.7 in corpus
        order (torch, 128 passages in calls of 64, loaded machine)."""
        missing = sorted(self.missing(texts), key=len, reverse=True)
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
