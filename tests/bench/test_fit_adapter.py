"""bench/fit_adapter.py: the low-rank update starts at the base layer and trains alone, a
saved adapter loads back into the layers, recall is counted on made-up vectors, and an
adapter's record tells which questions it was fitted on."""

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

from policy_kg.index.e5_adapter import load_adapter, save_adapter
from policy_kg.qa.evaluation import read_questions

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPT = BENCH / "fit_adapter.py"
sys.path.insert(0, str(BENCH))  # the script imports its siblings, as when run from bench/
spec = importlib.util.spec_from_file_location("fit_adapter", SCRIPT)
fit_adapter = importlib.util.module_from_spec(spec)
sys.modules["fit_adapter"] = fit_adapter
spec.loader.exec_module(fit_adapter)


def test_the_update_starts_at_zero_and_only_it_trains():
    torch.manual_seed(0)
    base = nn.Linear(16, 4)
    base.requires_grad_(False)
    frozen = base.weight.clone()
    layer = fit_adapter.LowRank(base)
    x = torch.randn(3, 16)
    torch.testing.assert_close(layer(x), base(x))
    optimiser = torch.optim.SGD([layer.a, layer.b], lr=0.1)
    layer(x).sum().backward()
    optimiser.step()
    assert not torch.allclose(layer(x), base(x))
    torch.testing.assert_close(base.weight, frozen)


def test_recall_counts_a_question_when_a_supporting_passage_is_in_its_top_k():
    passages = np.eye(4, dtype=np.float32)
    queries = np.array([[1, 0.5, 0, 0], [0, 0, 0.2, 1]], dtype=np.float32)
    gold = [[1], [3]]  # the first question's passage ranks second, the second's first
    figures = fit_adapter.recall(queries, passages, gold, [0, 1])
    assert figures["recall@1"] == 0.5
    assert figures["recall@3"] == 1.0


def test_set_factors_makes_the_layers_compute_the_saved_adapter(tmp_path):
    torch.manual_seed(0)
    base = nn.Linear(16, 4)
    layer = fit_adapter.LowRank(base)
    factors = {"encoder.layer.0.output.dense": (np.ones((8, 16)) * 0.01, np.ones((4, 8)) * 0.02)}
    save_adapter(tmp_path / "a.npz", factors, fit_adapter.SCALE)
    adapter = load_adapter(tmp_path / "a.npz")
    fit_adapter.set_factors({"encoder.layer.0.output.dense": layer}, adapter)
    x = torch.randn(3, 16)
    delta = torch.from_numpy(adapter.delta("encoder.layer.0.output.dense"))
    torch.testing.assert_close(layer(x), base(x) + x @ delta.T)


def test_an_adapter_was_fitted_on_the_ids_its_record_keeps_else_on_its_files_rows():
    kept = {"question_ids": ["a1", "b2"], "training_files": ["bench/eval/dev_qa.jsonl"]}
    assert fit_adapter.fitted_on(kept) == {"a1", "b2"}
    dev = read_questions(fit_adapter.EVAL / "dev_qa.jsonl")
    older = {"training_files": ["bench/eval/dev_qa.jsonl"]}
    assert fit_adapter.fitted_on(older) == {row["id"] for row in dev}


def test_questions_sharing_a_supporting_passage_fall_in_one_fold():
    # 0 and 1 share passage 7; 1 and 2 share passage 8, so 0, 1, 2 are one group
    gold = [[7], [7, 8], [8], [1], [2], [3], [4], [5], [6], [9]]
    folds = fit_adapter.assign_folds(gold, "passage")
    assert folds[0] == folds[1] == folds[2]
    assert sorted(set(folds)) == list(range(fit_adapter.FOLDS))
    assert folds == fit_adapter.assign_folds(gold, "passage")  # the same every run


def test_folds_by_question_spread_the_questions_evenly():
    gold = [[7]] * 10  # one passage, so one group by passage; ten by question
    folds = fit_adapter.assign_folds(gold, "question")
    assert sorted(folds) == sorted(list(range(fit_adapter.FOLDS)) * 2)


def test_the_folds_are_written_by_question_id(tmp_path):
    data = fit_adapter.TrainingSet(["q1", "q2"], ["問1", "問2"], ["段落"], [[0], [0]], [])
    fit_adapter.write_folds(tmp_path / "folds", data, [3, 3])
    written = (tmp_path / "folds" / fit_adapter.FOLDS_FILE).read_text(encoding="utf-8")
    assert json.loads(written) == {"q1": 3, "q2": 3}
