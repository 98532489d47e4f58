"""bench/fit_adapter.py: the low-rank update starts at the base layer and trains alone, and
recall is counted on made-up vectors."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "fit_adapter.py"
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
