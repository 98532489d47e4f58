"""What an answer is (`ask` in docs/interface.md §3): text, citations with verbatim quotes,
graph facts, a confidence, and the passages looked at when abstaining."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    doc_id: str
    revision: str | None
    section: str
    passage_id: str
    quote: str  # a verbatim substring of the cited passage's text


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
