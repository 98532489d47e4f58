"""The search terms of every indexed text, kept with the build so that the next one reuses them.

An incremental build used to run Sudachi over every indexed passage again to build the lexical
index: on the 100-copy corpus (78,300 indexed passages) an edit to one document spent 22 s of
its 64 s there (cProfile, load average 3). The terms are stored by the hash of the text they
were read from, so any text the build in use read (in any document) is not read again. They
are reused only from a build of the same code fingerprint, which covers the term extractor
and its user dictionary (`rebuild.code_fingerprint`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from policy_kg import atomic
from policy_kg.index.embedding_cache import text_key
from policy_kg.nlp.terms import TermExtractor

log = logging.getLogger(__name__)


def read_terms(path: Path) -> dict[str, list[str]]:
    """The stored terms by text key; none when the build has no such file (an older build) or
    it cannot be read (a warning names it; the build reads every text again)."""
    if not path.is_file():
        return {}
    try:
        terms = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        log.warning("%s: unreadable (%s); reading every text's terms again", path, error)
        return {}
    if not isinstance(terms, dict):
        log.warning("%s: not a JSON object; reading every text's terms again", path)
        return {}
    return terms


def terms_of(
    texts: Sequence[str], extract: TermExtractor, known: Mapping[str, list[str]]
) -> list[list[str]]:
    """The terms of each text: those `known` by its key, the others read now, once each."""
    read: dict[str, list[str]] = {}
    found = []
    for text in texts:
        key = text_key(text)
        if key not in known and key not in read:
            read[key] = extract(text)
        found.append(known[key] if key in known else read[key])
    return found


def write_terms(path: Path, texts: Sequence[str], terms: Sequence[list[str]]) -> None:
    stored = {text_key(t): found for t, found in zip(texts, terms, strict=True)}
    atomic.write_text(path, json.dumps(stored, ensure_ascii=False))
