"""FAISS inner-product search over unit-length embeddings, and the embedding cache.

Flat (exact) search up to `FLAT_LIMIT` rows: at this corpus size (783 indexed passages) an
exact scan takes 0.1 ms. Above it, an HNSW graph keeps
queries fast at a small recall cost (bench/bench_dense.py prints both by row count).

A build that follows one of the same code keeps the HNSW graph (`DenseIndex.extend`): the
rows of texts still indexed stay, new texts are appended, and rows whose text left the corpus
stay in the graph as dead rows, which a search passes over. Building the graph afresh took
4.5 s of every edit at 100 copies of the seeds (78,300 rows); past `DEAD_SHARE` dead rows a
build makes it afresh.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from policy_kg import atomic

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
# Dead rows past which a build makes the HNSW graph afresh: a search asks for as many more
# candidates as there are dead rows (up to HNSW_CANDIDATES more), so few must be dead.
DEAD_SHARE = 0.1
VECTORS_FILE = "vectors.faiss"
KEYS_FILE = "keys.npy"  # the text hash of each row of the index (embedding_cache.text_keys)
ROWS_FILE = "rows.npy"  # the build row of each row of an extended index; -1 for a dead row


@dataclass(frozen=True)
class DenseIndexInfo:
    """What the vectors were made with: an index made by another model is never reused."""

    model: str
    dim: int
    size: int


class DenseIndex:
    def __init__(
        self,
        index: faiss.Index,
        info: DenseIndexInfo,
        keys: np.ndarray | None = None,
        rows: np.ndarray | None = None,
    ) -> None:
        self._index = index
        self.info = info
        self._keys = keys
        # the build row of each index row, -1 when dead; None when they are the same
        self._rows = rows
        self._dead = 0 if rows is None else int(np.count_nonzero(rows < 0))

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        model: str,
        kind: str | None = None,
        keys: np.ndarray | None = None,
    ) -> DenseIndex:
        """An index of `kind` ("flat" or "hnsw"; by default the one `index_kind` chooses);
        `keys`, the rows' text hashes, let the next build extend it."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        size, dim = vectors.shape
        if (kind or index_kind(size)) == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = HNSW_SEARCH_DEPTH
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return cls(index, DenseIndexInfo(model, dim, size), keys)

    @classmethod
    def extend(
        cls,
        folder: Path,
        keys: np.ndarray,
        vectors_of: Callable[[np.ndarray], np.ndarray],
        model: str,
    ) -> DenseIndex | None:
        """The HNSW index saved in `folder`, its rows matched to `keys` (the new build's text
        hashes, one per row) and the vectors of the keys it lacks (`vectors_of(rows)`)
        appended; None when a fresh index is due: another model, no HNSW index kept, too few
        rows for one, or too many dead rows."""
        info = cls.read_info(folder)
        if info is None or info.model != model or index_kind(len(keys)) != "hnsw":
            return None
        if not (folder / KEYS_FILE).exists():
            return None
        index = faiss.read_index(str(folder / VECTORS_FILE))
        if not isinstance(index, faiss.IndexHNSW):
            return None
        kept = np.load(folder / KEYS_FILE)
        rows, added = _matched_rows(kept, keys)
        if np.count_nonzero(rows < 0) > DEAD_SHARE * (len(rows) + len(added)):
            return None
        if len(added):
            index.add(np.ascontiguousarray(vectors_of(added), dtype=np.float32))
        info = DenseIndexInfo(model, info.dim, len(keys))
        return cls(index, info, np.concatenate([kept, keys[added]]), np.concatenate([rows, added]))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self._index, str(folder / VECTORS_FILE))
        if self._keys is not None:
            np.save(folder / KEYS_FILE, self._keys)
        if self._rows is not None:
            np.save(folder / ROWS_FILE, self._rows)
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
        index = faiss.read_index(str(folder / VECTORS_FILE), faiss.IO_FLAG_MMAP_IFC)
        rows = np.load(folder / ROWS_FILE) if (folder / ROWS_FILE).exists() else None
        return cls(index, info, rows=rows)

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self._index, faiss.IndexHNSW) else "flat"

    def row_vectors(self) -> np.ndarray:
        """Every live row's vector, by row (zeros for a row with none), read back from the
        index: what bench/fit_query_map.py fits the question map against."""
        stored = self._index.reconstruct_n(0, self._index.ntotal)
        rows = np.arange(len(stored)) if self._rows is None else self._rows
        vectors = np.zeros((self.info.size, stored.shape[1]), dtype=np.float32)
        alive = rows >= 0
        vectors[rows[alive]] = stored[alive]
        return vectors

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine of the query with every row for a flat index; with the HNSW_CANDIDATES
        nearest rows for an HNSW index (-1 for the others)."""
        size = self.info.size
        top = size if self.kind == "flat" else min(size, HNSW_CANDIDATES)
        asked = min(self._index.ntotal, top + min(self._dead, HNSW_CANDIDATES))
        distances, found = self._index.search(query.reshape(1, -1).astype(np.float32), asked)
        rows = found[0] if self._rows is None else self._rows[np.maximum(found[0], 0)]
        alive = (found[0] >= 0) & (rows >= 0)
        scores = np.full(size, -1.0, dtype=np.float32)
        scores[rows[alive][:top]] = distances[0][alive][:top]
        return scores


def _matched_rows(kept: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each kept index row, the new row of the same text (-1: dead), each new row matched
    at most once; and the new rows no kept row holds, to be appended."""
    waiting: dict[bytes, list[int]] = {}
    for row, key in enumerate(keys.tolist()):
        waiting.setdefault(key, []).append(row)
    rows = np.full(len(kept), -1, dtype=np.int64)
    for n, key in enumerate(kept.tolist()):
        if found := waiting.get(key):
            rows[n] = found.pop()
    added = sorted(row for left in waiting.values() for row in left)
    return rows, np.array(added, dtype=np.int64)


def index_kind(size: int) -> str:
    """The index kind for `size` vectors: "flat" (exact) up to FLAT_LIMIT, "hnsw" above."""
    return "flat" if size <= FLAT_LIMIT else "hnsw"
