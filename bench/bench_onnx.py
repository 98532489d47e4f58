"""Print what ONNX Runtime (fp32, and int8 by dynamic quantisation) would change in the
embedding pass, and whether sorting texts by length before batching pays.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/bench_onnx.py [--indexes indexes]
        [--limit 1000] [--work FOLDER]

The converted e5 model (`index.embedder.default_embedder`) is exported locally with
`torch.onnx.export` (its transformer; mean pooling and normalising stay in numpy, as
sentence-transformers does them) and quantised with `onnxruntime.quantization.quantize_dynamic`
(int8 weights, activations quantised per call). Over the first `--limit` indexed passages of
the current build, as the build embeds them (`index_text`, the `passage: ` prompt), it prints:

- passages per second over a sample of SPEED_SAMPLE of them, the variants taking turns for
  ROUNDS rounds (median; on a shared machine the load moves between runs, less between
  turns): torch as the build calls it (EMBED_BATCH texts per call, corpus order), torch with
  the texts sorted by length first, ONNX fp32, ONNX int8 (per tensor) and int8 per channel;
- the cosine of each ONNX vector with torch's (min, mean): torch's come from the torch
  variant's embedding cache where a build under torch left one (under bfloat16 autocast on a
  CPU with hardware bfloat16: within 0.99998 of float32's, bench/bench_precision.py), and are
  computed in float32 otherwise;
- dense-only retrieval recall@5 / @20 on the development questions (bench/eval_qa.py's
  development files, never the held-out one): a question counts when one of its top k passages
  supports it (`qa.evaluation.supports`: a gold doc_id, a gold quote inside the text).

The load average is printed first: on a shared machine, rates move with it.

It needs two packages the project does not install, since the build keeps torch (below):
`.venv/bin/pip install onnxruntime==1.31.1 onnx==1.23.2`.

Measured (783 passages, 182 development questions, loaded machine): torch as built 2.7
passages/s, sorted by length 3.4, ONNX fp32 3.8 (cosine with torch 1.0000, the same recall),
int8 per tensor 5.7 and per channel 5.9 (cosine min 0.981 / 0.993, dense recall@5 0.863 ->
0.786 / 0.824). Kept: sorting by length (EmbeddingCache.embed). Not kept: int8,
which loses recall; and fp32 ONNX, 12% over sorted torch for two more dependencies, a one-off
export peaking at 2.5 GB on a fresh clone's first start, and a server no smaller (its session
holds about what torch does).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy_kg.config import Paths
from policy_kg.corpus.store import read_manifest, read_passages
from policy_kg.index.embedder import DEFAULT_MODEL_NAME, default_model_dir
from policy_kg.index.embedding_cache import EMBED_BATCH, EmbeddingCache
from policy_kg.index.retriever import index_text, indexable
from policy_kg.qa.evaluation import supports

PASSAGE_PROMPT = "passage: "
QUERY_PROMPT = "query: "
BATCH = 32  # sentence-transformers' batch size, as `SentenceTransformerEmbedder` uses it
MAX_TOKENS = 512  # the model's max_seq_length
OPSET = 17
RECALL_AT = (5, 20)
# the agreement the issue asks of a faster backend before it may replace the torch model
MIN_COSINE = 0.99
SPEED_SAMPLE = 128  # two build calls of EMBED_BATCH: torch takes about a minute under load
ROUNDS = 3

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Row:
    doc_id: str
    text: str  # what the build embeds: title, heading, passage text


def corpus_rows(paths: Paths, limit: int) -> list[Row]:
    """The first `limit` indexed passages of the current build, with their index texts."""
    build = paths.current_build()
    if build is None:
        raise SystemExit(f"nothing built under {paths.indexes}: run `policy-kg build` first")
    rows = []
    for entry in read_manifest(build.manifest).documents:
        for passage in indexable(read_passages(build.passages, entry.meta.doc_id)):
            rows.append(Row(passage.doc_id, index_text(passage, entry.meta.title)))
    return rows[:limit]


def questions() -> list[dict]:
    """The answerable development questions (bench/eval_qa.py's development part)."""
    from eval_qa import parts

    development = parts()[0]
    return [r for r in development.rows if not r["expect_abstain"] and r["gold"]]


# --- the variants ----------------------------------------------------------------------


def torch_model(model_dir: Path):
    from policy_kg.index.embedder import _load_sentence_transformer

    return _load_sentence_transformer(str(model_dir))


def torch_encoder(model, prompt: str, chunk: int | None, by_length: bool) -> Encode:
    """The torch model called on chunks of `chunk` texts (None: all at once), the texts
    sorted by length first when `by_length` (sentence-transformers sorts within a call)."""

    def encode(texts: Sequence[str]) -> np.ndarray:
        order = _length_order(texts) if by_length else np.arange(len(texts))
        ordered = [texts[i] for i in order]
        size = chunk or max(len(ordered), 1)
        parts = [
            model.encode(
                ordered[start : start + size],
                prompt=prompt,
                batch_size=BATCH,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
            for start in range(0, len(ordered), size)
        ]
        return _unsort(np.concatenate(parts), order)

    return encode


def export_onnx(model, target: Path) -> Path:
    """The transformer of `model` as ONNX (last hidden state), batch and length dynamic."""
    import torch

    class Hidden(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    # a padded example: a mask of all ones could be traced away as a constant
    example = model.tokenizer(
        ["passage: 短い文。", "passage: もう少し長い文で、詰め物が入るようにする。"],
        padding=True,
        return_tensors="pt",
    )
    dynamic = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        Hidden(model[0].auto_model.eval()),
        (example["input_ids"], example["attention_mask"]),
        str(target),
        input_names=["input_ids", "attention_mask"],
        output_names=["hidden"],
        dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "hidden": dynamic},
        opset_version=OPSET,
        dynamo=False,  # the TorchScript exporter: the dynamo one needs onnxscript
    )
    return target


def quantise(fp32: Path, target: Path, per_channel: bool) -> Path:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(target), per_channel=per_channel, weight_type=QuantType.QInt8)
    return target


def onnx_encoder(path: Path, tokenizer, prompt: str) -> Encode:
    """ONNX Runtime on batches of BATCH texts sorted by length, mean-pooled and normalised."""
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])

    def encode(texts: Sequence[str]) -> np.ndarray:
        order = _length_order(texts)
        out = []
        for start in range(0, len(order), BATCH):
            batch = [prompt + texts[i] for i in order[start : start + BATCH]]
            tokens = tokenizer(
                batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="np"
            )
            feeds = {n: tokens[n].astype(np.int64) for n in ("input_ids", "attention_mask")}
            (hidden,) = session.run(None, feeds)
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return _unsort(np.concatenate(out), order)

    return encode


def _length_order(texts: Sequence[str]) -> np.ndarray:
    return np.argsort([-len(t) for t in texts], kind="stable")


def _unsort(vectors: np.ndarray, order: np.ndarray) -> np.ndarray:
    restored = np.empty_like(vectors)
    restored[order] = vectors
    return restored.astype(np.float32)


# --- the figures -----------------------------------------------------------------------


def timed(encode: Encode, texts: Sequence[str]) -> tuple[np.ndarray, float]:
    """The vectors and the rate in passages per second."""
    started = time.perf_counter()
    vectors = encode(texts)
    return vectors, len(texts) / (time.perf_counter() - started)


def agreement(vectors: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """(min, mean) cosine of each row with the reference's (both of unit length)."""
    cosines = (vectors * reference).sum(axis=1)
    return float(cosines.min()), float(cosines.mean())


def recall(
    passages: np.ndarray, queries: np.ndarray, rows: list[Row], asked: list[dict]
) -> dict[int, float]:
    """Share of the questions with a supporting passage among the top k by cosine."""
    hits = dict.fromkeys(RECALL_AT, 0)
    for query, question in zip(queries, asked, strict=True):
        ranked = np.argsort(-(passages @ query), kind="stable")
        for k in RECALL_AT:
            hits[k] += any(supports(question, rows[i].doc_id, rows[i].text) for i in ranked[:k])
    return {k: hits[k] / len(asked) for k in RECALL_AT}


def answerable_in(rows: list[Row], asked: list[dict]) -> list[dict]:
    """The questions a passage of `rows` supports (a sample may leave some out)."""
    return [q for q in asked if any(supports(q, r.doc_id, r.text) for r in rows)]


def reference_vectors(paths: Paths, model, texts: list[str]) -> np.ndarray:
    """The torch vectors of `texts` from the torch variant's embedding cache (a build made
    under torch), the ones it lacks computed now."""
    cache = EmbeddingCache(paths.cache / f"embeddings-{DEFAULT_MODEL_NAME}.npz")
    missing = cache.missing(texts)
    if missing:
        encode = torch_encoder(model, PASSAGE_PROMPT, EMBED_BATCH, by_length=False)
        cache.add(missing, encode(missing))
    print(f"torch vectors: {len(texts) - len(missing)} from the torch cache, {len(missing)} new")
    return cache.matrix(texts)


def speeds(encoders: dict[str, Encode], texts: list[str]) -> dict[str, float]:
    """Median passages per second of each encoder over ROUNDS turns on `texts`."""
    rates: dict[str, list[float]] = {name: [] for name in encoders}
    for _ in range(ROUNDS):
        for name, encode in encoders.items():
            rates[name].append(timed(encode, texts)[1])
    return {name: float(np.median(found)) for name, found in rates.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indexes", type=Path, default=Path("indexes"))
    parser.add_argument("--limit", type=int, default=1_000, help="passages measured")
    parser.add_argument("--work", type=Path, help="where the ONNX files go (default: temporary)")
    args = parser.parse_args()
    shared = os.environ.get("POLICY_KG_CACHE")
    paths = Paths(Path("corpus"), args.indexes, Path(shared) if shared else None)
    rows = corpus_rows(paths, args.limit)
    texts = [r.text for r in rows]
    asked = answerable_in(rows, questions())
    print(f"load average (1 min) at start: {os.getloadavg()[0]:.1f}")
    print(f"{len(texts)} passages, {len(asked)} development questions they support")
    model = torch_model(default_model_dir(paths.models))
    reference = reference_vectors(paths, model, texts)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        fp32 = export_onnx(model, work / "e5-fp32.onnx")
        variants = {
            "ONNX fp32": fp32,
            "ONNX int8": quantise(fp32, work / "e5-int8.onnx", per_channel=False),
            "ONNX int8 per channel": quantise(fp32, work / "e5-int8-pc.onnx", per_channel=True),
        }
        report(model, variants, reference, rows, asked)
    print(f"load average (1 min) at end: {os.getloadavg()[0]:.1f}")


def report(
    model, variants: dict[str, Path], reference: np.ndarray, rows: list[Row], asked: list[dict]
) -> None:
    texts = [r.text for r in rows]
    query_texts = [q["question"] for q in asked]
    torch_queries = torch_encoder(model, QUERY_PROMPT, None, by_length=False)(query_texts)
    print(f"torch: recall {_recall_line(recall(reference, torch_queries, rows, asked))}")
    encoders = {
        f"torch, {EMBED_BATCH} per call in corpus order (the build)": torch_encoder(
            model, PASSAGE_PROMPT, EMBED_BATCH, by_length=False
        ),
        f"torch, {EMBED_BATCH} per call sorted by length": torch_encoder(
            model, PASSAGE_PROMPT, EMBED_BATCH, by_length=True
        ),
    }
    for name, path in variants.items():
        encoders[name] = onnx_encoder(path, model.tokenizer, PASSAGE_PROMPT)
        vectors = encoders[name](texts)
        low, mean = agreement(vectors, reference)
        queries = onnx_encoder(path, model.tokenizer, QUERY_PROMPT)(query_texts)
        low_q, _ = agreement(queries, torch_queries)
        size = path.stat().st_size / 1e6
        print(
            f"{name} ({size:.0f} MB): cosine with torch min {low:.4f} mean {mean:.4f} "
            f"(queries min {low_q:.4f}; needed >= {MIN_COSINE}); "
            f"recall {_recall_line(recall(vectors, queries, rows, asked))}"
        )
    sample = texts[:SPEED_SAMPLE]
    print(f"speed on {len(sample)} passages, {ROUNDS} rounds taking turns (median):")
    for name, rate in speeds(encoders, sample).items():
        print(f"  {name}: {rate:.1f} passages/s")


def _recall_line(found: dict[int, float]) -> str:
    return "  ".join(f"@{k} {value:.3f}" for k, value in found.items())


if __name__ == "__main__":
    main()
