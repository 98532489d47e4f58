"""Embeddings by text hash, per model, so a rebuild embeds only the texts it has not seen.

The cache is one matrix and a row per key, as it is stored: a build looks up every passage
and every answer unit, alone and placed (315,000 vectors at 100 copies of the seeds), and
stacking them one by one from a dictionary of vectors took 1.9 s of an edit there (load
average about 3). A cache file that cannot be read (cut short, not an `.npz`, keys and rows
that do not pair) is passed over with a warning naming it: the build embeds again what it
lacks, and saving writes the file anew.

Embedding does not write the file: its owner saves it once, after every step that embeds
through it (`VectorCaches`). The passages and the answer units placed share one cache; when
each step opened and saved it, an edit at 100 copies of the seeds would read it once more and
write it twice. A cache of that size (232,000 rows, 393 MB) takes 0.5-0.8 s to write here and
0.3-0.4 s to read (2026-12-06), so about a second of an edit of about 15 s.
"""

from __future__ import annotations

import hashlib
import logging
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy_kg.config import CacheDir
from policy_kg.progress import ProgressCallback

EMBED_BATCH = 64  # texts per model call while embedding what the cache lacks
log = logging.getLogger(__name__)


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def text_keys(texts: list[str]) -> np.ndarray:
    """The texts' keys as fixed-width bytes, as a dense index keeps them."""
    return np.array([text_key(t) for t in texts], dtype="S40")


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._added: list[np.ndarray] = []  # batches added since, rows after the matrix's
        self._unsaved = False
        if path.exists():
            try:
                self._rows, self._matrix = _read(path)
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
                log.warning("%s: unreadable embedding cache (%s); embedding again", path, error)

    def missing(self, texts: list[str]) -> list[str]:
        return list(dict.fromkeys(t for t in texts if text_key(t) not in self._rows))

    def add(self, texts: list[str], vectors: np.ndarray) -> None:
        fresh = []
        for text, vector in zip(texts, vectors, strict=True):
            key = text_key(text)
            if key not in self._rows:
                self._rows[key] = len(self._rows)
                fresh.append(vector)
        if fresh:
            self._added.append(np.stack(fresh).astype(np.float32))
            self._unsaved = True

    def matrix(self, texts: list[str]) -> np.ndarray:
        """The texts' vectors, one row each, in their order."""
        return self._all()[[self._rows[text_key(t)] for t in texts]]

    def embed(
        self,
        texts: list[str],
        encode: Callable[[list[str]], np.ndarray],
        step: str,
        progress: ProgressCallback,
    ) -> np.ndarray:
        """The texts' vectors, one row each, in their order: the texts not cached yet are
        encoded in batches (reported to `progress` as `step`) and kept until `save`. Each
        text is hashed once.

        The texts go longest first, so that each batch pads to lengths alike: the model
        sorts within a call only. bench/bench_onnx.py: 3.4 passages/s against 2.7 in corpus
        order (torch, 128 passages in calls of 64, loaded machine)."""
        keys = [text_key(t) for t in texts]
        unseen = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._rows}
        missing = sorted(unseen.values(), key=len, reverse=True)
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            self.add(batch, encode(batch))
            progress(step, start + len(batch), len(missing))
        return self._all()[[self._rows[k] for k in keys]]

    def save(self) -> None:
        """Write the cache aside and rename it into place, if it grew since it was read."""
        if not self._unsaved:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp.npz")
        np.savez(tmp, keys=np.array(list(self._rows)), vectors=self._all())
        tmp.replace(self.path)
        self._unsaved = False

    def _all(self) -> np.ndarray:
        """Every cached vector, in row order: the stored matrix and what was added since."""
        if self._added:
            parts = [self._matrix] if len(self._matrix) else []
            self._matrix = np.concatenate(parts + self._added)
            self._added = []
        return self._matrix


@dataclass(frozen=True)
class VectorCaches:
    """A build's two caches of one model: the passages as indexed (and the answer units placed
    as their passages are), and the answer units alone."""

    passages: EmbeddingCache
    units: EmbeddingCache

    @classmethod
    def open(cls, caches: CacheDir, model: str) -> VectorCaches:
        return cls(
            EmbeddingCache(caches.embeddings(model)),
            EmbeddingCache(caches.sentence_embeddings(model)),
        )

    def save(self) -> None:
        self.passages.save()
        self.units.save()


def _read(path: Path) -> tuple[dict[str, int], np.ndarray]:
    with np.load(path) as stored:
        keys = stored["keys"].tolist()
        matrix = stored["vectors"].astype(np.float32, copy=False)
    if matrix.ndim != 2 or len(matrix) != len(keys):
        raise ValueError(f"{len(keys)} keys for vectors of shape {matrix.shape}")
    return {key: n for n, key in enumerate(keys)}, matrix
