"""A sentence ranker for tests that measure candidates without a build: the domain
dictionary's terms, each weighing the same, and no vectors."""

import functools

from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.vocabulary import default_vocabulary
from policy_kg.qa.sentence_ranking import DocumentContext, SentenceRanker

from ..domain_terms import domain_terms


@functools.cache
def domain_entities() -> TermEntities:
    return TermEntities.build(default_vocabulary(), domain_terms())


def plain_ranker(contexts: dict[str, DocumentContext], **parts) -> SentenceRanker:
    """`parts`: the ranker's other keyword arguments (notes, headings, leads …)."""
    return SentenceRanker(domain_terms(), lambda term: 1.0, domain_entities(), contexts, **parts)
