"""bench/ranker_examples.py: questions about one fact share a group (`by_fact`), whether
they name the same gold quote or are answered by the same unit, unanswerable questions asking
the same in other words share one too, and folds by fact never split a group, on made-up
questions."""

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.sentence_ranking import Candidate

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))  # the scripts import their siblings, as when run from bench/
ranker_examples = importlib.import_module("ranker_examples")

TEXT = "リチウムは10万トン。黒鉛は15万トン。ニッケルは9万トン。"
UNITS = {"lithium": (0, 11), "graphite": (11, 20), "nickel": (20, 30)}


def _question(qid: str, gold: str, candidates: dict[str, bool]) -> "ranker_examples.Example":
    """A question whose gold quote is `gold`, with candidate units of TEXT, right or not."""
    passage = Passage("d#1", "d", "body", (), TEXT, 0, len(TEXT))
    units = [
        Candidate(ScoredPassage(passage, 1.0, 1.0, 1.0), *UNITS[name], 0.5, None, ())
        for name in candidates
    ]
    row = {"id": qid, "expect_abstain": False, "gold": [{"doc_id": "d", "quote_any": [gold]}]}
    features = np.zeros((len(units), len(FEATURE_NAMES)))
    labels = np.array(list(candidates.values()), dtype=bool)
    return ranker_examples.Example(row, units, features, labels, np.ones(len(units), bool))


def _same(groups: np.ndarray) -> list[set[int]]:
    return sorted(({int(n) for n in np.flatnonzero(groups == g)} for g in set(groups)), key=min)


def test_questions_sharing_a_gold_quote_are_one_fact():
    examples = [
        _question("a", "10万トン", {"lithium": True}),
        _question("b", "10万トン", {}),
        _question("c", "9万トン", {"nickel": True}),
    ]
    assert _same(ranker_examples.by_fact(examples)) == [{0, 1}, {2}]


def test_questions_answered_by_one_unit_are_one_fact_even_through_others():
    # a and c name different quotes, both inside the lithium unit; d joins through c's quote
    examples = [
        _question("a", "リチウム", {"lithium": True, "graphite": False}),
        _question("b", "黒鉛", {"graphite": True, "lithium": False}),
        _question("c", "10万トン", {"lithium": True}),
        _question("d", "10万トン", {}),
    ]
    assert _same(ranker_examples.by_fact(examples)) == [{0, 2, 3}, {1}]


def _asked(rows: list[dict], vectors: np.ndarray) -> list["ranker_examples.Example"]:
    """Questions with no candidate, each with its paraphrase keys."""
    keys = ranker_examples.paraphrase_keys(rows, vectors)
    return [
        ranker_examples.Example(
            row, [], np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, bool), np.zeros(0, bool), k
        )
        for row, k in zip(rows, keys, strict=True)
    ]


# a1 and a2 ask one fact (cosine 0.9), b another (0.62 from a1, 0.558 from a2); u1 and u2 are
# unanswerable and ask the same (0.95), u3 something else (0.5 from u1)
ROWS = [
    {"id": "a1", "expect_abstain": False, "gold": [{"doc_id": "d", "quote_any": ["x"]}]},
    {"id": "a2", "expect_abstain": False, "gold": [{"doc_id": "d", "quote_any": ["x"]}]},
    {"id": "b", "expect_abstain": False, "gold": [{"doc_id": "d", "quote_any": ["y"]}]},
    {"id": "u1", "expect_abstain": True, "gold": []},
    {"id": "u2", "expect_abstain": True, "gold": []},
    {"id": "u3", "expect_abstain": True, "gold": []},
]


def _vectors() -> np.ndarray:
    vectors = np.zeros((6, 8))
    vectors[0, 0] = 1.0
    vectors[1, [0, 1]] = 0.9, np.sqrt(1 - 0.81)
    b = np.array([0.62, (0.558 - 0.9 * 0.62) / np.sqrt(1 - 0.81)])
    vectors[2, [0, 1, 2]] = *b, np.sqrt(1 - (b**2).sum())
    vectors[3, 3] = 1.0
    vectors[4, [3, 4]] = 0.95, np.sqrt(1 - 0.95**2)
    vectors[5, [3, 5]] = 0.5, np.sqrt(1 - 0.25)
    return vectors


def test_the_paraphrase_cosine_is_the_least_at_which_half_the_answerable_pairs_ask_one_fact():
    # pairs at 0.9 (one fact), 0.62 and 0.558 (two): half are one fact from 0.56 up
    assert ranker_examples.same_fact_cosine(ROWS, _vectors()) == pytest.approx(0.56)


def test_unanswerable_questions_asking_the_same_in_other_words_are_one_group():
    groups = ranker_examples.by_fact(_asked(ROWS, _vectors()))
    assert _same(groups) == [{0, 1}, {2}, {3, 4}, {5}]


def test_items_sharing_a_key_through_others_are_one_group():
    keys = [[7], [8], [7, 9], [9], []]  # 0 and 3 share nothing but both share with 2
    assert _same(ranker_examples.sharing_groups(keys)) == [{0, 2, 3}, {1}, {4}]


def test_folds_by_fact_keep_each_fact_in_one_test_fold():
    facts = ("10万トン", "15万トン", "9万トン", "リチウム", "黒鉛", "ニッケル", "トン")
    examples = [_question(f"q{n}", facts[n % len(facts)], {}) for n in range(35)]
    groups = ranker_examples.by_fact(examples)
    folds = ranker_examples.folds(examples, grouping=ranker_examples.by_fact)
    assert len(folds) == ranker_examples.FOLDS
    for train, test in folds:
        assert not set(groups[train]) & set(groups[test])
        assert sorted([*train, *test]) == list(range(len(examples)))
    by_question = ranker_examples.folds(examples)
    assert any(set(groups[train]) & set(groups[test]) for train, test in by_question)


def test_a_row_takes_its_adapter_fold_or_one_from_its_id(tmp_path):
    (tmp_path / "folds.json").write_text('{"q1": 4, "q2": 0}', encoding="utf-8")
    rows = [{"id": "q2"}, {"id": "q1"}, {"id": "unseen"}]
    folds = ranker_examples.adapter_folds(tmp_path, rows, 5)
    assert folds[:2] == [0, 4] and 0 <= folds[2] < 5
    assert folds == ranker_examples.adapter_folds(tmp_path, rows, 5)


def test_adapter_folds_name_the_missing_file(tmp_path):
    with pytest.raises(SystemExit, match=r"folds\.json: missing; run bench/fit_adapter\.py"):
        ranker_examples.adapter_folds(tmp_path, [], 5)
