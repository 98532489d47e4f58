"""BM25 over Sudachi normalized terms (bm25s), persisted beside the other indexes."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np

from policy_kg import atomic


class LexicalIndex:
    """BM25 over pre-tokenised documents; rows are positions in the indexed list.

    It also keeps each term's document frequency, for the IDF weights that answer
    extraction uses to tell specific words from common ones.
    """

    def __init__(self, bm25: bm25s.BM25, size: int, frequencies: dict[str, int]) -> None:
        self._bm25 = bm25
        self.size = size
        self._frequencies = frequencies

    @classmethod
    def build(cls, documents: list[list[str]]) -> LexicalIndex:
        bm25 = bm25s.BM25()
        bm25.index([terms or [""] for terms in documents], show_progress=False)
        frequencies = Counter(t for terms in documents for t in set(terms))
        return cls(bm25, len(documents), dict(frequencies))

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)
        stats = {"size": self.size, "frequencies": self._frequencies}
        atomic.write_text(folder / "frequencies.json", json.dumps(stats, ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        bm25 = bm25s.BM25.load(str(folder), show_progress=False)
        stats = json.loads((folder / "frequencies.json").read_text(encoding="utf-8"))
        return cls(bm25, stats["size"], stats["frequencies"])

    def knows(self, term: str) -> bool:
        """Whether any passage holds the term."""
        return term in self._frequencies

    def idf(self, term: str) -> float:
        """BM25's IDF: high for rare terms, near zero for terms in most passages."""
        n = self._frequencies.get(term, 0)
        return math.log(1 + (self.size - n + 0.5) / (n + 0.5))

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every row for the query terms (zeros when no term is known)."""
        known = [t for t in terms if t in self._frequencies]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return self._bm25.get_scores(known).astype(np.float32)
