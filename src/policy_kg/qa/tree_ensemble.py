"""Gradient-boosted regression trees that score answer candidates, as read from the fitted file.

bench/fit_ranker.py compares a logistic regression with gradient-boosted trees
(scikit-learn's HistGradientBoostingClassifier) by out-of-fold figures and keeps the better.
On the 881 development questions of 2026-12-03, over three fold assignments, the trees cited a
supporting sentence first for 0.844-0.857 of the answerable questions (the regression
0.838-0.848) and in the top 3 for 0.922-0.926 (0.906-0.912), and abstained wrongly on 8-16 of
705 (29-33): trees can weigh a feature by the others' values, which one weight a feature
cannot. Only the trees' splits and leaf values are kept, not scikit-learn's pickled object,
so answering needs no scikit-learn: every candidate walks every tree at once, one numpy step
per level (1.6 ms for a question's 38 candidates and 112 trees, under load).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

LEAF = -1  # the feature index of a leaf


class TreeError(ValueError):
    """A tree of the fitted file is malformed; the message says which and how."""


@dataclass(frozen=True)
class Tree:
    """One regression tree in flat arrays: node 0 is the root; at an inner node a row goes
    left when its feature is at most the threshold; a leaf (feature LEAF) gives its value."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def to_json(self) -> dict[str, list]:
        return {
            "feature": list(self.feature),
            "threshold": list(self.threshold),
            "left": list(self.left),
            "right": list(self.right),
            "value": list(self.value),
        }

    @classmethod
    def from_json(cls, raw: object, features: int) -> Tree:
        if not isinstance(raw, dict):
            raise TreeError("is not an object")
        columns = [raw.get(name) for name in ("feature", "threshold", "left", "right", "value")]
        if not all(isinstance(c, list) for c in columns) or len({len(c) for c in columns}) != 1:
            raise TreeError("needs lists 'feature', 'threshold', 'left', 'right', 'value' alike")
        feature, threshold, left, right, value = columns
        tree = cls(
            tuple(_integers(feature)),
            tuple(_finite(threshold)),
            tuple(_integers(left)),
            tuple(_integers(right)),
            tuple(_finite(value)),
        )
        tree.check(features)
        return tree

    def check(self, features: int) -> None:
        """Every inner node reads a known feature and leads to later nodes (so no walk loops)."""
        size = len(self.feature)
        if not size:
            raise TreeError("has no nodes")
        for node, feature in enumerate(self.feature):
            if feature == LEAF:
                continue
            if not 0 <= feature < features:
                raise TreeError(f"node {node} reads feature {feature} of {features}")
            if not (node < self.left[node] < size and node < self.right[node] < size):
                raise TreeError(f"node {node} leads to a node outside the tree or before it")


@dataclass(frozen=True)
class TreeEnsemble:
    """The sum of the trees' leaf values plus a baseline: the log-odds of a right answer."""

    baseline: float
    trees: tuple[Tree, ...]

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros(0)
        feature, threshold, left, right, value = self._arrays
        trees = np.arange(len(self.trees))
        node = np.zeros((len(rows), len(self.trees)), dtype=np.int64)
        candidates = np.arange(len(rows))[:, None]
        while True:
            read = feature[trees, node]
            inner = read != LEAF
            if not inner.any():
                break
            below = rows[candidates, np.where(inner, read, 0)] <= threshold[trees, node]
            step = np.where(below, left[trees, node], right[trees, node])
            node = np.where(inner, step, node)
        return self.baseline + value[trees, node].sum(axis=1)

    @cached_property
    def _arrays(self) -> tuple[np.ndarray, ...]:
        """The trees' columns padded into (trees, nodes) arrays."""
        width = max(len(t.feature) for t in self.trees)

        def pad(column: str, fill: float, dtype: type) -> np.ndarray:
            out = np.full((len(self.trees), width), fill, dtype=dtype)
            for n, tree in enumerate(self.trees):
                values = getattr(tree, column)
                out[n, : len(values)] = values
            return out

        return (
            pad("feature", LEAF, np.int64),
            pad("threshold", 0.0, np.float64),
            pad("left", 0, np.int64),
            pad("right", 0, np.int64),
            pad("value", 0.0, np.float64),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "trees",
            "baseline": self.baseline,
            "trees": [t.to_json() for t in self.trees],
        }

    @classmethod
    def from_json(cls, raw: dict, features: int) -> TreeEnsemble:
        baseline, trees = raw.get("baseline"), raw.get("trees")
        if not _is_number(baseline):
            raise TreeError("field 'baseline' must be a number")
        if not isinstance(trees, list) or not trees:
            raise TreeError("field 'trees' must be a non-empty list")
        read = []
        for n, tree in enumerate(trees):
            try:
                read.append(Tree.from_json(tree, features))
            except TreeError as error:
                raise TreeError(f"tree {n} {error}") from None
        return cls(float(baseline), tuple(read))  # type: ignore[arg-type]


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _integers(values: list) -> list[int]:
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise TreeError("holds a non-integer node or feature index")
    return values


def _finite(values: list) -> list[float]:
    if not all(_is_number(v) for v in values):
        raise TreeError("holds a non-finite threshold or value")
    return [float(v) for v in values]
