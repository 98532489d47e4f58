"""What the graph stage takes in (one `DocumentInput` per document) and the error it raises
when a fact cannot become triples."""

from __future__ import annotations

from dataclasses import dataclass

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.nlp.facts import DocumentFacts


class GraphBuildError(ValueError):
    """Facts that cannot become triples (an unknown passage, entity or quote); names the fact."""


@dataclass(frozen=True)
class DocumentInput:
    """One document as the graph needs it: metadata, passages and extracted facts."""

    meta: DocumentMeta
    passages: tuple[Passage, ...]
    facts: DocumentFacts
    content_hash: str | None = None
