"""Extractors: one module per kind of fact, each a function over an `AnalyzedDocument`,
registered with the record type it makes (`registry`)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_NLP = Path(__file__).resolve().parents[1]


@functools.cache
def fingerprinted_files() -> list[Path]:
    """This package, the pipeline, the fact records, the vocabulary files, and the corpus
    parser: facts name passages by id and offsets, so a parser that cuts passages otherwise
    makes cached facts point at passages that no longer exist (a build then failed)."""
    return sorted(
        [
            *(_NLP / "extract").glob("*.py"),
            _NLP / "pipeline.py",
            _NLP / "facts.py",
            *(_NLP / "vocabulary").glob("*"),
            *(_NLP.parent / "corpus").glob("*.py"),
        ]
    )


def extractor_version() -> str:
    """A fingerprint of the extraction code and vocabulary: cached facts from other code are stale.

    Hashes `fingerprinted_files()`, so any change to them invalidates per-document caches
    without a hand-maintained version number.
    """
    digest = hashlib.sha256()
    for path in fingerprinted_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
