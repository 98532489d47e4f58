"""Extractive answering: pick the sentences of the retrieved passages that answer.

A candidate is a sentence of a retrieved passage (a whole passage when it is short, as in
tables and slides, where one line alone loses its subject). Its score combines
- coverage: the IDF-weighted share of the question's terms found in the sentence (terms found
  only in the passage's heading count half), so rare, specific words decide;
- fit: whether it holds what the question type asks for (a date for いつ, an amount for
  いくら, a quantity for どれくらい …) and the years the question names;
- retrieval: the passage's fused rank score.
Nothing is paraphrased: the answer is the chosen sentence, verbatim, and so is the quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from policy_kg.corpus.model import Passage
from policy_kg.corpus.sentences import sentence_spans
from policy_kg.index.retriever import ScoredPassage
from policy_kg.nlp.facts import EntityType
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.terms import TermExtractor
from policy_kg.qa.question import Question, QuestionType

WHOLE_PASSAGE_CHARS = 120

# questions whose answer must hold a value of a kind: an answer without one does not answer
_TYPED = frozenset({"date", "place", "agency", "money", "quantity", "mineral"})
# questions answered by naming an entity of the vocabulary
_ENTITY_ANSWERS: dict[QuestionType, EntityType] = {
    "place": "country",
    "agency": "agency",
    "mineral": "mineral",
}
_FIT: dict[QuestionType, re.Pattern[str]] = {
    # a point in time, or a time limit (6か月以内, 180日以内, 30日後)
    "date": re.compile(r"\d{4}年|\d{1,2}月|令和|平成|昭和|\d+\s*(か月|ヶ月|カ月|日|週間|年)"),
    "money": re.compile(r"\d[\d,.]*\s*(兆|億|万|千|百万)?\s*(円|ドル|ユーロ|\$)"),
    # an amount, a count, a share or a ratio
    "quantity": re.compile(r"\d|半減|倍|割|半分"),
    "requirement": re.compile(r"以上|以下|未満|対象とする|こと|要件|条件"),
    "definition": re.compile(r"とは|という"),
}


@dataclass(frozen=True)
class Candidate:
    scored: ScoredPassage
    start: int
    end: int
    coverage: float
    score: float
    fits: bool | None  # holds what the question type asks for; None for untyped questions
    answer_in_heading: bool = False  # the entity asked for is named by the section heading
    off_topic: bool = False  # the question names minerals; neither sentence nor context does

    @property
    def quote(self) -> str:
        return self.scored.passage.text[self.start : self.end]


def _units(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage, without surrounding white space; short passages whole."""
    spans = [(0, len(text))] if len(text) <= WHOLE_PASSAGE_CHARS else sentence_spans(text)
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


@dataclass(frozen=True)
class DocumentContext:
    """What a passage's document says about every passage: its title and its year."""

    title: str
    year: str | None


class SentenceRanker:
    """Scores candidate sentences against a question."""

    def __init__(
        self,
        terms: TermExtractor,
        idf: Callable[[str], float],
        entities: TermEntities,
        documents: dict[str, DocumentContext],
    ) -> None:
        self._terms = terms
        self._idf = idf
        self._entities = entities
        self._documents = documents
        self._context_cache: dict[tuple[str, tuple[str, ...]], set[str]] = {}

    def candidates(self, question: Question, retrieved: list[ScoredPassage]) -> list[Candidate]:
        query = set(self._terms(question.normalized))
        weights = {t: self._idf(t) for t in query}
        total = sum(weights.values()) or 1.0
        minerals = self._entities.of(query, "mineral")
        lexical = _normalised([s.lexical for s in retrieved])
        dense = _normalised([s.dense for s in retrieved])
        out = []
        for n, scored in enumerate(retrieved):
            passage = scored.passage
            context = self._context_terms(passage)
            heading = set(self._terms(passage.section[-1])) if passage.section else set()
            for a, b in _units(passage.text):
                sentence = passage.text[a:b]
                found = set(self._terms(sentence))
                covered = sum(w for t, w in weights.items() if t in found)
                covered += 0.5 * sum(w for t, w in weights.items() if t in context - found)
                coverage = covered / total
                off_topic = bool(minerals) and not minerals & self._entities.of(
                    found | context, "mineral"
                )
                holds = self._holds_answer(question, query, sentence, found)
                in_heading = (
                    holds is False and self._holds_answer(question, query, "", heading) is True
                )
                fit = (1.0 if holds or in_heading else 0.0) - self._misses_year(
                    question, sentence, passage
                )
                score = (
                    coverage
                    + 0.15 * fit
                    + 0.15 * lexical[n]
                    + 0.15 * dense[n]
                    - (0.3 if off_topic else 0.0)
                )
                fits = None if question.qtype not in _TYPED else fit > 0
                out.append(Candidate(scored, a, b, coverage, score, fits, in_heading, off_topic))
        return sorted(out, key=lambda c: -c.score)

    def _context_terms(self, passage: Passage) -> set[str]:
        """Terms of the passage's heading path and document title: what it is about."""
        key = (passage.doc_id, passage.section)
        if key not in self._context_cache:
            title = self._documents[passage.doc_id].title
            self._context_cache[key] = set(self._terms(" ".join((title, *passage.section))))
        return self._context_cache[key]

    def _holds_answer(
        self, question: Question, query: set[str], sentence: str, found: set[str]
    ) -> bool | None:
        """Whether the text holds what the question asks for (None: any text may answer);
        `query` is the question's terms."""
        wanted = _ENTITY_ANSWERS.get(question.qtype)
        if wanted is not None:
            # the answer names an entity the question does not already name
            asked = self._entities.of(query, wanted)
            return bool(self._entities.of(found, wanted) - asked)
        pattern = _FIT.get(question.qtype)
        if pattern is None:
            return None
        return bool(pattern.search(unicodedata.normalize("NFKC", sentence)))

    def _misses_year(self, question: Question, sentence: str, passage: Passage) -> float:
        """1 when the question names a year that neither the sentence nor its document has."""
        if not question.years:
            return 0.0
        text = unicodedata.normalize("NFKC", sentence)
        year = self._documents[passage.doc_id].year
        return 0.0 if any(f"{y}年" in text or y == year for y in question.years) else 1.0


def _normalised(values: list[float]) -> list[float]:
    """Scale to 0..1 over the retrieved passages (all zero when they do not differ)."""
    low, high = min(values, default=0.0), max(values, default=0.0)
    return [(v - low) / (high - low) if high > low else 0.0 for v in values]
