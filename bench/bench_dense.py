"""Print flat against HNSW dense search by row count: query time and HNSW recall@10.

    PYTHONPATH=src .venv/bin/python bench/bench_dense.py [--dense indexes/current/index/dense]
        [--rows 1000 10000 50000 110000]

The rows are the built passage vectors, repeated with a little noise up to each count (a
larger corpus of the same kind of text, as bench/bench_scale.py makes); the queries are
QUERIES of them, perturbed the same way. "flat" is `DenseIndex.scores` over an exact index
(what retrieval calls: a score for every row); "hnsw" the same call over the HNSW index.
Recall@10 is the share of flat's top 10 that HNSW's top 10 holds. The size above which
`policy_kg.index.dense` switches to HNSW (FLAT_LIMIT) comes from this table.

`served_recall` measures a saved index as a server reads it (extended by edits, dead rows
and all) against exact search over its live rows (bench/bench_scale.py prints it).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import faiss
import numpy as np

from policy_kg.index.dense import FLAT_LIMIT, DenseIndex, index_kind

QUERIES = 50
# queries of `served_recall`: over 100 copies of one corpus, 50 gave 0.84-0.92 by seed, 1,000
# steady to a percent; one query is an HNSW search and one exact product
SERVED_QUERIES = 1000
NOISE = 0.02  # per dimension, before normalising: copies stay each other's near neighbours
TOP = 10
SEED = 7
WIDTHS = (8, 7, 8, 8, 13, 10)


def grown(vectors: np.ndarray, rows: int, rng: np.random.Generator) -> np.ndarray:
    picks = vectors[rng.integers(0, len(vectors), rows)]
    return normalised(picks + rng.normal(0, NOISE, picks.shape).astype(np.float32))


def normalised(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def timed_scores(index: DenseIndex, queries: np.ndarray) -> tuple[float, list[set[int]]]:
    timings, tops = [], []
    for query in queries:
        started = time.perf_counter()
        scores = index.scores(query)
        timings.append((time.perf_counter() - started) * 1000)
        tops.append(set(np.argsort(-scores, kind="stable")[:TOP].tolist()))
    return statistics.median(timings), tops


def served_recall(folder: Path, rng: np.random.Generator) -> float:
    """Recall@10 of the index saved in `folder`, loaded as a server loads it, against exact
    search over the build rows it stands for; a row as near as the exact tenth counts, since
    copies of one text tie."""
    index = DenseIndex.load(folder)
    stored = faiss.read_index(str(folder / "vectors.faiss"))
    vectors = stored.reconstruct_n(0, stored.ntotal)
    rows_file = folder / "rows.npy"
    rows = np.load(rows_file) if rows_file.exists() else np.arange(stored.ntotal)
    live = np.zeros((index.info.size, vectors.shape[1]), dtype=np.float32)
    live[rows[rows >= 0]] = vectors[rows >= 0]
    hits = 0
    for query in grown(live, SERVED_QUERIES, rng):
        exact = live @ query
        tenth = np.sort(exact)[-TOP]
        found = np.argsort(-index.scores(query), kind="stable")[:TOP]
        hits += int(np.count_nonzero(exact[found] >= tenth - 1e-6))
    return hits / (TOP * SERVED_QUERIES)


def compare(vectors: np.ndarray, rng: np.random.Generator) -> dict[str, float]:
    """Flat and HNSW over `vectors`: query p50 of each, HNSW build time and recall@10."""
    queries = grown(vectors, QUERIES, rng)
    flat = DenseIndex.build(vectors, "bench", kind="flat")
    started = time.perf_counter()
    hnsw = DenseIndex.build(vectors, "bench", kind="hnsw")
    build_s = time.perf_counter() - started
    flat_ms, exact = timed_scores(flat, queries)
    hnsw_ms, approximate = timed_scores(hnsw, queries)
    hits = sum(len(e & a) for e, a in zip(exact, approximate, strict=True))
    return {
        "flat_ms": flat_ms,
        "hnsw_ms": hnsw_ms,
        "hnsw_build_s": build_s,
        "recall_at_10": hits / (TOP * len(queries)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dense", type=Path, default=Path("indexes/current/index/dense"))
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 50_000, 110_000])
    args = parser.parse_args()
    stored = faiss.read_index(str(args.dense / "vectors.faiss"))
    vectors = stored.reconstruct_n(0, stored.ntotal)
    rng = np.random.default_rng(SEED)
    print(f"{stored.ntotal} built vectors; FLAT_LIMIT = {FLAT_LIMIT:,} rows")
    header = ("rows", "chosen", "flat ms", "hnsw ms", "hnsw build s", "recall@10")
    print(" ".join(f"{name:>{width}}" for name, width in zip(header, WIDTHS, strict=True)))
    for rows in args.rows:
        row = compare(grown(vectors, rows, rng), rng)
        print(
            f"{rows:8,} {index_kind(rows):>7} {row['flat_ms']:8.2f} {row['hnsw_ms']:8.2f}"
            f" {row['hnsw_build_s']:13.1f} {row['recall_at_10']:10.3f}"
        )


if __name__ == "__main__":
    main()
