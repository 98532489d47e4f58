"""The naive baseline the evaluation compares `ask` with, so that no figure stands alone.

BM25 over Sudachi normalized forms of the raw passage texts (no title, no heading, no dense
vectors, no expansion); the answer is the sentence with the most distinct question terms in the
top passage, and each of the first three passages is cited by its own such sentence. It never
abstains.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.corpus.sentences import sentence_spans
from policy_kg.index.lexical import LexicalIndex
from policy_kg.index.retriever import indexable
from policy_kg.nlp.terms import TermExtractor
from policy_kg.qa.model import Answer, Citation

CITED_PASSAGES = 3


class NaiveBaseline:
    def __init__(
        self, passages: list[Passage], terms: TermExtractor, documents: dict[str, DocumentMeta]
    ) -> None:
        self._passages = indexable(passages)
        self._terms = terms
        self._documents = documents
        self._lexical = LexicalIndex.build([terms(p.text) for p in self._passages])

    def ask(self, text: str) -> Answer:
        query = set(self._terms(unicodedata.normalize("NFKC", text)))
        scores = self._lexical.scores(sorted(query))
        top = [i for i in np.argsort(-scores, kind="stable")[:CITED_PASSAGES] if scores[i] > 0]
        citations = tuple(self._best_sentence(self._passages[i], query) for i in top)
        answer = citations[0].quote if citations else ""
        return Answer(text, answer, False, citations)

    def _best_sentence(self, passage: Passage, query: set[str]) -> Citation:
        text = passage.text
        spans = [s for s in sentence_spans(text) if text[s[0] : s[1]].strip()] or [(0, len(text))]
        a, b = max(spans, key=lambda s: len(query & set(self._terms(passage.text[s[0] : s[1]]))))
        a, b = _trimmed(passage.text, a, b)
        return Citation.in_passage(passage, self._documents, passage.text[a:b])


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
