"""The one error of the ingest modules: a file that cannot be added, named, with the reason."""

from __future__ import annotations

from policy_kg.corpus.errors import CorpusError


class IngestError(CorpusError):
    """A file that cannot be added (`path`: what is wrong with it)."""
