"""The fitted e5 adapter: the shipped file fits the model, round-trips, and merges exactly."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch import nn

from policy_kg.index.e5_adapter import (
    ADAPTED_LAYER,
    ADAPTER_ENV,
    ADAPTER_FILE,
    RECORD_FILE,
    Adapter,
    AdapterError,
    adapted_name,
    load_adapter,
    merge,
    save_adapter,
)
from policy_kg.qa.evaluation import HELDOUT_FILES

REPO = Path(__file__).resolve().parents[2]
QUERY = "encoder.layer.0.attention.self.query"


def one_block_model(width: int = 4) -> list[SimpleNamespace]:
    """What `merge` reads of a sentence-transformers model: `model[0].auto_model`, here with
    one encoder block's query projection."""
    network = nn.Module()
    network.encoder = nn.Module()
    block = nn.Module()
    network.encoder.layer = nn.ModuleList([block])
    block.attention = nn.Module()
    block.attention.self = nn.Module()
    block.attention.self.query = nn.Linear(width, width)
    return [SimpleNamespace(auto_model=network)]


def test_the_shipped_adapter_covers_every_projection_of_the_twelve_blocks():
    adapter = load_adapter()
    assert len(adapter.layers) == 12 * 6
    for name, (a, b) in adapter.layers.items():
        assert ADAPTED_LAYER.fullmatch(name), name
        assert a.shape[0] == b.shape[1] == 8
    assert adapter.delta(QUERY).shape == (384, 384)
    assert np.abs(adapter.delta(QUERY)).max() > 0  # fitted, not the zero start


def test_the_record_says_how_it_was_fitted_and_never_on_the_held_out_file():
    record = json.loads(RECORD_FILE.read_text(encoding="utf-8"))
    assert (REPO / record["script"]).is_file()
    assert record["training_files"]
    for name in record["training_files"]:
        assert (REPO / name).is_file()
        assert not name.endswith(HELDOUT_FILES)


def test_saved_factors_load_back_within_float16(tmp_path):
    rng = np.random.default_rng(0)
    layers = {QUERY: (rng.normal(size=(2, 4)), rng.normal(size=(4, 2)))}
    save_adapter(tmp_path / "a.npz", layers, 2.0)
    loaded = load_adapter(tmp_path / "a.npz")
    assert loaded.scale == 2.0
    np.testing.assert_allclose(loaded.layers[QUERY][0], layers[QUERY][0], rtol=1e-3)
    save_adapter(tmp_path / "b.npz", layers, 1.0)
    assert load_adapter(tmp_path / "b.npz").digest != loaded.digest
    assert loaded.source == tmp_path / "a.npz"
    assert adapted_name("e5", loaded) != adapted_name("e5", load_adapter(tmp_path / "b.npz"))


def test_another_file_can_be_named_for_fitting(tmp_path, monkeypatch):
    save_adapter(tmp_path / "fold-0.npz", {QUERY: (np.ones((1, 4)), np.ones((4, 1)))}, 1.0)
    monkeypatch.setenv(ADAPTER_ENV, str(tmp_path / "fold-0.npz"))
    assert load_adapter().source == tmp_path / "fold-0.npz"
    monkeypatch.delenv(ADAPTER_ENV)
    assert load_adapter().source == ADAPTER_FILE


def test_a_missing_or_incomplete_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(AdapterError, match=r"missing\.npz"):
        load_adapter(tmp_path / "missing.npz")
    np.savez(tmp_path / "no-scale.npz", **{f"{QUERY}.A": np.zeros((2, 4))})
    with pytest.raises(AdapterError, match=r"no-scale\.npz.*scale"):
        load_adapter(tmp_path / "no-scale.npz")
    np.savez(tmp_path / "half.npz", scale=np.float32(1), **{f"{QUERY}.A": np.zeros((2, 4))})
    with pytest.raises(AdapterError, match=f"{QUERY}.B"):
        load_adapter(tmp_path / "half.npz")


def test_merge_adds_scale_times_b_a_to_the_weight():
    model = one_block_model()
    layer = model[0].auto_model.encoder.layer[0].attention.self.query
    before = layer.weight.detach().clone()
    a, b = np.ones((1, 4), dtype=np.float32), np.arange(4, dtype=np.float32).reshape(4, 1)
    merge(model, Adapter({QUERY: (a, b)}, 0.5, "digest", Path("a.npz")))
    expected = before + torch.from_numpy(0.5 * b @ a)
    torch.testing.assert_close(layer.weight.detach(), expected)


def test_merge_refuses_a_layer_the_model_lacks_or_of_another_shape():
    a, b = np.ones((1, 4), dtype=np.float32), np.ones((4, 1), dtype=np.float32)
    other = "encoder.layer.3.attention.self.query"
    with pytest.raises(
        AdapterError, match=f"e5_adapter.npz: the model has no adaptable layer '{other}'"
    ):
        merge(one_block_model(), Adapter({other: (a, b)}, 1.0, "d", ADAPTER_FILE))
    with pytest.raises(AdapterError, match=r"b\.npz: '.*' is \(4, 4\), the model's \(3, 3\)"):
        merge(one_block_model(width=3), Adapter({QUERY: (a, b)}, 1.0, "d", Path("b.npz")))
