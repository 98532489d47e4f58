"""The tree ensemble scores as its splits say, and a malformed tree is named, not walked."""

import numpy as np
import pytest

from policy_kg.qa.tree_ensemble import LEAF, Tree, TreeEnsemble, TreeError

FEATURES = 3


def _depth_two() -> Tree:
    """x0 <= 1 ? (x2 <= 0 ? -3 : -1) : 4"""
    return Tree(
        feature=(0, 2, LEAF, LEAF, LEAF),
        threshold=(1.0, 0.0, 0.0, 0.0, 0.0),
        left=(1, 3, 0, 0, 0),
        right=(2, 4, 0, 0, 0),
        value=(0.0, 0.0, 4.0, -3.0, -1.0),
    )


def _leaf(value: float) -> Tree:
    return Tree((LEAF,), (0.0,), (0,), (0,), (value,))


def test_each_row_walks_every_tree_to_a_leaf_and_the_leaves_add_up():
    ensemble = TreeEnsemble(0.5, (_depth_two(), _leaf(0.25)))
    rows = np.array([[0.0, 9.0, -1.0], [1.0, 9.0, 2.0], [1.5, 9.0, -1.0]])
    assert ensemble.log_odds(rows).tolist() == [-2.25, -0.25, 4.75]


def test_no_rows_no_scores():
    assert TreeEnsemble(0.0, (_depth_two(),)).log_odds(np.zeros((0, FEATURES))).size == 0


def test_an_ensemble_read_back_from_json_scores_alike():
    ensemble = TreeEnsemble(-0.5, (_depth_two(), _leaf(1.0)))
    read = TreeEnsemble.from_json(ensemble.to_json(), FEATURES)
    rows = np.random.default_rng(0).normal(size=(20, FEATURES))
    assert np.array_equal(read.log_odds(rows), ensemble.log_odds(rows))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"feature": [0, 7, LEAF, LEAF, LEAF]}, "tree 0 node 1 reads feature 7 of 3"),
        ({"left": [1, 0, 0, 0, 0]}, "tree 0 node 1 leads to a node outside the tree or before"),
        ({"right": [2, 9, 0, 0, 0]}, "tree 0 node 1 leads to a node outside the tree"),
        ({"value": [0.0, 0.0, float("nan"), 0.0, 0.0]}, "non-finite threshold or value"),
        ({"left": [1, 3, 0]}, "needs lists .* alike"),
        ({"feature": [0, 2.5, LEAF, LEAF, LEAF]}, "non-integer node or feature index"),
    ],
)
def test_a_malformed_tree_is_named(change, message):
    raw = TreeEnsemble(0.0, (_depth_two(),)).to_json()
    raw["trees"][0].update(change)
    with pytest.raises(TreeError, match=message):
        TreeEnsemble.from_json(raw, FEATURES)
