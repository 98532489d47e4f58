"""bench/bench_dense.py measures an index as served: an exact index finds every true
neighbour, and an extended HNSW index with dead rows is scored over its live rows."""

import importlib.util
import sys
from pathlib import Path

import numpy as np

from policy_kg.index import dense
from policy_kg.index.dense import DenseIndex

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_dense", REPO / "bench" / "bench_dense.py")
bench_dense = importlib.util.module_from_spec(spec)
sys.modules["bench_dense"] = bench_dense
spec.loader.exec_module(bench_dense)


def unit_rows(count: int, seed: int = 5) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(count, 16)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_an_exact_index_has_full_recall(tmp_path):
    DenseIndex.build(unit_rows(60), "test", "flat").save(tmp_path)
    assert bench_dense.served_recall(tmp_path, np.random.default_rng(0)) == 1.0


def test_an_extended_index_is_scored_over_its_live_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(dense, "FLAT_LIMIT", 40)
    vectors = unit_rows(210)
    keys = np.array([f"{n:040d}" for n in range(210)], dtype="S40")
    DenseIndex.build(vectors[:200], "test", "hnsw", keys[:200]).save(tmp_path / "before")
    extended = DenseIndex.extend(tmp_path / "before", keys[5:], lambda r: vectors[5:][r], "test")
    assert extended is not None
    extended.save(tmp_path / "after")
    assert bench_dense.served_recall(tmp_path / "after", np.random.default_rng(0)) >= 0.9
