"""bench/fit_abstention.py: the abstention threshold is the lowest one the utility cannot
tell from the best, and the calibration reads more than the best candidate's score, on
made-up questions."""

import importlib
import sys
from pathlib import Path

import numpy as np

from policy_kg.qa.features import FEATURE_NAMES

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))  # the scripts import their siblings, as when run from bench/
fit_abstention = importlib.import_module("fit_abstention")
Example = importlib.import_module("ranker_examples").Example


def _decided(answered_right: int, unanswerable: int) -> tuple[list, list]:
    """Right answers and unanswerable questions at the same confidence (0.2), and one wrong
    answer at 0.25: a threshold above 0.2 trades the right answers for right abstentions."""
    rows = [False] * answered_right + [True] * unanswerable + [False]
    confidences = [(0.2, True)] * answered_right + [(0.2, False)] * unanswerable + [(0.25, False)]
    empty = np.zeros((0, len(FEATURE_NAMES)))
    examples = [
        Example({"expect_abstain": a}, [], empty, np.zeros(0, bool), np.zeros(0, bool))
        for a in rows
    ]
    return examples, confidences


def test_a_threshold_within_one_standard_error_of_the_best_withholds_fewest_answers():
    # 0.25 gains 6 abstentions and loses 5 answers: 1 apart over 11 changed decisions (√11)
    assert fit_abstention.choose_threshold(*_decided(5, 6)) == 0.0


def test_a_threshold_clearly_better_is_chosen():
    # 12 abstentions against 5 answers: 7 apart over 17 changed decisions (√17 ≈ 4.1)
    assert fit_abstention.choose_threshold(*_decided(5, 12)) == 0.25


def test_the_calibration_learns_what_the_best_candidates_score_does_not_tell():
    # every best candidate scores the same; unanswerable questions differ only in a feature
    # the ranking weighs alike for all their candidates (a share of terms no passage uses)
    unknown = FEATURE_NAMES.index("question_unknown")

    def example(answerable: bool) -> "Example":
        features = np.zeros((2, len(FEATURE_NAMES)))
        features[:, unknown] = 0.0 if answerable else 0.6
        labels = np.array([answerable, False])
        row = {"id": "q", "expect_abstain": not answerable}
        return Example(row, [], features, labels, np.ones(2, bool))

    examples = [example(n % 2 == 0) for n in range(200)]
    points = fit_abstention.decisions(examples, [np.array([1.0, 0.0])] * len(examples))
    calibration = fit_abstention.fit_calibration(points)
    answerable, unanswerable = (fit_abstention.confidence(calibration, p) for p in points[:2])
    assert answerable > 0.8 and unanswerable < 0.2
