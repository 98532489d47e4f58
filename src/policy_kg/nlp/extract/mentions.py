"""Mentions: every vocabulary entity (mineral, agency, country) named in every passage."""

from __future__ import annotations

from policy_kg.nlp.extract.analyzed import AnalyzedDocument
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.facts import Mention


@extracts(Mention)
def extract_mentions(document: AnalyzedDocument) -> tuple[Mention, ...]:
    return tuple(
        Mention(e.entity_type, e.key, e.surface, passage.evidence(e.start, e.end))
        for passage in document.passages
        for e in passage.entities
    )
