"""Print the structural build time of the corpus and the passage counts per document.

    .venv/bin/python bench/bench_build.py [--corpus corpus] [--runs 5]

Times the parse of every document (what `policy-kg build` does per changed document) and one
full cold `build` into a temporary indexes folder.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from policy_kg.build import run_build
from policy_kg.config import Paths
from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    documents = load_corpus(args.corpus).documents
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        parsed = [parse_document(doc) for doc in documents]
        timings.append(time.perf_counter() - started)
    print(
        f"structural parse of {len(documents)} documents: median {statistics.median(timings):.3f} s"
    )
    for doc in parsed:
        kinds = {}
        for passage in doc.passages:
            kinds[passage.kind] = kinds.get(passage.kind, 0) + 1
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        print(f"  {doc.meta.doc_id:45} {len(doc.passages):4d} passages ({detail})")
    with tempfile.TemporaryDirectory() as indexes:
        report = run_build(Paths(corpus=args.corpus, indexes=Path(indexes)))
        print(f"cold `policy-kg build` of the corpus: {report.seconds:.2f} s")


if __name__ == "__main__":
    main()
