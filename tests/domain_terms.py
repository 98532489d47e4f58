"""The search terms of a text through Sudachi with the domain dictionary, for tests that read
terms without a build: the dictionary is compiled once per session, into a folder removed
when the session ends."""

import functools
import tempfile
from pathlib import Path

from policy_kg.nlp.terms import TermExtractor, domain_term_extractor

_DICTIONARY_FOLDER = tempfile.TemporaryDirectory(prefix="policy-kg-terms-")


@functools.cache
def domain_terms() -> TermExtractor:
    return domain_term_extractor(Path(_DICTIONARY_FOLDER.name))
