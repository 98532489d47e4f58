"""bench/fit_query_map.py on made-up vectors: the fitted map moves questions towards the
passages that support them, folds by fact keep questions sharing a quote or a passage
together, and no question's map was fitted on it."""

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))  # the scripts import their siblings, as when run from bench/
fit_query_map = importlib.import_module("fit_query_map")
MapData = fit_query_map.MapData

DIM = 8
PASSAGES = 6


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _row(n: int, quote: str) -> dict:
    gold = [{"doc_id": "d", "quote_any": [quote]}]
    return {"id": f"q{n}", "expect_abstain": False, "gold": gold}


@pytest.fixture
def crossed() -> MapData:
    """Each question lies between the passage that supports it and the next, a little nearer
    the next: the base vectors rank the wrong passage first for every question, in the same
    way, and a small move puts it right."""
    rng = np.random.default_rng(0)
    passages = _unit(np.eye(PASSAGES, DIM) + 0.05 * rng.normal(size=(PASSAGES, DIM)))
    support = [n % PASSAGES for n in range(60)]
    questions = _unit(
        np.stack([0.45 * passages[s] + 0.55 * passages[(s + 1) % PASSAGES] for s in support])
        + 0.01 * rng.normal(size=(60, DIM))
    )
    rows = [_row(n, f"fact {n}") for n in range(60)]
    return MapData(rows, questions, passages, [[s] for s in support])


def test_the_fitted_map_moves_questions_to_their_passages(crossed):
    assert fit_query_map.recall(crossed, [None] * 60)["recall_at_1"] == 0.0
    fitted = fit_query_map.QueryMap(fit_query_map.fit_matrix(crossed, range(60)))
    assert fit_query_map.recall(crossed, [fitted] * 60)["recall_at_1"] == 1.0


def test_out_of_fold_maps_still_learn_a_shared_way_and_never_their_own_question(crossed):
    maps = fit_query_map.fold_maps(crossed, "question")
    assert len({id(m) for m in maps}) == fit_query_map.FOLDS
    assert fit_query_map.recall(crossed, maps)["recall_at_1"] > 0.9
    for train, test in fit_query_map.group_splits(fit_query_map.groups(crossed, "question")):
        trained_on = {id(maps[n]) for n in train}
        assert all(id(maps[n]) not in trained_on for n in test)


def test_folds_by_fact_join_questions_sharing_a_quote_or_a_passage():
    rows = [_row(0, "a"), _row(1, "a"), _row(2, "b"), _row(3, "c"), _row(4, "d")]
    support = [[0], [1], [1], [2], []]
    data = MapData(rows, np.zeros((5, DIM)), np.zeros((3, DIM)), support)
    groups = fit_query_map.groups(data, "fact")
    assert groups[0] == groups[1] == groups[2]  # a shared quote, then a shared passage
    assert len({groups[0], groups[3], groups[4]}) == 3
    assert list(fit_query_map.groups(data, "question")) == [0, 1, 2, 3, 4]


def test_folds_by_fact_join_unanswerable_questions_asking_the_same_in_other_words():
    rows = [_row(0, "a"), _row(1, "a"), _row(2, "b")]
    rows += [{"id": f"u{n}", "expect_abstain": True, "gold": []} for n in range(3)]
    vectors = np.zeros((6, DIM))
    vectors[[0, 1], 0] = 1.0  # one fact, asked twice alike
    vectors[2, 1] = 1.0
    vectors[[3, 4], 2] = 1.0  # one unanswerable topic, asked twice alike
    vectors[5, 3] = 1.0
    data = MapData(rows, vectors, np.zeros((3, DIM)), [[0], [0], [1], [], [], []])
    groups = fit_query_map.groups(data, "fact")
    assert groups[3] == groups[4]
    assert len({groups[0], groups[2], groups[3], groups[5]}) == 4


def test_questions_without_a_supporting_passage_train_nothing_and_count_nowhere(crossed):
    support = [[] if n % 2 else s for n, s in enumerate(crossed.support)]
    half = MapData(crossed.rows, crossed.questions, crossed.passages, support)
    assert fit_query_map.recall(half, [None] * 60)["recall_at_1"] == 0.0
    only_even = fit_query_map.fit_matrix(half, range(60))
    evens = fit_query_map.fit_matrix(half, range(0, 60, 2))
    np.testing.assert_allclose(only_even, evens, atol=1e-5)
