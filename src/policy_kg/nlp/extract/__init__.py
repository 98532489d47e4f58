"""Extractors: one module per kind of fact, each a function over an `AnalyzedDocument`."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_NLP = Path(__file__).resolve().parents[1]


@functools.cache
def extractor_version() -> str:
    """A fingerprint of the extraction code and vocabulary: cached facts from other code are stale.

    Hashes this package, the pipeline, the fact records and the vocabulary files, so any change
    to them invalidates per-document caches without a hand-maintained version number.
    """
    files = sorted(
        [
            *(_NLP / "extract").glob("*.py"),
            _NLP / "pipeline.py",
            _NLP / "facts.py",
            *(_NLP / "vocabulary").glob("*"),
        ]
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
