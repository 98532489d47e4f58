"""A linear map of the question's e5 vector, fitted on the development questions, that moves a
question towards the passages that answer questions like it.

The e5 adapter (`e5_adapter`) fits the encoder itself and costs about an hour per fit on the
1,581 answerable development questions, and as long again for each fold the answer ranker
must be fitted on; this map fits in seconds, so the ranker can be fitted on dense features
that no map saw the question of (bench/fit_query_map.py, bench/fit_ranker.py). It changes
only the question's vector: v -> normalise(v + v·W), W (dimension × dimension), so the passage
and unit vectors of a build, and every cache of them, stay as they are.

It learns the corpus's facts, not a way of asking. Out of fold over the 1,563 development
questions with a supporting passage (bench/fit_query_map.py, 2026-12-07), dense passage
recall@1 rises from 0.834 to 0.878 (@3 0.937 to 0.960) when the folds keep only each question
apart, so that another wording of its fact was learnt, as for most questions a researcher
asks of these texts; it stays at 0.832 (@3 0.930) when they keep each fact apart.
`query_map.json` records the figures of the file in use. A corpus with documents added keeps
the map: it draws no question away from a passage it never saw any more than from one whose
facts no development question asks (the figures by fact); refitting it after writing
development questions on the new texts makes it learn theirs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy_kg import atomic

QUERY_MAP_FILE = Path(__file__).with_name("query_map.npz")
RECORD_FILE = QUERY_MAP_FILE.with_suffix(".json")
MATRIX_KEY = "matrix"


class QueryMapError(ValueError):
    """The query map file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class QueryMap:
    """v -> normalise(v + v·matrix), row by row."""

    matrix: np.ndarray

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        if vectors.shape[-1] != self.matrix.shape[0]:
            raise QueryMapError(
                f"the query map is for vectors of {self.matrix.shape[0]} dimensions, "
                f"not {vectors.shape[-1]}"
            )
        moved = vectors + vectors @ self.matrix
        norms = np.linalg.norm(moved, axis=-1, keepdims=True)
        return np.ascontiguousarray(moved / np.maximum(norms, 1e-12), dtype=np.float32)


def load_query_map(path: Path = QUERY_MAP_FILE) -> QueryMap:
    try:
        with np.load(io.BytesIO(path.read_bytes())) as stored:
            matrix = stored[MATRIX_KEY] if MATRIX_KEY in stored.files else None
    except (OSError, ValueError) as error:
        raise QueryMapError(f"{path}: cannot read the query map ({error})") from error
    if matrix is None:
        raise QueryMapError(f"{path}: no '{MATRIX_KEY}' entry")
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise QueryMapError(f"{path}: '{MATRIX_KEY}' is {matrix.shape}, not square")
    return QueryMap(matrix.astype(np.float32))


def save_query_map(path: Path, matrix: np.ndarray) -> None:
    """Write the matrix in float32, atomically."""
    buffer = io.BytesIO()
    np.savez(buffer, **{MATRIX_KEY: matrix.astype(np.float32)})
    atomic.write_bytes(path, buffer.getvalue())
