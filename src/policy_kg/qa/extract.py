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
from collections.abc import Callable
from dataclasses import dataclass

from policy_kg.corpus.sentences import sentence_spans
from policy_kg.index.retriever import ScoredPassage
from policy_kg.nlp.terms import TermExtractor
from policy_kg.qa.question import Question, QuestionType

WHOLE_PASSAGE_CHARS = 120

_FIT: dict[QuestionType, re.Pattern[str]] = {
    "date": re.compile(r"\d{4}年|\d{1,2}月|令和|平成|昭和"),
    "money": re.compile(r"\d[\d,.]*\s*(億|万|千)?円|ドル|＄|\$"),
    "quantity": re.compile(r"\d[\d,.]*\s*(万|億)?\s*(トン|t|GWh|%|％|倍|割|台|rpm|Nm)"),
    "requirement": re.compile(r"以上|以下|対象とする|こと|要件|条件"),
    "definition": re.compile(r"とは|という"),
    "agency": re.compile(r"JOGMEC|NEDO|機構|省|庁|機関|大臣|長官|公社|JBIC|NEXI"),
}


@dataclass(frozen=True)
class Candidate:
    scored: ScoredPassage
    start: int
    end: int
    coverage: float
    score: float

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


class SentenceRanker:
    """Scores candidate sentences against a question."""

    def __init__(self, terms: TermExtractor, idf: Callable[[str], float]) -> None:
        self._terms = terms
        self._idf = idf

    def candidates(self, question: Question, retrieved: list[ScoredPassage]) -> list[Candidate]:
        query = set(self._terms(question.normalized))
        weights = {t: self._idf(t) for t in query}
        total = sum(weights.values()) or 1.0
        best_retrieval = max((s.score for s in retrieved), default=1.0) or 1.0
        out = []
        for scored in retrieved:
            heading_terms = set(self._terms(" ".join(scored.passage.section[-1:])))
            for a, b in _units(scored.passage.text):
                sentence = scored.passage.text[a:b]
                found = set(self._terms(sentence))
                covered = sum(w for t, w in weights.items() if t in found)
                covered += 0.5 * sum(
                    w for t, w in weights.items() if t in heading_terms and t not in found
                )
                coverage = covered / total
                score = (
                    coverage
                    + 0.15 * self._fit(question, sentence)
                    + 0.25 * scored.score / best_retrieval
                )
                out.append(Candidate(scored, a, b, coverage, score))
        return sorted(out, key=lambda c: -c.score)

    @staticmethod
    def _fit(question: Question, sentence: str) -> float:
        fit = 0.0
        pattern = _FIT.get(question.qtype)
        if pattern is not None and pattern.search(sentence):
            fit += 1.0
        if question.years and not any(f"{y}年" in sentence for y in question.years):
            fit -= 1.0
        return fit
