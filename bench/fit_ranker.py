"""Fit the sentence ranker and its abstention threshold on the development questions.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/fit_ranker.py [--out PATH] [--ablate]

Reads the development files of bench/eval/ (`qa.evaluation.DEVELOPMENT_FILES`, never the
held-out file), measures every candidate sentence of every question
(`QuestionAnswerer.candidates`), labels a candidate right when it is from a gold document and
holds a gold quote, and compares, by 5-fold
cross-validation grouped by question (no question is in the folds it is scored on):
- pointwise logistic regression at several regularisation strengths;
- pairwise logistic regression (a linear RankSVM with logistic loss) on right-minus-wrong pairs;
- gradient-boosted trees, pointwise (`qa.tree_ensemble` keeps their splits).
The figure compared is out-of-fold cite@1 (the question's best candidate, among those holding
the asked kind of value, is right), then cite@3 (one of the three units an answer cites is
right: up to two a passage since 2026-12-04, one before, so the cite@3 figures below dated
earlier count one a passage). The chosen model is refitted on all
questions, then calibrated: a logistic regression from what is known of its best candidate
(`ranker_model.DECISION_INPUTS`: the log-odds, the margin over the runner-up, how many
candidates may answer, the candidate's own features) to "the answer is right", fitted on the
out-of-fold scores. The abstention threshold is the
lowest whose right answers plus right abstentions over out-of-fold confidences are within one
standard error of the best threshold's (`choose_threshold`; the median of that choice over
the folds).
All of it, with the figures, goes to src/policy_kg/qa/ranker_model.json.

`--ablate` writes nothing: it prints the out-of-fold figures without each group of features
that costs build time (`ABLATIONS`), averaged over five fold assignments. Measured on
2026-12-01 (237 questions): every feature cite@1 0.723, cite@3 0.806; without the unit alone's
cosines 0.705 / 0.811; without the placed unit's cosines 0.686 / 0.792. Tried the same way on
the features before (cite@1 0.726) and not kept, none raising cite@1 by more than 0.005
(retrieving 5 passages raised cite@3 from 0.803 to 0.816 and lowered cite@1): a sentence's
share of terms and entities the question lacks, products of the ten strongest features,
retrieving 5 to 15 passages instead of 20, adding the passages of the 5 or 10 units whose own
cosine is nearest the question, a unit's placed vector approximated from its own vector and one
per heading path (0.699), and the placed text cut to title, nearest heading and unit (0.716).
Trained on 40% to 100% of the questions, the figures stay within 0.01: more questions of this
kind would not move the fit. With the boosted trees on 881 questions (2026-12-03): every
feature 0.849 / 0.922; without the unit alone's cosines 0.845 / 0.918; without the placed
unit's cosines 0.839 / 0.920. Tried with the trees and not kept then: the IDF of the rarest
question term the passage never uses, over the rarest asked's (three fold assignments: cite@1
+0.002, cite@3 -0.003). Kept on the 1,415 questions (2026-12-05), with the least of it over a
question's candidates (no retrieved passage uses its rarest terms): it is for abstention, and
right answers plus right abstentions out of fold rose from 1,147 to 1,154. On the 1,148
questions (2026-12-04), not kept: the share of the minerals and places asked that a passage
never names (cite@1 0.850 with it and without); and 500 trees of step 0.03 without early
stopping (which keeps 170 of 200 at 0.05): out of fold cite@1 0.864 against 0.850 over three
fold assignments (LightGBM's lambdarank, 0.865, no better), yet the whole answerer cross-fitted
(bench/eval_qa.py's way) cited first and answered the same 830 of 927 questions, with 19 false
abstentions against 18 and 162 unanswerable abstained against 165 (15 questions better, 18
worse, 3 otherwise moved). On the 1,503 questions (2026-12-05), not kept: whether the question
names a document by its title's last word (日米枠組み, 全体像) and the unit is from another (out
of fold cite@1 0.862 against 0.871, cite@3 0.943 against 0.940, 52 false abstentions against 37,
191 of 290 unanswerable abstained against 179; right answers plus right abstentions 1,215
against 1,222). Kept on the 1,532 questions and again on the 1,622 (2026-12-05): the share of
the question's terms beside the unit's value of the asked kind (qa/value_context.py). Out of
fold, against a refit without it on the same rows: on the 1,532, cite@1 0.869 against 0.867,
cite@3 0.949 against 0.942, 34 false abstentions against 45, 181 of 298 unanswerable abstained
against 184, answerable answered right 0.859 against 0.853; on the 1,622, 0.860
against 0.858, 0.942 against 0.944, 60 against 69 false abstentions, 208 of 322 against 207,
0.841 against 0.833 answered right (right answers plus right abstentions 1,301 against 1,290,
from the rounded shares). The whole answerer cross-fitted on the 1,532 (bench/eval_qa.py's way):
cite@1 0.900 against 0.898, cite@3 0.958 against 0.954, 24 false abstentions against 26, 214
unanswerable abstained against 215 (15 questions better, 13 worse).
Kept on the 1,622 questions (2026-12-05): the calibration reads the best candidate's own
features and how many candidates may answer, not only its log-odds and margin. Calibration and
threshold fitted on four folds and applied to the fifth, over the out-of-fold scores of eight
fold assignments: the confidence tells a right answer from a wrong one better (ROC AUC
0.886-0.893 against 0.880-0.891, unanswerable questions against right answers 0.918-0.921
against 0.905-0.907, Brier 0.112-0.114 against 0.113-0.118, three assignments), right answers
plus right abstentions 1,311 against 1,299 (217 against 202 of 322 unanswerable abstained, 60
against 53 false abstentions); C of 0.03 gave 1,306. The whole answerer cross-fitted (graph
routes first) moved less: 1,426 against 1,425, 1,431 against 1,427 and 1,420 against 1,422
over three fold assignments (answer hits plus right abstentions; 241, 239, 233 against 238,
234, 236 unanswerable abstained). Studied the same way and not changed, the threshold rule:
the best threshold itself, the median of those within one standard error, or the best of the
utility smoothed over neighbouring thresholds gave 1,300-1,302 against 1,297 for the rule kept
(five assignments), the thresholds chosen on different folds spreading by 0.04-0.05 alike; at
the ranker, 0.35 instead of 0.27 abstains on 11 more unanswerable and 25 more answerable
questions.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from policy_kg.qa.answerer import cited_units
from policy_kg.qa.evaluation import DEVELOPMENT_FILES, read_questions, supports
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.question import analyse
from policy_kg.qa.ranker_model import (
    DECISION_INPUTS,
    MODEL_FILE,
    LinearScorer,
    RankerModel,
    Scorer,
    calibrated,
    decision_row,
    load_model,
)
from policy_kg.qa.sentence_ranking import Candidate
from policy_kg.qa.tree_ensemble import LEAF, Tree, TreeEnsemble

EVAL = Path(__file__).resolve().parent / "eval"
FOLDS = 5
SEED = 0
LINEAR_C = (0.03, 0.1, 0.3, 1.0, 3.0)
CALIBRATION_C = 0.1  # set once, before measuring; 0.03 did a little worse (docstring)

Fitter = Callable[[list["Example"]], Scorer]


@dataclass(frozen=True)
class Example:
    """One question's candidates, their features and labels."""

    row: dict
    candidates: list[Candidate]
    features: np.ndarray
    labels: np.ndarray
    fits: np.ndarray  # may answer: holds the asked kind of value (or the question is untyped)

    @property
    def answerable(self) -> bool:
        return not self.row["expect_abstain"]


def dev_rows(folder: Path = EVAL) -> tuple[list[dict], list[str]]:
    files = [folder / name for name in DEVELOPMENT_FILES if (folder / name).exists()]
    return [row for path in files for row in read_questions(path)], [p.name for p in files]


def unfitted_model() -> RankerModel:
    """A model that scores nothing, for measuring candidates before any model exists."""

    def nothing(size: int) -> LinearScorer:
        return LinearScorer((0.0,) * size, (1.0,) * size, (0.0,) * size, 0.0)

    return RankerModel(
        FEATURE_NAMES, nothing(len(FEATURE_NAMES)), nothing(len(DECISION_INPUTS)), 0.0, {}
    )


def collect(answerer, rows: list[dict]) -> list[Example]:
    examples = []
    for row in rows:
        candidates = answerer.candidates(analyse(row["question"]))
        labels = [supports(row, c.scored.passage.doc_id, c.quote) for c in candidates]
        examples.append(
            Example(
                row,
                candidates,
                np.array([c.features for c in candidates], dtype=float).reshape(
                    len(candidates), len(FEATURE_NAMES)
                ),
                np.array(labels, dtype=bool),
                np.array([c.fits is not False for c in candidates], dtype=bool),
            )
        )
    return examples


def _stack(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    x = np.vstack([e.features for e in examples])
    y = np.concatenate([e.labels for e in examples])
    return x, y


def _standardiser(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    return mean, np.where(scale > 1e-9, scale, 1.0)


def pointwise(c: float) -> Fitter:
    def fit(examples: list[Example]) -> Scorer:
        x, y = _stack(examples)
        mean, scale = _standardiser(x)
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit((x - mean) / scale, y)
        return _linear(mean, scale, model.coef_[0], float(model.intercept_[0]))

    return fit


def _linear(mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float):
    return LinearScorer(*(tuple(float(v) for v in a) for a in (mean, scale, coef)), intercept)


def pairwise(c: float) -> Fitter:
    """Logistic loss on (right - wrong) feature differences within each question."""

    def fit(examples: list[Example]) -> Scorer:
        x, _ = _stack(examples)
        mean, scale = _standardiser(x)
        diffs = []
        for e in examples:
            z = (e.features - mean) / scale
            for i in np.flatnonzero(e.labels):
                diffs.append(z[i] - z[~e.labels])
        d = np.vstack(diffs)
        both = np.vstack([d, -d])
        y = np.concatenate([np.ones(len(d)), np.zeros(len(d))])
        model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False).fit(both, y)
        return _linear(mean, scale, model.coef_[0], 0.0)

    return fit


def boosted(examples: list[Example]) -> Scorer:
    """Gradient-boosted trees, pointwise, with scikit-learn's defaults but a smaller step;
    early stopping (on 10% of the candidates) decides how many trees."""
    x, y = _stack(examples)
    model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=SEED)
    return tree_ensemble(model.fit(x, y))


def tree_ensemble(model: HistGradientBoostingClassifier) -> TreeEnsemble:
    """The fitted trees' splits and leaf values (a numeric split sends a row left when its
    feature is at most the threshold; the features are never missing)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            Tree(
                tuple(np.where(leaf, LEAF, nodes["feature_idx"]).tolist()),
                tuple(np.where(leaf, 0.0, nodes["num_threshold"]).tolist()),
                tuple(np.where(leaf, 0, nodes["left"]).tolist()),
                tuple(np.where(leaf, 0, nodes["right"]).tolist()),
                tuple(np.where(leaf, nodes["value"], 0.0).tolist()),
            )
        )
    return TreeEnsemble(float(np.ravel(model._baseline_prediction)[0]), tuple(trees))


def folds(examples: list[Example], seed: int = SEED) -> list[np.ndarray]:
    groups = np.arange(len(examples))
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return [test for _, test in splitter.split(groups, groups=groups)]


def out_of_fold(examples: list[Example], fitter: Fitter, seed: int = SEED) -> list[np.ndarray]:
    scores: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for test in folds(examples, seed):
        held = set(test.tolist())
        scorer = fitter([e for n, e in enumerate(examples) if n not in held])
        for n in test:
            scores[n] = scorer.log_odds(examples[n].features)
    return scores


def best_two(example: Example, scores: np.ndarray) -> tuple[int | None, float | None]:
    """The index of the best answerable candidate and the runner-up's score."""
    allowed = np.flatnonzero(example.fits)
    if not len(allowed):
        return None, None
    order = allowed[np.argsort(-scores[allowed], kind="stable")]
    return int(order[0]), (float(scores[order[1]]) if len(order) > 1 else None)


def ranking_figures(examples: list[Example], scores: list[np.ndarray]) -> dict[str, float]:
    """cite@1 and cite@3 (the three units an answer would cite, `cited_units`) over the
    answerable questions."""
    at1 = at3 = 0
    answerable = [(e, s) for e, s in zip(examples, scores, strict=True) if e.answerable]
    for example, score in answerable:
        best, _ = best_two(example, score)
        if best is None:
            continue
        at1 += bool(example.labels[best])
        allowed = np.flatnonzero(example.fits)
        order = allowed[np.argsort(-score[allowed], kind="stable")]
        right = {id(example.candidates[i]): bool(example.labels[i]) for i in order}
        at3 += any(right[id(c)] for c in cited_units((example.candidates[i] for i in order), 3))
    n = max(len(answerable), 1)
    return {"cite_at_1": round(at1 / n, 3), "cite_at_3": round(at3 / n, 3)}


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
    mean, scale = _standardiser(x)
    model = LogisticRegression(C=CALIBRATION_C, max_iter=5000).fit((x - mean) / scale, y)
    return _linear(mean, scale, model.coef_[0], float(model.intercept_[0]))


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
    for test in folds(examples):
        held = set(test.tolist())
        rest = [n for n in range(len(examples)) if n not in held]
        chosen.append(choose_threshold([examples[n] for n in rest], [confidences[n] for n in rest]))
    return float(np.median(chosen))


def calibrated_out_of_fold(examples: list[Example], points: list) -> list[tuple]:
    """(confidence, right) per question, each calibrated by a map fitted on the other folds."""
    out: list[tuple] = [(None, False)] * len(examples)
    for test in folds(examples):
        held = set(test.tolist())
        train = [p for n, p in enumerate(points) if n not in held and p is not None]
        calibration = fit_calibration(train)
        for n in test:
            p = points[n]
            out[n] = (None, False) if p is None else (confidence(calibration, p), p[1])
    return out


def abstention_figures(examples: list[Example], confidences: list) -> dict[str, float]:
    """Threshold chosen on the other folds, applied to each fold: honest abstention figures."""
    answered_right = wrongly_abstained = rightly_abstained = 0
    for test in folds(examples):
        held = set(test.tolist())
        rest = [n for n in range(len(examples)) if n not in held]
        threshold = choose_threshold([examples[n] for n in rest], [confidences[n] for n in rest])
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


def families() -> dict[str, Fitter]:
    """Every model compared, by the name the fitted file's provenance keeps."""
    table: dict[str, Fitter] = {f"pointwise_lr_C{c}": pointwise(c) for c in LINEAR_C}
    table.update({f"pairwise_lr_C{c}": pairwise(c) for c in LINEAR_C})
    table["boosted_trees"] = boosted
    return table


def compare(
    examples: list[Example],
) -> tuple[dict[str, dict[str, float]], dict[str, list[np.ndarray]]]:
    """Every family's out-of-fold figures, and the out-of-fold scores they come from."""
    scores = {name: out_of_fold(examples, fitter) for name, fitter in families().items()}
    return {name: ranking_figures(examples, s) for name, s in scores.items()}, scores


def fit_model(
    examples: list[Example],
    family: str,
    provenance: dict,
    scores: list[np.ndarray] | None = None,
) -> RankerModel:
    """Ranker on all the examples; calibration and threshold from their out-of-fold scores
    (`scores`, when `compare` has them already)."""
    fitter = families()[family]
    if scores is None:
        scores = out_of_fold(examples, fitter)
    points = decisions(examples, scores)
    calibration = fit_calibration([p for p in points if p is not None])
    confidences = calibrated_out_of_fold(examples, points)
    return RankerModel(
        FEATURE_NAMES,
        fitter(examples),
        calibration,
        stable_threshold(examples, confidences),
        provenance,
    )


def chosen_family(table: dict[str, dict[str, float]]) -> str:
    """The model of the best out-of-fold cite@1 (then cite@3)."""
    return max(table, key=lambda k: (table[k]["cite_at_1"], table[k]["cite_at_3"]))


def why_chosen(table: dict[str, dict[str, float]], family: str, answerable: int) -> str:
    """Why the model was kept, in questions the best of each other family ranks worse first."""

    def worse(prefix: str) -> str:
        best = max(v["cite_at_1"] for k, v in table.items() if k.startswith(prefix))
        return f"{prefix} {round((table[family]['cite_at_1'] - best) * answerable)}"

    others = [p for p in ("pointwise", "pairwise", "boosted") if not family.startswith(p)]
    return (
        f"best out-of-fold cite@1 (then cite@3) of the models compared; on {answerable} "
        f"answerable questions the best of the other families rank these many worse first: "
        f"{', '.join(worse(p) for p in others)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument(
        "--adapters",
        type=Path,
        metavar="DIR",
        help="measure each question with the e5 adapter fitted without it "
        "(bench/fit_adapter.py --folds-out DIR)",
    )
    parser.add_argument(
        "--ablate",
        action="store_true",
        help="print what each group of features adds (out of fold), write nothing",
    )
    args = parser.parse_args()
    from policy_kg.runtime import Runtime

    rows, files = dev_rows()
    if args.adapters:
        examples = cross_fitted_examples(rows, args.adapters)
    else:
        examples = collect(runtime_answerer(Runtime.start()), rows)
    print(
        f"questions: {len(examples)} from {', '.join(files)}; "
        f"candidates: {sum(len(e.candidates) for e in examples)}"
    )
    if args.ablate:
        ablate(examples)
        return
    table, scores = compare(examples)
    for name, figures in table.items():
        print(f"  {name:24} cite@1 {figures['cite_at_1']:.3f}  cite@3 {figures['cite_at_3']:.3f}")
    family = chosen_family(table)
    points = decisions(examples, scores[family])
    abstention = abstention_figures(examples, calibrated_out_of_fold(examples, points))
    print(f"chosen: {family}; cross-validated abstention: {abstention}")
    model = fit_model(
        examples,
        family,
        {
            "script": "bench/fit_ranker.py",
            "training_files": [f"bench/eval/{f}" for f in files],
            "questions": len(examples),
            "vectors": (
                "each question's from the e5 adapter fitted without it (bench/fit_adapter.py)"
                if args.adapters
                else "the e5 adapter in use"
            ),
            "fitted": datetime.date.today().isoformat(),
            "family": family,
            "why": why_chosen(table, family, sum(e.answerable for e in examples)),
            "cross_validation": f"{FOLDS}-fold, grouped by question, seed {SEED}",
            "cv_ranking": table,
            "cv_abstention": abstention,
        },
        scores[family],
    )
    print(f"threshold: {model.threshold:.3f}")
    model.save(args.out)
    print(f"wrote {args.out}")


# Feature groups whose worth --ablate measures: each unit's e5 cosines cost an embedding of the
# unit alone or placed under its headings at build time (docs/scale.md).
ABLATIONS: dict[str, tuple[str, ...]] = {
    "every feature": (),
    "without the unit alone's cosines": (
        "dense_sentence",
        "dense_sentence_gap",
        "dense_sentence_reciprocal_rank",
    ),
    "without the placed unit's cosines": (
        "dense_placed",
        "dense_placed_gap",
        "dense_placed_reciprocal_rank",
    ),
}
ABLATION_SEEDS = 5  # fold assignments averaged over: one assignment moves cite@1 by ~0.01


def ablate(examples: list[Example]) -> None:
    """Out-of-fold cite@1 and cite@3 of the fitted model's family without each feature group,
    averaged over several fold assignments."""
    fitter = families()[load_model().provenance["family"]]
    for name, dropped in ABLATIONS.items():
        keep = [i for i, feature in enumerate(FEATURE_NAMES) if feature not in dropped]
        kept = [replace(e, features=e.features[:, keep]) for e in examples]
        figures = [
            ranking_figures(kept, out_of_fold(kept, fitter, seed)) for seed in range(ABLATION_SEEDS)
        ]
        at1 = np.mean([f["cite_at_1"] for f in figures])
        at3 = np.mean([f["cite_at_3"] for f in figures])
        print(f"  {name:36} cite@1 {at1:.3f}  cite@3 {at3:.3f}")


def cross_fitted_examples(rows: list[dict], adapters: Path) -> list[Example]:
    """Each question measured on a build whose e5 adapter never saw it: the adapter in use
    was fitted on every development question, so its vectors would make the dense features
    of these questions look better than they are on new ones. One build per fold, in a
    temporary folder sharing this checkout's converted model and caches."""
    from fit_adapter import FOLDS as ADAPTER_FOLDS
    from fit_adapter import fold_of

    from policy_kg.config import Paths
    from policy_kg.index.e5_adapter import ADAPTER_ENV
    from policy_kg.runtime import Runtime

    examples: list[Example] = []
    for fold in range(ADAPTER_FOLDS):
        adapter = adapters / f"fold-{fold}.npz"
        if not adapter.is_file():
            raise SystemExit(f"{adapter}: missing; run bench/fit_adapter.py --folds-out {adapters}")
        os.environ[ADAPTER_ENV] = str(adapter)
        with tempfile.TemporaryDirectory() as folder:
            runtime = Runtime.start(Paths(indexes=Path(folder), shared_cache=Paths().indexes))
            try:
                chosen = [row for row in rows if fold_of(row["id"]) == fold]
                examples += collect(runtime_answerer(runtime), chosen)
            finally:
                runtime.close()
        print(f"fold {fold + 1} of {ADAPTER_FOLDS}: {len(chosen)} measured", flush=True)
    del os.environ[ADAPTER_ENV]
    order = {row["id"]: n for n, row in enumerate(rows)}
    return sorted(examples, key=lambda e: order[e.row["id"]])


def runtime_answerer(runtime):
    """The runtime's answerer pieces, with a model that scores nothing (none is fitted yet)."""
    from policy_kg.index.embedder import default_embedder
    from policy_kg.nlp.terms import domain_term_extractor
    from policy_kg.qa.service import load_answerer, load_passages

    return load_answerer(
        runtime.build,
        load_passages(runtime.build, runtime.documents),
        runtime.documents,
        runtime.vocabulary,
        domain_term_extractor(runtime.paths.cache),
        default_embedder(runtime.paths.models),
        model=unfitted_model(),
    )


if __name__ == "__main__":
    warnings.filterwarnings("ignore", category=UserWarning)
    sys.exit(main())
