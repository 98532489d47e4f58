"""The development questions as the answer ranker learns from them: each question's candidate
units, their features and labels (`Example`), measured on a runtime (`runtime_answerer`) or
on builds whose e5 adapter never saw them (`cross_fitted_examples`), and the folds they are
scored out of.

Shared by bench/fit_ranker.py (the ranker), bench/fit_abstention.py (the calibration and the
threshold) and bench/eval_qa.py (the whole answerer cross-fitted).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from policy_kg.qa.evaluation import DEVELOPMENT_FILES, read_questions, supports
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.question import analyse
from policy_kg.qa.ranker_model import DECISION_INPUTS, LinearScorer, RankerModel, Scorer
from policy_kg.qa.sentence_ranking import Candidate

EVAL = Path(__file__).resolve().parent / "eval"
FOLDS = 5
SEED = 0

Fitter = Callable[[list["Example"]], Scorer]
Grouping = Callable[[list["Example"]], np.ndarray]  # a group label per question


@dataclass(frozen=True)
class Example:
    """One question's candidates, their features and labels."""

    row: dict
    candidates: list[Candidate]
    features: np.ndarray
    labels: np.ndarray
    fits: np.ndarray  # may answer: holds the asked kind of value (or the question is untyped)
    # keys it shares with the unanswerable questions asking the same in other words
    # (`paraphrase_keys`): an unanswerable question has no gold to join it to them
    paraphrases: tuple[Hashable, ...] = ()

    @property
    def answerable(self) -> bool:
        return not self.row["expect_abstain"]


def dev_rows(folder: Path = EVAL) -> tuple[list[dict], list[str]]:
    files = [folder / name for name in DEVELOPMENT_FILES if (folder / name).exists()]
    return [row for path in files for row in read_questions(path)], [p.name for p in files]


def collect(answerer, rows: list[dict]) -> list[Example]:
    examples = []
    for row in rows:
        candidates = answerer.candidates(analyse(row["question"]))
        labels = [supports(row, c.scored.passage.doc_id, c.quote) for c in candidates]
        examples.append(
            Example(
                row,
                candidates,
                np.array([c.features for c in candidates], dtype=float).reshape(
                    len(candidates), len(FEATURE_NAMES)
                ),
                np.array(labels, dtype=bool),
                np.array([c.fits is not False for c in candidates], dtype=bool),
            )
        )
    return examples


def stack(examples: list[Example]) -> tuple[np.ndarray, np.ndarray]:
    x = np.vstack([e.features for e in examples])
    y = np.concatenate([e.labels for e in examples])
    return x, y


def standardiser(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    return mean, np.where(scale > 1e-9, scale, 1.0)


def linear_scorer(mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float):
    return LinearScorer(*(tuple(float(v) for v in a) for a in (mean, scale, coef)), intercept)


def by_question(examples: list[Example]) -> np.ndarray:
    """Every question its own group."""
    return np.arange(len(examples))


def by_fact(examples: list[Example]) -> np.ndarray:
    """A group per fact: two questions are one group when they share a gold quote or a unit
    that answers them, directly or through other questions. The development files ask most
    facts several times in other words (1,622 questions, 589 such groups, the largest 60), so
    folds by question score a question with a ranker that learnt its fact's unit from another
    wording; folds by fact measure questions about facts the ranker has not seen."""
    return sharing_groups([list(_fact_keys(example)) for example in examples])


def sharing_groups(keys: Sequence[Iterable[Hashable]]) -> np.ndarray:
    """A group per item: items that share a key, directly or through other items, are one
    group (union-find over the items, each key joining its items to the first that had it)."""
    parent = list(range(len(keys)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first: dict[Hashable, int] = {}
    for n, item_keys in enumerate(keys):
        for key in item_keys:
            parent[root(n)] = root(first.setdefault(key, n))
    return np.array([root(n) for n in range(len(keys))])


def _fact_keys(example: Example) -> Iterator[Hashable]:
    yield from example.paraphrases
    yield from gold_keys(example.row)
    for n in np.flatnonzero(example.labels):
        candidate = example.candidates[n]
        yield "unit", candidate.scored.passage.doc_id, candidate.quote


def gold_keys(row: dict) -> Iterator[tuple[str, str, str]]:
    """A key per gold quote of the row: questions sharing one ask one fact."""
    for gold in row.get("gold") or ():
        for quote in gold["quote_any"]:
            yield "gold", gold["doc_id"], quote


def paraphrase_keys(rows: Sequence[dict], vectors: np.ndarray) -> list[tuple[Hashable, ...]]:
    """Per question, keys joining the unanswerable questions that ask the same in other words:
    those whose e5 vectors (`vectors`, one a row, normalised) have a cosine of at least
    `same_fact_cosine`. The development files ask each unanswerable topic up to seven times
    (令和8年度のJOGMEC出資金, ナトリウムイオン電池 and リチウムの需要), and nothing else joins
    them: folds by fact scored one wording with a ranker and a calibration fitted on another
    (416 unanswerable questions, 295 groups; bench/fit_ranker.md, 2026-12-07)."""
    unanswerable = np.array([bool(row["expect_abstain"]) for row in rows])
    near = vectors @ vectors[unanswerable].T >= same_fact_cosine(rows, vectors)
    names = np.flatnonzero(unanswerable)
    return [
        tuple(("asked", int(names[m])) for m in np.flatnonzero(near[n])) if unanswerable[n] else ()
        for n in range(len(rows))
    ]


def same_fact_cosine(rows: Sequence[dict], vectors: np.ndarray) -> float:
    """The least cosine (in hundredths) at which at least half of the pairs of answerable
    questions so near ask one fact (share a gold quote, directly or through others): nearer
    than that, two questions more often ask one thing than two. On the 2,049 development
    questions 0.80 (2,968 pairs, 51% of them one fact; 59% of the one-fact pairs are that
    near)."""
    answerable = [n for n, row in enumerate(rows) if not row["expect_abstain"]]
    facts = sharing_groups([list(gold_keys(rows[n])) for n in answerable])
    upper = np.triu_indices(len(answerable), 1)
    cosines = (vectors[answerable] @ vectors[answerable].T)[upper]
    same = (facts[:, None] == facts[None, :])[upper]
    grid = np.round(np.arange(0.0, 1.0, 0.01), 2)
    shares = [same[cosines >= c].mean() if (cosines >= c).any() else 0.0 for c in grid]
    near = [float(c) for c, share in zip(grid, shares, strict=True) if share >= 0.5]
    return min(near, default=1.0)


def folds(
    examples: list[Example], seed: int = SEED, grouping: Grouping = by_question
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(training, test) indices of each fold, each in the examples' order; no group of
    questions (`grouping`) is in the folds it is scored on."""
    return group_splits(grouping(examples), seed)


def group_splits(groups: np.ndarray, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    """(training, test) indices of FOLDS folds, no group in two; the same every run."""
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return list(splitter.split(groups, groups=groups))


def out_of_fold(
    examples: list[Example], fitter: Fitter, seed: int = SEED, grouping: Grouping = by_question
) -> list[np.ndarray]:
    scores: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for train, test in folds(examples, seed, grouping):
        scorer = fitter([examples[n] for n in train])
        for n in test:
            scores[n] = scorer.log_odds(examples[n].features)
    return scores


def best_two(example: Example, scores: np.ndarray) -> tuple[int | None, float | None]:
    """The index of the best answerable candidate and the runner-up's score."""
    allowed = np.flatnonzero(example.fits)
    if not len(allowed):
        return None, None
    order = allowed[np.argsort(-scores[allowed], kind="stable")]
    return int(order[0]), (float(scores[order[1]]) if len(order) > 1 else None)


def unfitted_model() -> RankerModel:
    """A model that scores nothing, for measuring candidates before any model exists."""

    def nothing(size: int) -> LinearScorer:
        return LinearScorer((0.0,) * size, (1.0,) * size, (0.0,) * size, 0.0)

    return RankerModel(
        FEATURE_NAMES, nothing(len(FEATURE_NAMES)), nothing(len(DECISION_INPUTS)), 0.0, {}
    )


def cross_fitted_examples(rows: list[dict], adapters: Path) -> list[Example]:
    """Each question measured on a build whose e5 adapter never saw it: the adapter in use
    was fitted on every development question, so its vectors would make the dense features
    of these questions look better than they are on new ones. One build per fold
    (`fold_runtime`); no query map, which is fitted to the vectors of the adapter in use."""
    from fit_adapter import FOLDS as ADAPTER_FOLDS

    examples: list[Example] = []
    folds = adapter_folds(adapters, rows, ADAPTER_FOLDS)
    for fold in range(ADAPTER_FOLDS):
        chosen = [row for row, f in zip(rows, folds, strict=True) if f == fold]
        with fold_runtime(adapters, fold) as runtime:
            examples += collect(unmapped_answerer(runtime), chosen)
        print(f"fold {fold + 1} of {ADAPTER_FOLDS}: {len(chosen)} measured", flush=True)
    order = {row["id"]: n for n, row in enumerate(rows)}
    return sorted(examples, key=lambda e: order[e.row["id"]])


@contextmanager
def fold_runtime(adapters: Path, fold: int) -> Iterator:
    """A runtime whose e5 adapter is fold `fold`'s of `adapters`, built in a temporary folder
    sharing this checkout's converted model and caches (the build's child process reads the
    adapter named by the environment)."""
    from policy_kg.config import Paths
    from policy_kg.index.e5_adapter import ADAPTER_ENV
    from policy_kg.runtime import Runtime

    adapter = adapters / f"fold-{fold}.npz"
    if not adapter.is_file():
        raise SystemExit(f"{adapter}: missing; run bench/fit_adapter.py --folds-out {adapters}")
    os.environ[ADAPTER_ENV] = str(adapter)
    try:
        with tempfile.TemporaryDirectory() as folder:
            runtime = Runtime.start(Paths(indexes=Path(folder), shared_cache=Paths().indexes))
            try:
                yield runtime
            finally:
                runtime.close()
    finally:
        del os.environ[ADAPTER_ENV]


def adapter_folds(adapters: Path, rows: list[dict], count: int) -> list[int]:
    """The fold of each row whose adapter never saw it, as bench/fit_adapter.py wrote them
    (`folds.json`); a row no adapter was fitted on (unanswerable, or without a supporting
    passage) gets one from its id."""
    path = adapters / "folds.json"
    if not path.is_file():
        raise SystemExit(f"{path}: missing; run bench/fit_adapter.py --folds-out {adapters}")
    known = json.loads(path.read_text(encoding="utf-8"))
    return [known.get(row["id"], _id_fold(row["id"], count)) for row in rows]


def _id_fold(question_id: str, count: int) -> int:
    return int(hashlib.sha1(question_id.encode()).hexdigest(), 16) % count


def unmapped_answerer(runtime):
    """`runtime_answerer` without the query map."""
    from policy_kg.index.embedder import default_embedder

    return runtime_answerer(runtime, default_embedder(runtime.paths.models, query_map=False))


def runtime_answerer(runtime, embedder=None):
    """The runtime's answerer pieces, with a model that scores nothing (none is fitted yet);
    `embedder` defaults to the runtime's (`default_embedder`)."""
    from policy_kg.index.embedder import default_embedder
    from policy_kg.nlp.terms import domain_term_extractor
    from policy_kg.qa.service import load_answerer, load_passages

    return load_answerer(
        runtime.build,
        load_passages(runtime.build, runtime.documents),
        runtime.documents,
        runtime.vocabulary,
        domain_term_extractor(runtime.paths.cache),
        embedder or default_embedder(runtime.paths.models),
        model=unfitted_model(),
    )
