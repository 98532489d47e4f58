"""Evaluate `ask` against the naive baseline, on the development and the held-out questions apart.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/eval_qa.py [--verbose] [--adapters DIR]

Development part: the files of `qa.evaluation.DEVELOPMENT_FILES` in bench/eval/ (those
present). The ranker, the query map (bench/fit_query_map.py) and the e5 adapter
(bench/fit_adapter.py) were fitted on them, so their in-sample figures flatter; the same part
is also answered cross-fitted: each question by a ranker fitted (bench/fit_ranker.py's
`fit_model`) on the other folds only, its vector moved by a query map fitted on them too, folds
by fact (`fit_query_map.groups`: no question sharing a gold quote or a supporting passage with
it, in any wording, is in the folds they learn from), but still with the adapter's vectors: it
was fitted on some of the development questions and knows the passages of most of the others
(bench/fit_adapter.py's 2026-12-06 study: what it adds is mostly on passages it was fitted
on). With `--adapters DIR` it is also answered with neither the adapter nor the ranker having
seen the question, and no query map (`cross_fitted_by_adapter`; with adapters folded by
passage, nor its passage's questions). The cross-fitted figures are printed again for the
development questions whose fact no other development question asks (`asked_once`): most
facts are asked several times in other words, and routes and rules were written reading them,
so these are the development figures nearest a new user's question.
Held-out parts: bench/eval/heldout_qa.jsonl and heldout2_qa.jsonl (`HELDOUT_FILES`), each
reported apart when its file exists; nothing is fitted or tuned on them.
For each part and for the baseline (`qa.baseline`): cite@1, cite@3 (a citation counts when its
doc_id matches a gold entry and its quote, NFKC-normalised without white space, markup tags or
table cell separators, contains a gold quote), answer hits, false abstentions, abstentions on
unanswerable questions, a coverage/accuracy curve over the confidence, and the ratio to the
baseline. Then what each expansion source adds on the development part, and warm latency.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy_kg.qa.evaluation import (
    DEVELOPMENT_FILES,
    HELDOUT_FILES,
    Outcome,
    Scores,
    curve,
    read_questions,
    score,
)
from policy_kg.qa.model import Answer

EVAL = Path(__file__).resolve().parent / "eval"

Ask = Callable[[str], Answer]


@dataclass(frozen=True)
class Part:
    name: str
    files: tuple[Path, ...]
    rows: list[dict]


def parts(folder: Path = EVAL) -> list[Part]:
    """The development part, and each held-out part whose file exists, apart."""
    dev = tuple(folder / n for n in DEVELOPMENT_FILES if (folder / n).exists())
    found = [Part("development", dev, [r for p in dev for r in read_questions(p)])]
    for n, name in enumerate(HELDOUT_FILES, start=1):
        heldout = folder / name
        if heldout.exists():
            label = "held-out" if n == 1 else f"held-out {n}"
            found.append(Part(label, (heldout,), read_questions(heldout)))
    return found


def evaluate(ask: Ask, rows: list[dict]) -> list[Outcome]:
    outcomes = []
    for row in rows:
        started = time.perf_counter()
        answer = ask(row["question"])
        outcomes.append(Outcome(row, answer, time.perf_counter() - started))
    return outcomes


def figures_line(label: str, scores: Scores, answerable: int) -> str:
    return (
        f"  {label:22} cite@1 {scores.recall_at_1:.2f}  cite@3 {scores.recall_at_3:.2f}  "
        f"answer {scores.answer_hits:.2f}  false abstentions {scores.abstained_wrongly}/"
        f"{answerable}  unanswerable abstained {scores.abstained_rightly}/{scores.unanswerable}"
    )


def report_part(
    part: Part, runs: dict[str, list[Outcome]], baseline: list[Outcome], verbose: bool
) -> None:
    answerable = sum(not r["expect_abstain"] for r in part.rows)
    names = ", ".join(p.name for p in part.files)
    print(f"\n== {part.name}: {len(part.rows)} questions ({answerable} answerable) from {names}")
    base = score(baseline)
    for label, outcomes in runs.items():
        print(figures_line(label, score(outcomes), answerable))
    print(figures_line("naive baseline", base, answerable))
    for label, outcomes in runs.items():
        ours = score(outcomes)
        ratio = [
            f"{name} {_ratio(a, b)}"
            for name, a, b in (
                ("cite@1", ours.recall_at_1, base.recall_at_1),
                ("cite@3", ours.recall_at_3, base.recall_at_3),
                ("answer", ours.answer_hits, base.answer_hits),
            )
        ]
        print(f"  ratio to baseline ({label}): {'  '.join(ratio)}")
    for label, outcomes in runs.items():
        points = "  ".join(
            f">={p.threshold:.1f}: {p.coverage:.2f}/{p.accuracy:.2f}" for p in curve(outcomes)
        )
        print(f"  coverage/accuracy over confidence ({label}): {points}")
    if verbose and part.name == "development":
        # held-out misses are never listed: reading them would be tuning on them
        for outcome in next(iter(runs.values())):
            _print_miss(outcome)


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.2f}x" if base else "n/a"


def _print_miss(o: Outcome) -> None:
    ok = o.answer.abstained if o.expect_abstain else o.cites_gold(1) and o.answer_hit
    if not ok:
        first = o.answer.citations[0].quote[:60] if o.answer.citations else "-"
        print(f"    {o.row['id']} {o.row['question']}")
        print(f"       -> {o.answer.answer[:70]!r} [{first}] conf={o.answer.confidence}")


def latency(outcomes: list[Outcome]) -> str:
    seconds = sorted(o.seconds * 1000 for o in outcomes)
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
    return f"p50 {statistics.median(seconds):.0f} ms, p95 {p95:.0f} ms"


def cross_fitted(runtime, rows: list[dict]) -> tuple[list[Outcome], np.ndarray]:
    """Each development question answered by a model fitted on the other folds only, its
    question moved by a query map fitted on them too, folds that keep the questions about one
    fact together (and the unanswerable ones asking the same in other words); with each
    question's fact group (`fit_query_map.groups`)."""
    from fit_query_map import fold_answerers, fold_examples, groups
    from fit_ranker import fit_model

    family = runtime.answerer.model.provenance["family"]
    data, folds = fold_answerers(runtime, rows, "fact")
    examples = fold_examples(data, folds)
    outcomes: list[Outcome | None] = [None] * len(rows)
    fitted = runtime.answerer
    try:
        for fold, answerer in folds:
            answerer.model = fit_model([examples[n] for n in fold.training], family, {})
            runtime.answerer = answerer
            for n in fold.test:
                outcomes[n] = evaluate(runtime.ask, [rows[n]])[0]
    finally:
        runtime.answerer = fitted
    return [o for o in outcomes if o is not None], groups(data, "fact")


def asked_once(part: Part, fact_groups: np.ndarray) -> list[int]:
    """The rows of the part whose fact no other row asks, in any wording: of the development
    part, the questions most like a new user's (the second held-out part's writers went for
    the facts the development files left unasked; bench/eval/README.md, unseen_qa.jsonl)."""
    sizes = Counter(fact_groups.tolist())
    return [n for n in range(len(part.rows)) if sizes[fact_groups[n]] == 1]


def cross_fitted_by_adapter(runtime, rows: list[dict], adapters: Path) -> list[Outcome]:
    """Each development question answered on a build whose e5 adapter was fitted without its
    fold (bench/fit_adapter.py --folds-out), by a ranker fitted on the other folds' questions
    measured the same way: neither has seen the question (with folds by passage, nor any
    question its passages support)."""
    from fit_adapter import FOLDS
    from fit_ranker import fit_model
    from ranker_examples import (
        adapter_folds,
        cross_fitted_examples,
        fold_runtime,
        unmapped_answerer,
    )

    family = runtime.answerer.model.provenance["family"]
    examples = cross_fitted_examples(rows, adapters)
    folds = adapter_folds(adapters, rows, FOLDS)
    outcomes: list[Outcome | None] = [None] * len(rows)
    for fold in range(FOLDS):
        train = [e for e, f in zip(examples, folds, strict=True) if f != fold]
        model = fit_model(train, family, {})
        with fold_runtime(adapters, fold) as held:
            held.answerer = unmapped_answerer(held)
            held.answerer.model = model
            for n in (n for n, f in enumerate(folds) if f == fold):
                outcomes[n] = evaluate(held.ask, [rows[n]])[0]
    return [o for o in outcomes if o is not None]


def expansion_ablation(runtime, rows: list[dict]) -> None:
    """What each expansion source adds on the development part (fitted model, in-sample)."""
    from policy_kg.nlp.synonyms import Expander

    answerer = runtime.answerer
    full = answerer.expander
    variants = {
        "no expansion": Expander(None, None, None),
        "Sudachi synonyms only": Expander(full.table, full.groups, None),
        "altLabels only": Expander(None, None, full.labels),
        "both": full,
    }
    print("\n== expansion sources (development part, in-sample model)")
    answerable = sum(not r["expect_abstain"] for r in rows)
    try:
        for label, expander in variants.items():
            answerer.expander = expander
            print(figures_line(label, score(evaluate(runtime.ask, rows)), answerable))
    finally:
        answerer.expander = full


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the development misses")
    parser.add_argument(
        "--development-only",
        action="store_true",
        help="leave the held-out part out (while choosing between variants)",
    )
    parser.add_argument(
        "--adapters",
        type=Path,
        metavar="DIR",
        help="also cross-fit the development part with the e5 adapters fitted without each "
        "fold (bench/fit_adapter.py --folds-out DIR)",
    )
    args = parser.parse_args()
    from policy_kg.nlp.terms import domain_term_extractor
    from policy_kg.qa.baseline import NaiveBaseline
    from policy_kg.runtime import Runtime

    started = time.perf_counter()
    runtime = Runtime.start()
    runtime.ask("warm-up: リチウムの目標は")
    answerer = runtime.answerer
    terms = domain_term_extractor(runtime.paths.cache)
    baseline = NaiveBaseline(answerer.indexed_passages, terms, runtime.documents)
    print(f"load and warm-up: {time.perf_counter() - started:.1f} s")
    timed: list[Outcome] = []
    for part in parts()[:1] if args.development_only else parts():
        runs = {"ask (fitted)": evaluate(runtime.ask, part.rows)}
        timed += runs["ask (fitted)"]
        base = evaluate(baseline.ask, part.rows)
        if part.name != "development":
            report_part(part, runs, base, args.verbose)
            continue
        crossed, fact_groups = cross_fitted(runtime, part.rows)
        runs["cross-fitted by fact"] = crossed
        if args.adapters:
            runs["adapter-fold fitted"] = cross_fitted_by_adapter(runtime, part.rows, args.adapters)
        report_part(part, runs, base, args.verbose)
        once = asked_once(part, fact_groups)
        lone = Part("development, facts asked once", part.files, [part.rows[n] for n in once])
        crossed_once = {"cross-fitted by fact": [crossed[n] for n in once]}
        report_part(lone, crossed_once, [base[n] for n in once], verbose=False)
    expansion_ablation(runtime, parts()[0].rows)
    print(f"\nlatency (warm, in-process): {latency(timed)}")


if __name__ == "__main__":
    main()
