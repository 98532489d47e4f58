"""How much of a seed's text build a published form gives back, passage by passage.

A passage of the text build is read back when the published form's build holds one with the
same text after NFKC and with white space removed (a printed line break or a tab stop may
stand where the text had a space). Shared by the tests and bench/bench_extract_readback.py.
"""

from __future__ import annotations

import string
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policy_kg.corpus.model import DocumentMeta, ParsedDocument, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.corpus.sidecar import read_sidecar


@dataclass(frozen=True)
class ReadBack:
    """The text build's passages and those of the published form, both normalised."""

    expected: tuple[str, ...]
    found: tuple[str, ...]

    @property
    def share(self) -> float:
        """The share of the text build's passages found identical in the published build."""
        found = set(self.found)
        return sum(1 for p in self.expected if p in found) / len(self.expected)

    @property
    def missing(self) -> tuple[str, ...]:
        found = set(self.found)
        return tuple(p for p in self.expected if p not in found)

    @property
    def extra(self) -> tuple[str, ...]:
        expected = set(self.expected)
        return tuple(p for p in self.found if p not in expected)


def seed_meta(text_path: Path) -> DocumentMeta:
    sidecar = text_path.with_suffix(".yaml")
    meta = read_sidecar(sidecar, sidecar.read_bytes())
    assert isinstance(meta, DocumentMeta)
    return meta


def parse_as_seed(text_path: Path, text: str) -> ParsedDocument:
    """`text` parsed as the corpus parses the seed at `text_path` (its sidecar's metadata)."""
    return parse_document(SourceDocument(seed_meta(text_path), text_path, text, ""))


def read_back(text_path: Path, published_text: str) -> ReadBack:
    source = text_path.read_text(encoding="utf-8")
    unprintable = unprintable_chars(source, published_text)
    return ReadBack(
        _passages(text_path, source, unprintable),
        _passages(text_path, published_text, unprintable),
    )


def normal(text: str, unprintable: frozenset[str] = frozenset()) -> str:
    text = "".join(c for c in text if c not in unprintable)
    return "".join(unicodedata.normalize("NFKC", text).split())


def _passages(text_path: Path, text: str, unprintable: frozenset[str]) -> tuple[str, ...]:
    return tuple(normal(p.text, unprintable) for p in parse_as_seed(text_path, text).passages)


def unprintable_chars(source: str, extracted: str) -> frozenset[str]:
    """Characters of the seed that no font here can draw (fc-list finds none): Chromium
    prints a blank box for them (尐, 鉬), so no PDF of this machine holds them to read back."""
    lost = set(source) - set(extracted) - set(string.whitespace)
    return frozenset(c for c in lost if not _font_has(c))


def _font_has(char: str) -> bool:
    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}"], capture_output=True, text=True, check=True
    )
    return bool(found.stdout.strip())
