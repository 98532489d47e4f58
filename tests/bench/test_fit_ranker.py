"""bench/fit_ranker.py: --ablate shows what a feature group adds, the abstention threshold is
the lowest one the utility cannot tell from the best, and the calibration reads more than the
best candidate's score, on made-up candidates."""

import importlib.util
import sys
from pathlib import Path

import numpy as np

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.sentence_ranking import Candidate

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "fit_ranker.py"
spec = importlib.util.spec_from_file_location("fit_ranker", SCRIPT)
fit_ranker = importlib.util.module_from_spec(spec)
sys.modules["fit_ranker"] = fit_ranker  # dataclasses look their module up there
spec.loader.exec_module(fit_ranker)

CANDIDATES = 6  # per question, each in its own passage
QUESTIONS = 60


def _question(n: int, rng: np.random.Generator) -> "fit_ranker.Example":
    """One right candidate, told apart by its placed cosine only; every other feature noise."""
    features = rng.normal(size=(CANDIDATES, len(FEATURE_NAMES)))
    right = int(rng.integers(CANDIDATES))
    features[:, FEATURE_NAMES.index("dense_placed")] = 0.0
    features[right, FEATURE_NAMES.index("dense_placed")] = 3.0
    candidates = []
    for i in range(CANDIDATES):
        passage = Passage(f"d#{n}-{i}", "d", "body", (), "本文。", 0, 3)
        candidates.append(Candidate(ScoredPassage(passage, 1.0, 1.0, 1.0), 0, 3, 0.5, None, ()))
    labels = np.arange(CANDIDATES) == right
    row = {"id": f"q{n}", "expect_abstain": False}
    return fit_ranker.Example(row, candidates, features, labels, np.ones(CANDIDATES, bool))


def test_ablation_shows_the_group_the_ranking_rests_on(capsys):
    rng = np.random.default_rng(0)
    fit_ranker.ablate([_question(n, rng) for n in range(QUESTIONS)])
    printed = {
        line.split("cite@1")[0].strip(): float(line.split("cite@1")[1].split()[0])
        for line in capsys.readouterr().out.splitlines()
    }
    assert set(printed) == set(fit_ranker.ABLATIONS)
    assert printed["every feature"] > 0.9
    assert printed["without the unit alone's cosines"] > 0.9
    assert printed["without the placed unit's cosines"] < 0.5


def _decided(answered_right: int, unanswerable: int) -> tuple[list, list]:
    """Right answers and unanswerable questions at the same confidence (0.2), and one wrong
    answer at 0.25: a threshold above 0.2 trades the right answers for right abstentions."""
    rows = [False] * answered_right + [True] * unanswerable + [False]
    confidences = [(0.2, True)] * answered_right + [(0.2, False)] * unanswerable + [(0.25, False)]
    empty = np.zeros((0, len(FEATURE_NAMES)))
    examples = [
        fit_ranker.Example({"expect_abstain": a}, [], empty, np.zeros(0, bool), np.zeros(0, bool))
        for a in rows
    ]
    return examples, confidences


def test_a_threshold_within_one_standard_error_of_the_best_withholds_fewest_answers():
    # 0.25 gains 6 abstentions and loses 5 answers: 1 apart over 11 changed decisions (√11)
    assert fit_ranker.choose_threshold(*_decided(5, 6)) == 0.0


def test_a_threshold_clearly_better_is_chosen():
    # 12 abstentions against 5 answers: 7 apart over 17 changed decisions (√17 ≈ 4.1)
    assert fit_ranker.choose_threshold(*_decided(5, 12)) == 0.25


def test_the_fitted_trees_as_kept_score_as_scikit_learn_does():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = rng.normal(size=(400, 4))
    y = x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0.2
    model = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(x, y)
    kept = fit_ranker.tree_ensemble(model)
    assert len(kept.trees) == 20
    assert np.allclose(kept.log_odds(x), model.decision_function(x), atol=1e-12)


def test_cite_at_3_counts_the_units_an_answer_would_cite():
    # the first passage's two best units, then the second passage's; its third unit (right)
    # is never cited, its second (right) is
    passages = [Passage(f"d#{n}", "d", "body", (), "一。二。三。", 0, 6) for n in (1, 2)]
    spans = [(0, 0, 2), (0, 2, 4), (1, 0, 2), (0, 4, 6)]  # (passage, start, end), best first
    candidates = [
        Candidate(ScoredPassage(passages[p], 1.0, 1.0, 1.0), a, b, 0.5, None, ())
        for p, a, b in spans
    ]
    scores = np.array([4.0, 3.0, 2.0, 1.0])

    def figures(right: int) -> dict[str, float]:
        labels = np.arange(len(spans)) == right
        features = np.zeros((len(spans), len(FEATURE_NAMES)))
        row = {"id": "q", "expect_abstain": False}
        example = fit_ranker.Example(row, candidates, features, labels, np.ones(len(spans), bool))
        return fit_ranker.ranking_figures([example], [scores])

    assert figures(1) == {"cite_at_1": 0.0, "cite_at_3": 1.0}
    assert figures(2) == {"cite_at_1": 0.0, "cite_at_3": 1.0}
    assert figures(3) == {"cite_at_1": 0.0, "cite_at_3": 0.0}


def test_the_calibration_learns_what_the_best_candidates_score_does_not_tell():
    # every best candidate scores the same; unanswerable questions differ only in a feature
    # the ranking weighs alike for all their candidates (a share of terms no passage uses)
    unknown = FEATURE_NAMES.index("question_unknown")

    def example(answerable: bool) -> "fit_ranker.Example":
        features = np.zeros((2, len(FEATURE_NAMES)))
        features[:, unknown] = 0.0 if answerable else 0.6
        labels = np.array([answerable, False])
        row = {"id": "q", "expect_abstain": not answerable}
        return fit_ranker.Example(row, [], features, labels, np.ones(2, bool))

    examples = [example(n % 2 == 0) for n in range(200)]
    points = fit_ranker.decisions(examples, [np.array([1.0, 0.0])] * len(examples))
    calibration = fit_ranker.fit_calibration(points)
    answerable, unanswerable = (fit_ranker.confidence(calibration, p) for p in points[:2])
    assert answerable > 0.8 and unanswerable < 0.2
