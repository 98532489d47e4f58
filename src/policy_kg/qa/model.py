"""What an answer is (`ask` in docs/interface.md §3): text, citations with verbatim quotes,
graph facts, a confidence, and the passages looked at when abstaining."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.corpus.sentences import sentence_around
from policy_kg.graph.queries.records import QuoteRef


@dataclass(frozen=True)
class Citation:
    doc_id: str
    revision: str | None
    section: str
    passage_id: str
    quote: str  # a verbatim substring of the cited passage's text

    @classmethod
    def in_passage(
        cls, passage: Passage, documents: Mapping[str, DocumentMeta], quote: str
    ) -> Citation:
        """`quote`, a verbatim span of `passage`, dated by its document's revision."""
        revision = documents[passage.doc_id].revision
        return cls(passage.doc_id, revision, passage.section_path, passage.passage_id, quote)

    @classmethod
    def around(cls, quote: QuoteRef, passage_text: str) -> Citation:
        """The whole sentence around a fact's quote, not the bare words: a verbatim span of
        `passage_text`, the text of the quote's passage."""
        start, end = sentence_around(passage_text, quote.start)
        section, passage_id = quote.section, quote.passage_id
        return cls(quote.doc_id, quote.revision, section, passage_id, passage_text[start:end])


@dataclass(frozen=True)
class Fact:
    subject: str
    predicate: str
    object: str


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    facts: tuple[Fact, ...] = ()
    # calibrated probability that the answer is right; None when unknown
    confidence: float | None = None
    nearest: tuple[Citation, ...] = ()  # when abstaining: the passages looked at, not an answer

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.__dict__ for c in self.citations],
            "facts": [f.__dict__ for f in self.facts],
            "confidence": self.confidence,
            "nearest": [c.__dict__ for c in self.nearest],
        }
