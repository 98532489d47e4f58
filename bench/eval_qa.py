"""Evaluate `ask` on question files in the development-set format and print the figures.

    .venv/bin/python bench/eval_qa.py [FILE ...] [--verbose]

Defaults to bench/eval/dev_qa.jsonl. Prints citation recall at 1 and 3 (a citation counts
when its doc_id matches a gold entry and its quote, NFKC-normalised without white space,
contains one of the gold quotes), answer hits (the answer contains one of `answer_any`),
abstention accuracy (abstained exactly when `expect_abstain`), and warm latency per question.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from policy_kg.qa.evaluation import Outcome, read_questions, score
from policy_kg.runtime import Runtime

BENCH = Path(__file__).resolve().parent


def evaluate(runtime: Runtime, rows: list[dict]) -> list[Outcome]:
    outcomes = []
    for row in rows:
        started = time.perf_counter()
        answer = runtime.ask(row["question"])
        outcomes.append(Outcome(row, answer, time.perf_counter() - started))
    return outcomes


def report(outcomes: list[Outcome], verbose: bool) -> None:
    scores = score(outcomes)
    answerable = sum(not o.expect_abstain for o in outcomes)
    print(f"questions: {len(outcomes)} ({answerable} answerable)")
    print(f"citation recall@1: {scores.recall_at_1:.2f}")
    print(f"citation recall@3: {scores.recall_at_3:.2f}")
    print(f"answer hits:       {scores.answer_hits:.2f}")
    print(f"abstained rightly: {scores.abstained_rightly}/{scores.unanswerable}")
    print(f"abstained wrongly: {scores.abstained_wrongly} answerable")
    right = sum(o.answer.abstained == o.expect_abstain for o in outcomes)
    print(f"abstention accuracy: {right / len(outcomes):.2f}")
    seconds = sorted(o.seconds * 1000 for o in outcomes)
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
    print(f"latency (warm): p50 {statistics.median(seconds):.0f} ms, p95 {p95:.0f} ms")
    if verbose:
        for o in outcomes:
            ok = o.answer.abstained if o.expect_abstain else o.cites_gold(1) and o.answer_hit
            if not ok:
                first = o.answer.citations[0].quote[:60] if o.answer.citations else "-"
                print(f"  {o.row['id']} {o.row['question']}")
                print(f"     -> {o.answer.answer[:70]!r} [{first}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[BENCH / "eval" / "dev_qa.jsonl"])
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    rows = [row for path in args.files for row in read_questions(path)]
    started = time.perf_counter()
    runtime = Runtime.start()
    runtime.ask("warm-up: リチウムの目標は")
    print(f"load and warm-up: {time.perf_counter() - started:.1f} s")
    report(evaluate(runtime, rows), args.verbose)


if __name__ == "__main__":
    main()
