"""bench/fit_ranker.py: --ablate shows what a feature group adds, the fitted trees score as
scikit-learn's, and cite@3 counts the units an answer would cite, on made-up candidates."""

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.sentence_ranking import Candidate

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))  # the scripts import their siblings, as when run from bench/
fit_ranker = importlib.import_module("fit_ranker")
Example = importlib.import_module("ranker_examples").Example

CANDIDATES = 6  # per question, each in its own passage
QUESTIONS = 60


@pytest.fixture(autouse=True)
def one_thread():
    """The made-up fits are tiny, so OpenMP's threads mostly wait on each other, and on two
    busy cores they spin against the other work: beside a test run and a benchmark (load
    average 4), the ablation took 49 s on one thread and more than 400 s on its default two."""
    with threadpool_limits(1):
        yield


def _question(n: int, rng: np.random.Generator) -> "Example":
    """One right candidate, told apart by its placed cosine only; every other feature noise."""
    features = rng.normal(size=(CANDIDATES, len(FEATURE_NAMES)))
    right = int(rng.integers(CANDIDATES))
    features[:, FEATURE_NAMES.index("dense_placed")] = 0.0
    features[right, FEATURE_NAMES.index("dense_placed")] = 3.0
    candidates = []
    for i in range(CANDIDATES):
        text = f"本文{n}の{i}。"  # every unit its own fact
        passage = Passage(f"d#{n}-{i}", "d", "body", (), text, 0, len(text))
        candidates.append(Candidate(ScoredPassage(passage, 1.0, 1.0, 1.0), 0, 3, 0.5, None, ()))
    labels = np.arange(CANDIDATES) == right
    row = {"id": f"q{n}", "expect_abstain": False}
    return Example(row, candidates, features, labels, np.ones(CANDIDATES, bool))


def test_ablation_shows_the_group_the_ranking_rests_on(capsys):
    rng = np.random.default_rng(0)
    fit_ranker.ablate([_question(n, rng) for n in range(QUESTIONS)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "out of fold by question / by fact:"
    printed = {}
    for line in lines[1:]:
        name, figures = line.split("cite@1")
        by_question, _, by_fact = figures.split()[:3]
        printed[name.strip()] = (float(by_question), float(by_fact))
    assert set(printed) == set(fit_ranker.ABLATIONS)
    assert min(printed["every feature"]) > 0.9
    assert min(printed["without the unit alone's cosines"]) > 0.9
    assert max(printed["without the placed unit's cosines"]) < 0.5


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
        example = Example(row, candidates, features, labels, np.ones(len(spans), bool))
        return fit_ranker.ranking_figures([example], [scores])

    assert figures(1) == {"cite_at_1": 0.0, "cite_at_3": 1.0}
    assert figures(2) == {"cite_at_1": 0.0, "cite_at_3": 1.0}
    assert figures(3) == {"cite_at_1": 0.0, "cite_at_3": 0.0}
