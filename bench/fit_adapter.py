"""Fit the e5 adapter (`policy_kg.index.e5_adapter`) on the development questions.

    PYTHONPATH=src HF_HUB_OFFLINE=1 .venv/bin/python bench/fit_adapter.py [--folds-out DIR]

Reads the development files of bench/eval/ (`qa.evaluation.DEVELOPMENT_FILES`, never the
held-out file) and the passages of the current build (run `policy-kg build` first). A
passage supports a question when it is from a gold document and holds a gold quote; the
answerable questions with such a passage are the training set.

Every projection of the twelve encoder blocks gets a rank-RANK update B·A (B starts at zero,
so training starts from the base model). Each step takes BATCH questions, their positive
passages (one supporting passage each) and HARD hard negatives each (passages the base model
ranks in a question's top HARD_POOL that do not support it), and minimises the cross-entropy
of each question against all passages of the step at temperature TEMPERATURE (e5's own
loss); another supporting passage of the same question is masked, never a negative. The base
weights never change.

`--folds-out DIR` first fits one adapter per fold (`assign_folds`: FOLDS folds of the
development questions, by question or, with `--folds-by passage`, those sharing a supporting
passage in one), each without its fold's questions, writes it to DIR/fold-<k>.npz and each
question's fold to DIR/folds.json, and prints dense passage recall@1/3/5/20 of the base model
and of that adapter on the fold's questions; the out-of-fold figures go into e5_adapter.json
with the settings, and bench/fit_ranker.py `--adapters DIR` fits the ranker on vectors from the
adapters that did not see each question. Folds by question keep what the ranker then learns
from close to a new question asked about a passage the development questions already cover,
as most are (95% of the development questions share a supporting passage with another); folds
by passage measure what an adapter does for a passage no question asked about (below).
`--check-fold K` fits one fold's adapter instead (written to `--folds-out` when given): its
recall on fold K's questions against the base model's and the replaced adapter's (the file in
use when the run starts), and the same on those of the fold's questions the replaced adapter
was not fitted on (the record's `question_ids`, or its files' rows for older records), the
only ones new to both: whether a refit pays, for a fifth of the time of every fold.
Then the adapter is fitted on every question and written. About 6 minutes per fit on two
cores for 178 questions, 7.5 for 273, about 36 for 930 with other work beside it (the whole
`--folds-out` run over 273: about 48 minutes).

Refitting on the 1,200 development questions with a supporting passage (4.4 times the 273 of
the adapter in use) was measured on 2026-12-05 and not kept. `--check-fold 0`: on the 213
questions of fold 0 that neither adapter saw, dense passage recall@1 0.653 with the base model,
0.869 with the adapter in use, 0.934 with one fitted on the other 930; @3 0.784, 0.944, 0.986.
But the answer ranker then learns from dense features that are in-sample for every question it
is fitted on, while a new question's are not. Fitted (boosted trees, bench/fit_ranker.py's
`fit_model`) on the other folds' rows measured with each adapter, and scored on those 217
answerable and 56 unanswerable rows of fold 0: with the adapter in use cite@1 0.880, cite@3
0.935, 189 right answers, 8 false abstentions, 40 unanswerable abstained (threshold 0.277);
with the fold adapter 0.908, 0.954, 191, 14 and 42 (threshold 0.375: its out-of-fold
confidences, over questions the adapter had seen, were higher than a new question's). More
citations first, but nearly twice the false abstentions. Adopting it needs the ranker fitted as
`--adapters` does (each question measured by an adapter that never saw it), that is five fold
fits of about 36 minutes and the full one, longer than one working session here.

The adapter learns passages, not a way of asking: measured on 2026-12-06 with folds by
supporting passage (`--folds-by passage`). Fold 0's adapter, fitted on the 1,025 questions of the
other folds, none of them supported by a passage of fold 0's 258 questions: dense passage
recall@1 0.709-0.713 on those 258 (the saved adapter read back; the fit's own check),
against 0.698 for the base model and 0.880 for the adapter in use, whose 273 questions are
supported by 241 passages of today's build, among them passages of most of these; @3 0.868,
0.868 and 0.961. On the 27 of them whose passages neither adapter was
fitted on: @1 0.444 fold adapter, 0.481 base, 0.593 adapter in use (@20 0.963, 0.778,
0.963). So what an adapter adds to a new question depends on whether a development question
already asked about its passage: 899 of the 1,003 development questions the adapter in use
was not fitted on have a supporting passage among its 241. Folds by question id measure that
case; folds by passage the other (a throwaway script reading the fold adapter, the adapter in
use and `recall`).

Tried on 2026-12-01 and not kept: the same loss over answer units as well (one supporting
sentence, row or line per question against 3 of the 10 its base model puts nearest among the
units of its supporting and top-20 passages, read alone and placed under its headings on
alternate steps). Out of fold over 278 questions, a supporting unit became the nearest of that
pool for 0.74 (placed; 0.49 with the base model) and passage recall held (@1 0.755, @3 0.881),
but the answer ranker fitted on those fold adapters (bench/fit_ranker.py --adapters) cited a
supporting sentence first for 0.767 and in its top 3 for 0.845 of 283 questions, against 0.763
and 0.855 with these: no gain, for fits twice as long (16 minutes each, 10.6 GB).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from ranker_examples import FOLDS, group_splits, sharing_groups
from torch import nn

from policy_kg import atomic
from policy_kg.config import Paths
from policy_kg.corpus.store import read_manifest, read_passages
from policy_kg.index.e5_adapter import (
    ADAPTED_LAYER,
    ADAPTER_FILE,
    RECORD_FILE,
    Adapter,
    load_adapter,
    save_adapter,
)
from policy_kg.index.e5_convert import PASSAGE_PROMPT, QUERY_PROMPT, convert
from policy_kg.index.embedder import _load_sentence_transformer, default_model_dir
from policy_kg.index.retriever import index_text, indexable
from policy_kg.qa.evaluation import DEVELOPMENT_FILES, read_questions, supports

EVAL = Path(__file__).resolve().parent / "eval"
RANK = 8
SCALE = 2.0
EPOCHS = 4
LEARNING_RATE = 3e-4
TEMPERATURE = 0.02
BATCH = 16
HARD = 2
HARD_POOL = 20  # hard negatives are drawn from the base model's top HARD_POOL
MAX_TOKENS = 256  # training texts are cut here; embedding keeps the model's 512
FOLDS_FILE = "folds.json"  # in --folds-out: each question's fold
SEED = 0
RECALL_AT = (1, 3, 5, 20)


class LowRank(nn.Module):
    """A frozen linear layer plus a trainable rank-RANK update."""

    def __init__(self, base: nn.Linear) -> None:
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.empty(RANK, base.in_features))
        self.b = nn.Parameter(torch.zeros(base.out_features, RANK))
        self.reset()

    def reset(self) -> None:
        nn.init.normal_(self.a, std=1 / math.sqrt(self.a.shape[1]))
        nn.init.zeros_(self.b)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.T @ self.b.T) * SCALE


class Fitter:
    """The base model with a LowRank update on every adapted layer."""

    def __init__(self, model) -> None:
        self.model = model
        model.max_seq_length = MAX_TOKENS
        network = model[0].auto_model
        for parameter in network.parameters():
            parameter.requires_grad_(False)
        self.layers: dict[str, LowRank] = {}
        for name, module in list(network.named_modules()):
            if ADAPTED_LAYER.fullmatch(name) and isinstance(module, nn.Linear):
                parent, _, child = name.rpartition(".")
                wrapped = LowRank(module)
                setattr(network.get_submodule(parent), child, wrapped)
                self.layers[name] = wrapped

    def encode(self, texts: list[str]) -> np.ndarray:
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
            return self.model.encode(
                texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True
            )

    def _embed(self, texts: list[str]) -> torch.Tensor:
        features = self.model.preprocess(texts)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            vectors = self.model(features)["sentence_embedding"]
        return nn.functional.normalize(vectors.float(), dim=-1)

    def fit(self, questions: list[str], passages: list[str], gold, hard, chosen) -> None:
        for layer in self.layers.values():
            layer.reset()
        parameters = [p for layer in self.layers.values() for p in (layer.a, layer.b)]
        optimiser = torch.optim.AdamW(parameters, lr=LEARNING_RATE, weight_decay=0.0)
        rng = random.Random(SEED)
        torch.manual_seed(SEED)
        for epoch in range(EPOCHS):
            order = list(chosen)
            rng.shuffle(order)
            for start in range(0, len(order), BATCH):
                batch = order[start : start + BATCH]
                positives = [rng.choice(gold[q]) for q in batch]
                negatives = [p for q in batch for p in rng.sample(hard[q], min(HARD, len(hard[q])))]
                candidates = positives + negatives
                logits = (
                    self._embed([questions[q] for q in batch])
                    @ self._embed([passages[p] for p in candidates]).T
                    / TEMPERATURE
                )
                other_gold = torch.tensor(
                    [
                        [p in gold[q] and m != n for m, p in enumerate(candidates)]
                        for n, q in enumerate(batch)
                    ]
                )
                loss = nn.functional.cross_entropy(
                    logits.masked_fill(other_gold, -1e4), torch.arange(len(batch))
                )
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
            print(f"  epoch {epoch + 1}/{EPOCHS}: last batch loss {loss.item():.3f}", flush=True)

    def factors(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        return {
            name: (layer.a.detach().numpy().copy(), layer.b.detach().numpy().copy())
            for name, layer in self.layers.items()
        }


def set_factors(layers: dict[str, LowRank], adapter: Adapter) -> None:
    """Set every update to a fitted adapter's, to embed with it as a build would."""
    if abs(adapter.scale - SCALE) > 1e-6:
        raise SystemExit(f"{adapter.source}: scale {adapter.scale}, this script's {SCALE}")
    for name, layer in layers.items():
        a, b = adapter.layers[name]
        layer.a.data = torch.from_numpy(a.astype(np.float32))
        layer.b.data = torch.from_numpy(b.astype(np.float32))


def assign_folds(gold: list[list[int]], by: str) -> list[int]:
    """Each question's fold, FOLDS folds in all, by question (`by` "question") or with the
    questions that share a supporting passage, directly or through others, in one fold
    ("passage": the 1,283 questions with a supporting passage form 210 such groups, the
    largest 88)."""
    groups = sharing_groups(gold) if by == "passage" else np.arange(len(gold))
    folds = [0] * len(gold)
    for fold, (_, test) in enumerate(group_splits(groups)):
        for question in test:
            folds[question] = fold
    return folds


def write_folds(folder: Path, data: TrainingSet, folds: list[int]) -> None:
    """The fold of each question an adapter of `folder` was fitted without, by id, for
    bench/fit_ranker.py --adapters (`ranker_examples.adapter_folds`)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(zip(data.ids, folds, strict=True)), indent=0) + "\n"
    atomic.write_text(folder / FOLDS_FILE, text)


def recall(queries: np.ndarray, passages: np.ndarray, gold, chosen) -> dict[str, float]:
    order = np.argsort(-(queries[chosen] @ passages.T), axis=1)
    return {
        f"recall@{k}": round(
            float(np.mean([bool(set(order[n, :k]) & set(gold[q])) for n, q in enumerate(chosen)])),
            3,
        )
        for k in RECALL_AT
    }


def pooled(checks: list[dict]) -> dict[str, dict[str, float]]:
    """The folds' recalls over all their questions."""
    total = sum(c["questions"] for c in checks)
    return {
        side: {
            key: round(sum(c[side][key] * c["questions"] for c in checks) / total, 3)
            for key in checks[0][side]
        }
        for side in ("base", "adapted")
    }


@dataclass(frozen=True)
class TrainingSet:
    """Question ids and texts, passage texts (as the dense index embeds them, with the
    prompts), the supporting passages of each question (a gold quote in the passage's own
    text), and the development files read."""

    ids: list[str]
    questions: list[str]
    passages: list[str]
    gold: list[list[int]]
    files: list[str]


def training_set(paths: Paths) -> TrainingSet:
    build = paths.current_build()
    if build is None:
        raise SystemExit(f"nothing built under {paths.indexes}: run `policy-kg build` first")
    documents = read_manifest(build.manifest).documents
    rows_of_passages = [
        (passage, index_text(passage, entry.meta.title))
        for entry in documents
        for passage in indexable(read_passages(build.passages, entry.meta.doc_id))
    ]
    files = [f for f in DEVELOPMENT_FILES if (EVAL / f).exists()]
    rows = [r for f in files for r in read_questions(EVAL / f) if not r["expect_abstain"]]
    gold = [
        [n for n, (p, _) in enumerate(rows_of_passages) if supports(row, p.doc_id, p.text)]
        for row in rows
    ]
    kept = [n for n, found in enumerate(gold) if found]
    ids = [rows[n]["id"] for n in kept]
    questions = [QUERY_PROMPT + rows[n]["question"] for n in kept]
    passages = [PASSAGE_PROMPT + text for _, text in rows_of_passages]
    return TrainingSet(ids, questions, passages, [gold[n] for n in kept], files)


Vectors = tuple[np.ndarray, np.ndarray]  # the questions' and the passages'


def fit_without(
    fitter: Fitter,
    data: TrainingSet,
    hard: list[list[int]],
    folds: list[int],
    fold: int,
    folds_out: Path | None,
) -> tuple[list[int], Vectors]:
    """Fit an adapter without the questions of `folds` in `fold` (written to `folds_out` when
    given): those questions, and the vectors of all questions and passages under it."""
    test = [q for q, f in enumerate(folds) if f == fold]
    train = [q for q, f in enumerate(folds) if f != fold]
    print(f"fold {fold + 1} of {FOLDS}: fitting on {len(train)} questions")
    fitter.fit(data.questions, data.passages, data.gold, hard, train)
    if folds_out:
        write_folds(folds_out, data, folds)
        save_adapter(folds_out / f"fold-{fold}.npz", fitter.factors(), SCALE)
    return test, (fitter.encode(data.questions), fitter.encode(data.passages))


def fold_checks(
    fitter: Fitter,
    data: TrainingSet,
    hard: list[list[int]],
    base: Vectors,
    folds: list[int],
    folds_out: Path,
) -> list[dict]:
    """One adapter per fold, fitted without it and written to `folds_out`, with its recall
    on the fold's questions against the base model's."""
    checks = []
    for fold in range(FOLDS):
        test, tuned = fit_without(fitter, data, hard, folds, fold, folds_out)
        check = {
            "questions": len(test),
            "base": recall(*base, data.gold, test),
            "adapted": recall(*tuned, data.gold, test),
        }
        print(f"  out of fold: {check}")
        checks.append(check)
    print(f"out of fold, all folds: {pooled(checks)}")
    return checks


def fitted_on(record: dict) -> set[str]:
    """The ids of the questions an adapter was fitted on, from its record (the files it
    names, for records written before the ids were kept)."""
    if "question_ids" in record:
        return set(record["question_ids"])
    files = [EVAL / Path(f).name for f in record["training_files"]]
    return {r["id"] for f in files if f.exists() for r in read_questions(f)}


def replacement_check(
    fitter: Fitter,
    data: TrainingSet,
    hard: list[list[int]],
    base: Vectors,
    folds: list[int],
    fold: int,
    folds_out: Path | None,
) -> dict:
    """Whether refitting pays: an adapter fitted without `fold`, against the adapter in use
    (about to be replaced) and the base model, on the fold's questions and on those of them
    the adapter in use was not fitted on (new to both adapters: the fair comparison)."""
    set_factors(fitter.layers, load_adapter(ADAPTER_FILE))
    in_use = fitter.encode(data.questions), fitter.encode(data.passages)
    seen = fitted_on(json.loads(RECORD_FILE.read_text(encoding="utf-8")))
    test, new = fit_without(fitter, data, hard, folds, fold, folds_out)
    unseen = [q for q in test if data.ids[q] not in seen]
    check: dict = {"fold": fold, "questions": len(test), "new_to_the_replaced": len(unseen)}
    for label, chosen in (("all", test), ("new_to_both", unseen)):
        check[label] = {
            name: recall(*vectors, data.gold, chosen)
            for name, vectors in (("base", base), ("replaced", in_use), ("adapted", new))
        }
        print(f"  {label}: {check[label]}")
    return check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds-out", type=Path, metavar="DIR")
    parser.add_argument(
        "--check-fold",
        type=int,
        choices=range(FOLDS),
        metavar="K",
        help="first fit without fold K and compare with the adapter in use on its questions "
        "(instead of every fold; with --folds-out, its adapter is written there)",
    )
    parser.add_argument(
        "--folds-by",
        choices=("question", "passage"),
        default="question",
        help="fold the questions one by one (a held question's passage is mostly known from "
        "other questions, as a new question's is) or by supporting passage (none is known)",
    )
    args = parser.parse_args()
    paths = Paths()
    data = training_set(paths)
    print(
        f"{len(data.questions)} questions with a supporting passage, {len(data.passages)} passages"
    )
    fitter = Fitter(_load_sentence_transformer(str(convert(default_model_dir(paths.models)))))
    base = fitter.encode(data.questions), fitter.encode(data.passages)
    top = np.argsort(-(base[0] @ base[1].T), axis=1)[:, :HARD_POOL]
    hard = [[p for p in top[q] if p not in data.gold[q]] for q in range(len(data.questions))]
    checks, replaced = [], None
    folds = assign_folds(data.gold, args.folds_by)
    if args.check_fold is not None:
        replaced = replacement_check(
            fitter, data, hard, base, folds, args.check_fold, args.folds_out
        )
    elif args.folds_out:
        checks = fold_checks(fitter, data, hard, base, folds, args.folds_out)
    print(f"fitting on all {len(data.questions)} questions")
    fitter.fit(data.questions, data.passages, data.gold, hard, list(range(len(data.questions))))
    save_adapter(ADAPTER_FILE, fitter.factors(), SCALE)
    atomic.write_text(
        RECORD_FILE,
        json.dumps(record(data, checks, replaced, args.folds_by), ensure_ascii=False, indent=2)
        + "\n",
    )
    print(f"wrote {ADAPTER_FILE} and {RECORD_FILE}")


def record(data: TrainingSet, checks: list[dict], replaced: dict | None, by: str) -> dict:
    return {
        "script": "bench/fit_adapter.py",
        "training_files": [f"bench/eval/{f}" for f in data.files],
        "questions": len(data.questions),
        "passages": len(data.passages),
        "fitted": datetime.date.today().isoformat(),
        "settings": {
            "rank": RANK,
            "scale": SCALE,
            "epochs": EPOCHS,
            "learning_rate": LEARNING_RATE,
            "temperature": TEMPERATURE,
            "batch": BATCH,
            "hard_negatives": HARD,
            "hard_pool": HARD_POOL,
            "max_tokens": MAX_TOKENS,
            "seed": SEED,
        },
        "out_of_fold": {
            "folds": f"{FOLDS}, by {by} (assign_folds)",
            "per_fold": checks,
        },
        "out_of_fold_pooled": pooled(checks) if checks else None,
        "against_the_replaced": replaced,
        "question_ids": data.ids,
    }


if __name__ == "__main__":
    main()
