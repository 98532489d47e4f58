"""The dense index kind follows the row count: exact up to FLAT_LIMIT, HNSW above, and an
HNSW index still finds a query's nearest rows and keeps its kind through save and load. The
next build extends a kept HNSW index: kept and new rows are found at their new places, dead
rows never, and too many dead rows or another model mean a fresh index. Either kind gives
its vectors back by row."""

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


def _keys(count: int, start: int = 0) -> np.ndarray:
    return np.array([f"{n:040d}" for n in range(start, start + count)], dtype="S40")


def _extended(tmp_path: Path, kept: np.ndarray, keys: np.ndarray, vectors: dict[bytes, np.ndarray]):
    """An HNSW index of the `kept` keys saved, then extended to `keys`."""
    DenseIndex.build(np.stack([vectors[k] for k in kept.tolist()]), "test", "hnsw", kept).save(
        tmp_path / "dense"
    )

    def vectors_of(rows: np.ndarray) -> np.ndarray:
        return np.stack([vectors[k] for k in keys[rows].tolist()])

    return DenseIndex.extend(tmp_path / "dense", keys, vectors_of, "test")


def test_an_extended_hnsw_index_finds_kept_and_new_rows_never_dead_ones(monkeypatch, tmp_path):
    monkeypatch.setattr(dense, "FLAT_LIMIT", SMALL_LIMIT)
    all_keys = _keys(220)
    vectors = dict(zip(all_keys.tolist(), unit_rows(220), strict=True))
    kept = all_keys[:200]
    # rows 0-9 left the corpus; 200-219 came in; the rest moved
    keys = np.concatenate([all_keys[200:], all_keys[10:200][::-1]])
    extended = _extended(tmp_path, kept, keys, vectors)
    assert extended is not None
    extended.save(tmp_path / "next")
    loaded = DenseIndex.load(tmp_path / "next")
    assert loaded.info.size == len(keys)
    for row, key in enumerate(keys.tolist()):
        assert int(np.argmax(loaded.scores(vectors[key]))) == row
    for gone in all_keys[:10].tolist():
        scores = loaded.scores(vectors[gone])
        assert len(scores) == len(keys) and float(scores.max()) < 0.999
    # read back by row, as bench/fit_query_map.py reads them: the dead rows left out
    expected = np.stack([vectors[key] for key in keys.tolist()])
    np.testing.assert_allclose(loaded.row_vectors(), expected, atol=1e-6)


def test_a_flat_index_gives_its_vectors_back_by_row():
    vectors = unit_rows(5)
    np.testing.assert_array_equal(DenseIndex.build(vectors, "test").row_vectors(), vectors)


def test_an_index_with_too_many_dead_rows_is_built_afresh(monkeypatch, tmp_path):
    monkeypatch.setattr(dense, "FLAT_LIMIT", SMALL_LIMIT)
    all_keys = _keys(400)
    vectors = dict(zip(all_keys.tolist(), unit_rows(400), strict=True))
    dead = 2 * int(200 * dense.DEAD_SHARE)  # twice the share of the kept rows
    assert _extended(tmp_path, all_keys[:200], all_keys[dead : 200 + dead], vectors) is None
    assert _extended(tmp_path, all_keys[:200], all_keys[1:201], vectors) is not None


def test_an_index_of_another_model_is_not_extended(monkeypatch, tmp_path):
    monkeypatch.setattr(dense, "FLAT_LIMIT", SMALL_LIMIT)
    keys = _keys(100)
    DenseIndex.build(unit_rows(100), "other", "hnsw", keys).save(tmp_path / "dense")
    assert DenseIndex.extend(tmp_path / "dense", keys, lambda rows: unit_rows(0), "test") is None
