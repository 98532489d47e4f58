"""Evaluate `ask` on question files in the development-set format and print the figures.

    .venv/bin/python bench/eval_qa.py [FILE ...] [--verbose]

Defaults to bench/eval/dev_qa.jsonl. Prints citation recall at 1 and 3 (a citation counts
when its doc_id matches a gold entry and its quote, NFKC-normalised without white space,
contains one of the gold quotes), answer hits (the answer contains one of `answer_any`),
abstention accuracy (abstained exactly when `expect_abstain`), and warm latency per question.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policy_kg.qa.model import Answer
from policy_kg.runtime import Runtime

BENCH = Path(__file__).resolve().parent


def compact(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Outcome:
    row: dict
    answer: Answer
    seconds: float

    def cites_gold(self, k: int) -> bool:
        return any(
            gold["doc_id"] == c.doc_id
            and any(compact(q) in compact(c.quote) for q in gold["quote_any"])
            for c in self.answer.citations[:k]
            for gold in self.row["gold"]
        )

    @property
    def answer_hit(self) -> bool:
        return any(compact(a) in compact(self.answer.answer) for a in self.row["answer_any"])


def evaluate(runtime: Runtime, rows: list[dict]) -> list[Outcome]:
    outcomes = []
    for row in rows:
        started = time.perf_counter()
        answer = runtime.ask(row["question"])
        outcomes.append(Outcome(row, answer, time.perf_counter() - started))
    return outcomes


def report(outcomes: list[Outcome], verbose: bool) -> None:
    answerable = [o for o in outcomes if not o.row["expect_abstain"]]
    unanswerable = [o for o in outcomes if o.row["expect_abstain"]]
    share = lambda hits, rows: f"{sum(hits)}/{len(rows)} = {sum(hits) / max(len(rows), 1):.2f}"  # noqa: E731
    print(f"questions: {len(outcomes)} ({len(answerable)} answerable)")
    print(f"citation recall@1: {share([o.cites_gold(1) for o in answerable], answerable)}")
    print(f"citation recall@3: {share([o.cites_gold(3) for o in answerable], answerable)}")
    print(f"answer hits:       {share([o.answer_hit for o in answerable], answerable)}")
    print(f"abstained wrongly: {sum(o.answer.abstained for o in answerable)} answerable")
    print(f"abstained rightly: {share([o.answer.abstained for o in unanswerable], unanswerable)}")
    abstention = [o.answer.abstained == o.row["expect_abstain"] for o in outcomes]
    print(f"abstention accuracy: {share(abstention, outcomes)}")
    seconds = sorted(o.seconds * 1000 for o in outcomes)
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))]
    print(f"latency (warm): p50 {statistics.median(seconds):.0f} ms, p95 {p95:.0f} ms")
    if verbose:
        for o in outcomes:
            ok = o.answer.abstained if o.row["expect_abstain"] else o.cites_gold(1)
            if not ok or (not o.row["expect_abstain"] and not o.answer_hit):
                first = o.answer.citations[0].quote[:60] if o.answer.citations else "-"
                print(f"  {o.row['id']} {o.row['question']}")
                print(f"     -> {o.answer.answer[:70]!r} [{first}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[BENCH / "eval" / "dev_qa.jsonl"])
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    rows = [
        json.loads(line) for f in args.files for line in f.open(encoding="utf-8") if line.strip()
    ]
    started = time.perf_counter()
    runtime = Runtime.start()
    runtime.ask("warm-up: リチウムの目標は")
    print(f"load and warm-up: {time.perf_counter() - started:.1f} s")
    report(evaluate(runtime, rows), args.verbose)


if __name__ == "__main__":
    main()
