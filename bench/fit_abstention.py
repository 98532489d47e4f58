"""The answer's confidence and the abstention threshold, fitted on out-of-fold scores.

The calibration is a logistic regression from what is known of a question's best candidate
(`ranker_model.DECISION_INPUTS`) to "that answer is right"; the threshold is the lowest whose
right answers plus right abstentions are within one standard error of the best threshold's
(`choose_threshold`), the median of that choice over the folds. What was measured choosing
them is in bench/fit_ranker.md.
"""

from __future__ import annotations

import numpy as np
from ranker_examples import Example, best_two, folds, linear_scorer, standardiser
from sklearn.linear_model import LogisticRegression

from policy_kg.qa.ranker_model import LinearScorer, calibrated, decision_row

CALIBRATION_C = 0.1  # set once, before measuring; 0.03 did a little worse (bench/fit_ranker.md)


def decisions(examples: list[Example], scores: list[np.ndarray]) -> list[tuple | None]:
    """Per question: (the calibration's inputs for its best candidate, whether that is right),
    or None when no candidate may answer."""
    out = []
    for example, score in zip(examples, scores, strict=True):
        best, runner = best_two(example, score)
        if best is None:
            out.append(None)
            continue
        row = decision_row(
            float(score[best]), runner, int(example.fits.sum()), example.features[best]
        )
        out.append((row, bool(example.answerable and example.labels[best])))
    return out


def fit_calibration(points: list[tuple]) -> LinearScorer:
    """A logistic regression from the best candidate's `DECISION_INPUTS` to "it is right"."""
    x = np.array([p[0] for p in points])
    y = np.array([p[1] for p in points])
    mean, scale = standardiser(x)
    model = LogisticRegression(C=CALIBRATION_C, max_iter=5000).fit((x - mean) / scale, y)
    return linear_scorer(mean, scale, model.coef_[0], float(model.intercept_[0]))


def confidence(calibration: LinearScorer, point: tuple) -> float:
    return calibrated(calibration, point[0])


def gains(examples: list[Example], confidences: list, threshold: float) -> np.ndarray:
    """Per question, 1 for a right answer or a right abstention at the threshold, else 0."""
    out = np.zeros(len(examples), dtype=int)
    for n, (example, (conf, right)) in enumerate(zip(examples, confidences, strict=True)):
        answers = conf is not None and conf >= threshold
        out[n] = (answers and right) if example.answerable else not answers
    return out


def choose_threshold(examples: list[Example], confidences: list) -> float:
    """The lowest threshold whose utility (right answers plus right abstentions) is within
    one standard error of the best's: the utility is flat over a wide range, so among
    thresholds it cannot tell apart, the one that withholds fewest answers. Two thresholds
    differ on the questions one gets right and the other not; with d of them, the difference
    of their utilities has a standard error of about √d (each a ±1 step)."""
    values = sorted({0.0} | {c for c, _ in confidences if c is not None})
    table = {t: gains(examples, confidences, t) for t in values}
    best = max(values, key=lambda t: (table[t].sum(), -t))
    for t in values:
        differ = table[best] != table[t]
        if table[best].sum() - table[t].sum() <= np.sqrt(differ.sum()):
            return t
    return best


def stable_threshold(examples: list[Example], confidences: list) -> float:
    """The median of the thresholds chosen on each fold's training questions: the utility is
    flat over a wide range (measured: 99-101 of 150 between 0.2 and 0.4), so one choice on
    all questions would follow a question or two."""
    chosen = []
    for train, _ in folds(examples):
        chosen.append(
            choose_threshold([examples[n] for n in train], [confidences[n] for n in train])
        )
    return float(np.median(chosen))


def calibrated_out_of_fold(examples: list[Example], points: list) -> list[tuple]:
    """(confidence, right) per question, each calibrated by a map fitted on the other folds."""
    out: list[tuple] = [(None, False)] * len(examples)
    for train, test in folds(examples):
        calibration = fit_calibration([points[n] for n in train if points[n] is not None])
        for n in test:
            p = points[n]
            out[n] = (None, False) if p is None else (confidence(calibration, p), p[1])
    return out


def abstention_figures(examples: list[Example], confidences: list) -> dict[str, float]:
    """Threshold chosen on the other folds, applied to each fold: honest abstention figures."""
    answered_right = wrongly_abstained = rightly_abstained = 0
    for train, test in folds(examples):
        threshold = choose_threshold([examples[n] for n in train], [confidences[n] for n in train])
        for n in test:
            conf, right = confidences[n]
            answers = conf is not None and conf >= threshold
            if examples[n].answerable:
                answered_right += answers and right
                wrongly_abstained += not answers
            else:
                rightly_abstained += not answers
    answerable = sum(e.answerable for e in examples)
    return {
        "answered_right": round(answered_right / max(answerable, 1), 3),
        "false_abstentions": wrongly_abstained,
        "answerable": answerable,
        "unanswerable_abstained": rightly_abstained,
        "unanswerable": len(examples) - answerable,
    }
