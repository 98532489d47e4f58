"""Print what running the embedding model under bfloat16 autocast changes: speed, agreement
with float32, and retrieval recall on the development questions.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_precision.py [--indexes indexes]
        [--limit 1000] [--units 512]

Both variants are the project's own `SentenceTransformerEmbedder` over the converted e5 model,
one with `bfloat16=True` (what `default_embedder` picks on a CPU with hardware bfloat16), one
without. Over the first `--limit` indexed passages of the current build (`index_text`, as the
build embeds them) and a sample of `--units` of their answer units placed under their headings
(`placed_text`, the longest texts the build embeds), it prints:

- texts per second over SPEED_SAMPLE passages and SPEED_SAMPLE units, sorted by length as the
  build sorts them, the variants taking turns for ROUNDS rounds (median; `bench_onnx.speeds`);
- the cosine of each bfloat16 vector with float32's (min, mean) for passages, units and the
  development questions as queries;
- dense-only retrieval recall@5 / @20 of each variant on the development questions (never the
  held-out ones): a question counts when one of its top k passages supports it.

Whether this CPU has hardware bfloat16 (`native_bfloat16`) and the load average are printed
first: without it, bfloat16 is emulated and slower, and on a shared machine rates move with
the load.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from bench_onnx import (
    ROUNDS,
    SPEED_SAMPLE,
    Row,
    agreement,
    answerable_in,
    corpus_rows,
    questions,
    recall,
    speeds,
)

from policy_kg.config import Paths
from policy_kg.corpus.store import read_manifest, read_passages
from policy_kg.corpus.units import answer_units
from policy_kg.index.embedder import (
    DEFAULT_MODEL_NAME,
    SentenceTransformerEmbedder,
    default_model_dir,
    native_bfloat16,
)
from policy_kg.index.retriever import indexable
from policy_kg.index.sentences import placed_text

SEED = 0


def unit_texts(paths: Paths, count: int) -> list[str]:
    """A seeded sample of `count` answer units of the current build, placed under their
    document's title and section path."""
    build = paths.current_build()
    assert build is not None  # corpus_rows has checked
    texts = []
    for entry in read_manifest(build.manifest).documents:
        for passage in indexable(read_passages(build.passages, entry.meta.doc_id)):
            texts += [placed_text(passage, u, entry.meta.title) for u in answer_units(passage)]
    chosen = np.random.default_rng(SEED).permutation(len(texts))[:count]
    return [texts[i] for i in sorted(chosen)]


def by_length(texts: Sequence[str]) -> list[str]:
    return sorted(texts, key=len, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indexes", type=Path, default=Path("indexes"))
    parser.add_argument("--limit", type=int, default=1_000, help="passages measured")
    parser.add_argument("--units", type=int, default=512, help="answer units measured")
    args = parser.parse_args()
    shared = os.environ.get("POLICY_KG_CACHE")
    paths = Paths(Path("corpus"), args.indexes, Path(shared) if shared else None)
    rows: list[Row] = corpus_rows(paths, args.limit)
    passages = [r.text for r in rows]
    units = unit_texts(paths, args.units)
    asked = answerable_in(rows, questions())
    print(f"hardware bfloat16: {native_bfloat16()}; load average (1 min) {os.getloadavg()[0]:.1f}")
    print(f"{len(passages)} passages, {len(units)} units, {len(asked)} development questions")
    model = default_model_dir(paths.models)
    variants = {
        name: SentenceTransformerEmbedder(model, name=DEFAULT_MODEL_NAME, bfloat16=flag)
        for name, flag in (("float32", False), ("bfloat16", True))
    }
    query_texts = [q["question"] for q in asked]
    vectors = {
        name: (e.encode_passages(passages), e.encode_passages(units), e.encode_queries(query_texts))
        for name, e in variants.items()
    }
    for kind, column in (("passages", 0), ("units", 1), ("queries", 2)):
        low, mean = agreement(vectors["bfloat16"][column], vectors["float32"][column])
        print(f"cosine of bfloat16 with float32, {kind}: min {low:.6f} mean {mean:.6f}")
    for name, (passage_vectors, _, queries) in vectors.items():
        found = recall(passage_vectors, queries, rows, asked)
        print(f"{name}: dense recall " + "  ".join(f"@{k} {v:.3f}" for k, v in found.items()))
    samples = {"passages": passages, "units": units}
    samples = {kind: by_length(texts[:SPEED_SAMPLE]) for kind, texts in samples.items()}
    counts = " and ".join(f"{len(texts)} {kind}" for kind, texts in samples.items())
    print(f"speed over {counts}, {ROUNDS} rounds taking turns (median):")
    encoders = {name: e.encode_passages for name, e in variants.items()}
    for sample, texts in samples.items():
        for name, found in speeds(encoders, texts).items():
            print(f"  {name}, {sample}: {found:.1f} texts/s")
    print(f"load average (1 min) at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
