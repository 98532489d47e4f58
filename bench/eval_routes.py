"""Which route of the question router answers each evaluation question, and how often it is right.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/eval_routes.py [--write] [FILE ...]

Defaults to the development files of bench/eval (`qa.evaluation.DEVELOPMENT_FILES`, never a
held-out one). Per route: the questions it answered, how many of them were right (expected to
abstain and did; or cited a gold quote first and the answer holds an expected value), and the
warm latency of its questions. `--write` keeps each graph route's counts in
`qa/routes/route_confidence.json`, from which its answers' confidence comes
(`qa.routes.confidence`); it refuses files other than the development ones.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from policy_kg.qa.evaluation import DEVELOPMENT_FILES, Outcome, read_questions
from policy_kg.qa.router import TEXT_ROUTE
from policy_kg.qa.routes.confidence import RouteCounts, write_counts
from policy_kg.runtime import Runtime

EVAL = Path(__file__).resolve().parent / "eval"
DEFAULT_FILES = [EVAL / name for name in DEVELOPMENT_FILES]


def right(outcome: Outcome) -> bool:
    if outcome.expect_abstain:
        return outcome.answer.abstained
    return not outcome.answer.abstained and outcome.cites_gold(1) and outcome.answer_hit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--write", action="store_true", help="keep the graph routes' counts")
    args = parser.parse_args()
    if args.write and sorted(p.resolve() for p in args.files) != sorted(DEFAULT_FILES):
        parser.error("--write counts the development files, all of them and no other")
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
    counts = {}
    for route, outcomes in sorted(by_route.items(), key=lambda item: -len(item[1])):
        n_right = sum(right(o) for o in outcomes)
        counts[route] = RouteCounts(len(outcomes), n_right)
        p50 = statistics.median(o.seconds * 1000 for o in outcomes)
        print(f"{route:<18} {len(outcomes):>8} {n_right:>6} {p50:>7.0f}")
        for outcome in outcomes:
            if not right(outcome):
                print(f"    wrong: {outcome.row['id']} {outcome.row['question']}")
    if args.write:
        counts.pop(TEXT_ROUTE, None)  # a text answer's confidence is the ranker's own
        write_counts(counts, [p.name for p in args.files])


if __name__ == "__main__":
    main()
