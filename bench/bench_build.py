"""Print build times and the passage counts per document.

    .venv/bin/python bench/bench_build.py [--corpus corpus] [--runs 5]

- the structural parse of every document (median of --runs);
- a cold `policy-kg build` into a fresh indexes folder: parse, extract, graph, lexical index,
  and the dense index with every embedding computed (the embedding model converted before,
  as a first start does once);
- the same again with the embedding cache warm (what a code change costs);
- an incremental build after one document changed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from policy_kg.config import Paths
from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.index.embedder import default_embedder
from policy_kg.rebuild import run_build


def structural(corpus: Path, runs: int) -> None:
    documents = load_corpus(corpus).documents
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        parsed = [parse_document(doc) for doc in documents]
        timings.append(time.perf_counter() - started)
    print(f"structural parse of {len(documents)} documents: {statistics.median(timings):.3f} s")
    for doc in parsed:
        kinds: dict[str, int] = {}
        for passage in doc.passages:
            kinds[passage.kind] = kinds.get(passage.kind, 0) + 1
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        print(f"  {doc.meta.doc_id:45} {len(doc.passages):4d} passages ({detail})")


def full_builds(corpus: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(corpus, root / "corpus")
        shared = root / "shared"
        default_embedder(shared / "models")  # the one-off model conversion, outside the timing
        paths = Paths(root / "corpus", root / "indexes", shared)
        cold = run_build(paths)
        print(f"cold build (all embeddings computed): {cold.seconds:.1f} s")
        shutil.rmtree(root / "indexes")
        warm = run_build(paths)
        print(f"full build, embedding cache warm:     {warm.seconds:.1f} s")
        text = next((root / "corpus").glob("japan-us-*.txt"))
        text.write_text(text.read_text(encoding="utf-8") + "\n追記。\n", encoding="utf-8")
        incremental = run_build(paths)
        print(f"incremental build, one document edited: {incremental.seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    structural(args.corpus, args.runs)
    full_builds(args.corpus)


if __name__ == "__main__":
    main()
