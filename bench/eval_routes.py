"""Which route of the question router answers each evaluation question, and how often it is right.

    PYTHONPATH=src .venv/bin/python bench/eval_routes.py [FILE ...]

Defaults to bench/eval/dev_qa.jsonl and extra_qa.jsonl. Per route: the questions it answered,
how many of them were right (expected to abstain and did; or cited a gold quote first and the
answer holds an expected value), and the warm latency of its questions. The graph routes'
share of right answers is what `qa.routes.context.GRAPH_FACT_CONFIDENCE` is set from.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from policy_kg.qa.evaluation import Outcome, read_questions
from policy_kg.runtime import Runtime

BENCH = Path(__file__).resolve().parent
DEFAULT_FILES = [BENCH / "eval" / "dev_qa.jsonl", BENCH / "eval" / "extra_qa.jsonl"]


def right(outcome: Outcome) -> bool:
    if outcome.expect_abstain:
        return outcome.answer.abstained
    return not outcome.answer.abstained and outcome.cites_gold(1) and outcome.answer_hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    args = parser.parse_args()
    rows = [row for path in args.files for row in read_questions(path)]
    runtime = Runtime.start()
    runtime.ask("warm-up: リチウムの目標は")
    by_route: dict[str, list[Outcome]] = defaultdict(list)
    for row in rows:
        started = time.perf_counter()
        routed = runtime.router.route(row["question"])
        outcome = Outcome(row, routed.answer, time.perf_counter() - started)
        by_route[routed.route].append(outcome)
    print(f"{'route':<18} {'answered':>8} {'right':>6} {'p50 ms':>7}")
    for route, outcomes in sorted(by_route.items(), key=lambda item: -len(item[1])):
        n_right = sum(right(o) for o in outcomes)
        p50 = statistics.median(o.seconds * 1000 for o in outcomes)
        print(f"{route:<18} {len(outcomes):>8} {n_right:>6} {p50:>7.0f}")
        for outcome in outcomes:
            if not right(outcome):
                print(f"    wrong: {outcome.row['id']} {outcome.row['question']}")


if __name__ == "__main__":
    main()
