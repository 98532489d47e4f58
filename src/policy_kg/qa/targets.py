"""Answer questions about numeric targets from the graph's Target facts.

A question that asks how much is to be secured or reached (目標, 確保, 需要量 … with どれだけ,
何トン, どの程度) is first matched against the sentences that state a target: when one covers
the question well (its subject, its year), it answers, with the target facts the graph holds.
Otherwise the question goes on to the next route of the router, and at last to the passage
search like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.corpus.sentences import sentence_around
from policy_kg.graph.queries import TargetRecord
from policy_kg.nlp.terms import TermExtractor
from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.qa.question import Question

TARGET_CUE = re.compile(r"目標|確保|需要量|必要となる|目指")
HOW_MUCH = re.compile(r"どれだけ|どれくらい|どれほど|どの程度|何トン|何%|何倍|量は|量を|比率")
MIN_COVERAGE = 0.6


@dataclass(frozen=True)
class TargetSentence:
    """A sentence that states one or more targets."""

    passage: Passage
    start: int
    end: int
    targets: tuple[TargetRecord, ...]

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


@dataclass(frozen=True)
class TargetMatch:
    sentence: TargetSentence
    coverage: float
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class TargetQuestion:
    question: Question


def is_target_question(question: Question) -> bool:
    text = question.normalized
    return bool(TARGET_CUE.search(text) and HOW_MUCH.search(text))


def target_sentences(
    targets: tuple[TargetRecord, ...], passage: Callable[[str], Passage]
) -> list[TargetSentence]:
    """The sentences around every target's quotes, each listing the targets it states."""
    found: dict[tuple[str, int], tuple[Passage, int, list[TargetRecord]]] = {}
    for target in targets:
        for quote in target.quotes:
            text = passage(quote.passage_id)
            start, end = sentence_around(text.text, quote.start)
            entry = found.setdefault((quote.passage_id, start), (text, end, []))
            if target not in entry[2]:
                entry[2].append(target)
    return [
        TargetSentence(text, start, end, tuple(stated))
        for (_, start), (text, end, stated) in found.items()
    ]


class TargetAnswerer:
    def __init__(
        self,
        sentences: list[TargetSentence],
        terms: TermExtractor,
        idf: Callable[[str], float],
    ) -> None:
        self._sentences = sentences
        self._terms = terms
        self._idf = idf
        self._sentence_terms = [set(terms(s.text)) for s in sentences]

    def best(self, question: Question) -> TargetMatch | None:
        """The target sentence that answers the question, or None: no such target is set."""
        query = set(self._terms(question.normalized))
        weights = {t: self._idf(t) for t in query}
        total = sum(weights.values()) or 1.0
        scored = [
            (sum(w for t, w in weights.items() if t in found) / total, sentence)
            for sentence, found in zip(self._sentences, self._sentence_terms, strict=True)
            if _same_year(question, sentence)
        ]
        if not scored:
            return None
        coverage, sentence = max(scored, key=lambda pair: pair[0])
        if coverage < MIN_COVERAGE:
            return None
        return TargetMatch(sentence, coverage, self._facts(sentence, query))

    def _facts(self, sentence: TargetSentence, query: set[str]) -> tuple[Fact, ...]:
        """The sentence's targets whose subject the question names (all, if it names none)."""
        named = [t for t in sentence.targets if t.subject and set(self._terms(t.subject)) <= query]
        return tuple(Fact(t.subject or "", "目標", t.summary) for t in (named or sentence.targets))


def _same_year(question: Question, sentence: TargetSentence) -> bool:
    if not question.years:
        return True
    years = {str(t.year) for t in sentence.targets if t.year}
    return any(y in years or f"{y}年" in sentence.text for y in question.years)


class TargetRoute:
    """The router's route for target questions; the answerer is built on first use (it needs
    the lexical index's idf)."""

    name = "target"

    def __init__(
        self, answerer: Callable[[], TargetAnswerer], documents: dict[str, DocumentMeta]
    ) -> None:
        self._answerer = answerer
        self._documents = documents

    def prepare(self) -> None:
        self._answerer()

    def matches(self, question: Question) -> TargetQuestion | None:
        return TargetQuestion(question) if is_target_question(question) else None

    def answer(self, match: TargetQuestion) -> Answer | None:
        """The sentence stating the target, with the target facts the graph holds for it."""
        found = self._answerer().best(match.question)
        if found is None:
            return None
        sentence = found.sentence
        passage = sentence.passage
        citation = Citation.in_passage(passage, self._documents, sentence.text)
        return Answer(match.question.text, sentence.text, False, (citation,), found.facts)
