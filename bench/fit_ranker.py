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
right: up to two a passage since 2026-12-04, one before, so bench/fit_ranker.md's cite@3
figures dated earlier count one a passage). The chosen model is refitted on all
questions, then calibrated: a logistic regression from what is known of its best candidate
(`ranker_model.DECISION_INPUTS`: the log-odds, the margin over the runner-up, how many
candidates may answer, the candidate's own features) to "the answer is right", fitted on the
out-of-fold scores. The abstention threshold is the
lowest whose right answers plus right abstentions over out-of-fold confidences are within one
standard error of the best threshold's (`choose_threshold`; the median of that choice over
the folds).
All of it, with the figures, goes to src/policy_kg/qa/ranker_model.json.

The development files ask most facts several times in other words, so folds by question score
a question with a ranker that learnt its fact's unit from another wording. Every family's
figures are therefore also printed and kept out of fold by fact (`ranker_examples.by_fact`):
what a question about a fact no development question asks would see. The choice, the
calibration and the threshold stay by question: with outer folds by fact around the whole fit,
calibrating on scores out of fold by fact, or choosing the linear model that ranks unseen facts
best, gave fewer right answers plus right abstentions (bench/fit_ranker.md, 2026-12-06).

`--ablate` writes nothing: it prints the out-of-fold figures without each group of features
that costs build time (`ABLATIONS`), averaged over five fold assignments, by question and by
fact.

What each variant measured, kept or not, is in bench/fit_ranker.md; the calibration and the
threshold are fitted by bench/fit_abstention.py, the questions read by bench/ranker_examples.py.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
from fit_abstention import (
    abstention_figures,
    calibrated_out_of_fold,
    decisions,
    fit_calibration,
    stable_threshold,
)
from ranker_examples import (
    FOLDS,
    SEED,
    Example,
    Fitter,
    Grouping,
    best_two,
    by_fact,
    by_question,
    cross_fitted_examples,
    dev_rows,
    linear_scorer,
    out_of_fold,
    stack,
    standardiser,
)
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from policy_kg.qa.answerer import cited_units
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.ranker_model import (
    MODEL_FILE,
    RankerModel,
    Scorer,
    load_model,
)
from policy_kg.qa.tree_ensemble import LEAF, Tree, TreeEnsemble

LINEAR_C = (0.03, 0.1, 0.3, 1.0, 3.0)


def pointwise(c: float) -> Fitter:
    def fit(examples: list[Example]) -> Scorer:
        x, y = stack(examples)
        mean, scale = standardiser(x)
        model = LogisticRegression(C=c, max_iter=2000)
        model.fit((x - mean) / scale, y)
        return linear_scorer(mean, scale, model.coef_[0], float(model.intercept_[0]))

    return fit


def pairwise(c: float) -> Fitter:
    """Logistic loss on (right - wrong) feature differences within each question."""

    def fit(examples: list[Example]) -> Scorer:
        x, _ = stack(examples)
        mean, scale = standardiser(x)
        diffs = []
        for e in examples:
            z = (e.features - mean) / scale
            for i in np.flatnonzero(e.labels):
                diffs.append(z[i] - z[~e.labels])
        d = np.vstack(diffs)
        both = np.vstack([d, -d])
        y = np.concatenate([np.ones(len(d)), np.zeros(len(d))])
        model = LogisticRegression(C=c, max_iter=2000, fit_intercept=False).fit(both, y)
        return linear_scorer(mean, scale, model.coef_[0], 0.0)

    return fit


def boosted(examples: list[Example]) -> Scorer:
    """Gradient-boosted trees, pointwise, with scikit-learn's defaults but a smaller step;
    early stopping (on 10% of the candidates) decides how many trees."""
    x, y = stack(examples)
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


def families() -> dict[str, Fitter]:
    """Every model compared, by the name the fitted file's provenance keeps."""
    table: dict[str, Fitter] = {f"pointwise_lr_C{c}": pointwise(c) for c in LINEAR_C}
    table.update({f"pairwise_lr_C{c}": pairwise(c) for c in LINEAR_C})
    table["boosted_trees"] = boosted
    return table


def compare(
    examples: list[Example], grouping: Grouping = by_question
) -> tuple[dict[str, dict[str, float]], dict[str, list[np.ndarray]]]:
    """Every family's out-of-fold figures, and the out-of-fold scores they come from."""
    scores = {
        name: out_of_fold(examples, fitter, grouping=grouping)
        for name, fitter in families().items()
    }
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
    from fit_query_map import mapped_examples

    from policy_kg.runtime import Runtime

    rows, files = dev_rows()
    if args.adapters:
        examples = cross_fitted_examples(rows, args.adapters)
        facts_apart = examples
    else:
        runtime = Runtime.start()
        examples = mapped_examples(runtime, rows, "question")
        facts_apart = examples if args.ablate else mapped_examples(runtime, rows, "fact")
    print(
        f"questions: {len(examples)} from {', '.join(files)}; "
        f"candidates: {sum(len(e.candidates) for e in examples)}"
    )
    if args.ablate:
        ablate(examples)
        return
    table, scores = compare(examples)
    unseen, _ = compare(facts_apart, by_fact)
    facts = len(set(by_fact(facts_apart)))
    print(f"out of fold by question, and by fact ({facts} groups):")
    for name, figures in table.items():
        print(
            f"  {name:24} cite@1 {figures['cite_at_1']:.3f} / {unseen[name]['cite_at_1']:.3f}"
            f"  cite@3 {figures['cite_at_3']:.3f} / {unseen[name]['cite_at_3']:.3f}"
        )
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
                else "the e5 adapter in use; each question moved by a query map fitted "
                "without its fold (bench/fit_query_map.py; by fact for cv_ranking_unseen_facts)"
            ),
            "fitted": datetime.date.today().isoformat(),
            "family": family,
            "why": why_chosen(table, family, sum(e.answerable for e in examples)),
            "cross_validation": (
                f"{FOLDS}-fold, seed {SEED}: grouped by question (cv_ranking, cv_abstention) "
                f"and by fact (cv_ranking_unseen_facts: {facts} groups)"
            ),
            "cv_ranking": table,
            "cv_ranking_unseen_facts": unseen,
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
    averaged over several fold assignments, with folds by question and by fact."""
    fitter = families()[load_model().provenance["family"]]
    print("out of fold by question / by fact:")
    for name, dropped in ABLATIONS.items():
        keep = [i for i, feature in enumerate(FEATURE_NAMES) if feature not in dropped]
        kept = [replace(e, features=e.features[:, keep]) for e in examples]
        (q1, q3), (f1, f3) = (_averaged(kept, fitter, g) for g in (by_question, by_fact))
        print(f"  {name:36} cite@1 {q1:.3f} / {f1:.3f}  cite@3 {q3:.3f} / {f3:.3f}")


def _averaged(examples: list[Example], fitter: Fitter, grouping: Grouping) -> tuple[float, float]:
    figures = [
        ranking_figures(examples, out_of_fold(examples, fitter, seed, grouping))
        for seed in range(ABLATION_SEEDS)
    ]
    return (
        float(np.mean([f["cite_at_1"] for f in figures])),
        float(np.mean([f["cite_at_3"] for f in figures])),
    )


if __name__ == "__main__":
    warnings.filterwarnings("ignore", category=UserWarning)
    sys.exit(main())
