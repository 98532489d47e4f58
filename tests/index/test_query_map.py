"""The fitted query map: the shipped file is a fitted square map with a record, it moves a
question's vector as v + v·W normalised, and a bad file is an error naming it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from policy_kg.index.query_map import (
    QUERY_MAP_FILE,
    RECORD_FILE,
    QueryMap,
    QueryMapError,
    load_query_map,
    save_query_map,
)
from policy_kg.qa.evaluation import HELDOUT_FILES

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_map_is_fitted_for_the_model_s_vectors():
    matrix = load_query_map().matrix
    assert matrix.shape == (384, 384)
    assert np.abs(matrix).max() > 0  # fitted, not the zero start


def test_the_record_says_how_it_was_fitted_and_never_on_the_held_out_file():
    record = json.loads(RECORD_FILE.read_text(encoding="utf-8"))
    assert QUERY_MAP_FILE.with_suffix(".json") == RECORD_FILE
    assert (REPO / record["script"]).is_file()
    assert record["training_files"]
    for name in record["training_files"]:
        assert (REPO / name).is_file()
        assert not name.endswith(HELDOUT_FILES)
    assert set(record["out_of_fold"]["dense_passage_recall"]) >= {"base"}


def test_a_vector_is_moved_by_the_matrix_and_normalised():
    matrix = np.zeros((3, 3), dtype=np.float32)
    matrix[0, 1] = 1.0  # the first coordinate adds as much to the second
    moved = QueryMap(matrix).apply(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], np.float32))
    np.testing.assert_allclose(moved[0], [2**-0.5, 2**-0.5, 0.0], rtol=1e-6)
    np.testing.assert_allclose(moved[1], [0.0, 0.0, 1.0])
    assert moved.dtype == np.float32


def test_a_vector_of_another_size_is_refused():
    with pytest.raises(QueryMapError, match="3 dimensions, not 4"):
        QueryMap(np.zeros((3, 3), np.float32)).apply(np.ones((1, 4), np.float32))


def test_saved_maps_load_back(tmp_path):
    matrix = np.random.default_rng(0).normal(size=(4, 4))
    save_query_map(tmp_path / "map.npz", matrix)
    np.testing.assert_allclose(load_query_map(tmp_path / "map.npz").matrix, matrix, rtol=1e-6)


def test_a_missing_or_malformed_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(QueryMapError, match=r"missing\.npz"):
        load_query_map(tmp_path / "missing.npz")
    np.savez(tmp_path / "other.npz", weights=np.zeros((2, 2)))
    with pytest.raises(QueryMapError, match=r"other\.npz.*'matrix'"):
        load_query_map(tmp_path / "other.npz")
    np.savez(tmp_path / "flat.npz", matrix=np.zeros((2, 3)))
    with pytest.raises(QueryMapError, match=r"flat\.npz.*not square"):
        load_query_map(tmp_path / "flat.npz")
