"""Print the time of a document diff: critical-minerals vs permanent-magnets, and vs itself.

    .venv/bin/python bench/bench_diff.py [--corpus corpus] [--runs 5]

Documents are parsed from the text files with hand-built metadata (title = first line), so the
bench does not depend on the corpus loader. Parse time is shown separately; the target is a diff
of two ~110 KB documents under 2 s, parse included.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from policy_kg.corpus.model import DocumentMeta, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.revisions.diff import diff_documents

T = TypeVar("T")
PAIRS = (
    ("critical-minerals-policy-2026-03-30", "permanent-magnets-policy-2025-draft"),
    ("critical-minerals-policy-2026-03-30", "critical-minerals-policy-2026-03-30"),
)


def _source(path: Path) -> SourceDocument:
    text = path.read_text(encoding="utf-8")
    title = next(line.strip() for line in text.splitlines() if line.strip())
    meta = DocumentMeta(path.stem, path.stem, title, "", None, "", "final", path.name)
    return SourceDocument(meta, path, text, hashlib.sha256(text.encode()).hexdigest())


def _timed(run: Callable[[], T], runs: int) -> tuple[float, T]:
    """Median seconds of `runs` calls, and the last call's result."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def _bench_pair(corpus: Path, a_stem: str, b_stem: str, runs: int) -> None:
    sources = [_source(corpus / f"{stem}.txt") for stem in (a_stem, b_stem)]
    parse, (a, b) = _timed(lambda: [parse_document(s) for s in sources], runs)
    seconds, diff = _timed(lambda: diff_documents(a, b), runs)
    sizes = " + ".join(f"{len(s.text.encode()) // 1024} KB" for s in sources)
    counts: dict[str, int] = {}
    for section in diff.sections:
        counts[section.status] = counts.get(section.status, 0) + 1
    print(f"{a_stem} vs {b_stem} ({sizes})")
    print(f"  parse both: {parse:.3f} s   diff: {seconds:.3f} s   total: {parse + seconds:.3f} s")
    print("  sections: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"median of {args.runs} runs")
    for a_stem, b_stem in PAIRS:
        _bench_pair(args.corpus, a_stem, b_stem, args.runs)


if __name__ == "__main__":
    main()
