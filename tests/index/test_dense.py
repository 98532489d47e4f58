"""The dense index kind follows the row count: exact up to FLAT_LIMIT, HNSW above, and an
HNSW index still finds a query's nearest rows and keeps its kind through save and load."""

from pathlib import Path

import numpy as np
import pytest

from policy_kg.index import dense
from policy_kg.index.dense import DenseIndex, index_kind

SMALL_LIMIT = 40  # a limit a test can cross with a few rows


def unit_rows(count: int, dim: int = 16, seed: int = 3) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(count, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_kind_is_flat_up_to_the_limit_and_hnsw_above():
    assert index_kind(1) == "flat"
    assert index_kind(dense.FLAT_LIMIT) == "flat"
    assert index_kind(dense.FLAT_LIMIT + 1) == "hnsw"


@pytest.mark.parametrize(("rows", "kind"), [(SMALL_LIMIT, "flat"), (SMALL_LIMIT + 1, "hnsw")])
def test_build_chooses_the_kind_by_size(monkeypatch, rows, kind):
    monkeypatch.setattr(dense, "FLAT_LIMIT", SMALL_LIMIT)
    assert DenseIndex.build(unit_rows(rows), "test").kind == kind


def test_an_hnsw_index_ranks_the_query_row_first_and_survives_save_and_load(
    monkeypatch, tmp_path: Path
):
    monkeypatch.setattr(dense, "FLAT_LIMIT", SMALL_LIMIT)
    vectors = unit_rows(SMALL_LIMIT * 5)
    DenseIndex.build(vectors, "test").save(tmp_path / "dense")
    loaded = DenseIndex.load(tmp_path / "dense")
    assert loaded.kind == "hnsw"
    for row in (0, 17, len(vectors) - 1):
        assert int(np.argmax(loaded.scores(vectors[row]))) == row
