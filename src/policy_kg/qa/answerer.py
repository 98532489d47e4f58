"""Answer a question with cited, verbatim sentences, or abstain.

Flow: analyse the question, retrieve passages (hybrid BM25 + e5), rank their sentences
(`extract.py`), and answer with the best sentence and the citations that support it. When
the best sentence covers too little of the question (`min_coverage`, calibrated on the
development questions the corpus cannot answer), the answer abstains instead: an answer
never states what no passage supports.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.index.retriever import Retriever
from policy_kg.qa.extract import Candidate, SentenceRanker
from policy_kg.qa.model import Answer, Citation
from policy_kg.qa.question import analyse

MAX_QUESTION_CHARS = 1000
ABSTENTION_TEXT = "コーパスの文書には、この質問に答える記述が見つかりませんでした。"


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long)."""


@dataclass(frozen=True)
class AnswerSettings:
    retrieve_k: int = 20
    min_coverage: float = 0.25
    support_ratio: float = 0.75  # a further citation must score this close to the best


def check_question(text: str) -> str:
    question = text.strip()
    if not question:
        raise QuestionError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"the question is {len(question):,} characters long; at most {MAX_QUESTION_CHARS:,}"
        )
    return question


class QuestionAnswerer:
    def __init__(
        self,
        retriever: Retriever,
        ranker: SentenceRanker,
        documents: dict[str, DocumentMeta],
        headings: dict[tuple[str, tuple[str, ...]], Passage],
        settings: AnswerSettings,
    ) -> None:
        self._retriever = retriever
        self._ranker = ranker
        self._documents = documents
        self._headings = headings
        self.settings = settings

    def ask(self, text: str, top_k: int = 3) -> Answer:
        question = analyse(check_question(text))
        retrieved = self._retriever.search(question.normalized, self.settings.retrieve_k)
        candidates = self._ranker.candidates(question, retrieved)
        if not candidates or not self._supported(candidates[0]):
            return Answer(text, ABSTENTION_TEXT, abstained=True)
        chosen = self._supporting(candidates, top_k)
        citations = [self._citation(c.scored.passage, c.quote) for c in chosen]
        answer = chosen[0].quote
        heading = self._heading_of(chosen[0])
        if heading is not None:
            # the entity asked for is named only by the section heading: cite it as well
            citations.insert(0, self._citation(heading, heading.text))
            answer = f"{heading.text}\n{answer}"
        return Answer(text, answer, abstained=False, citations=tuple(citations[:top_k]))

    def _heading_of(self, candidate: Candidate) -> Passage | None:
        passage = candidate.scored.passage
        if not candidate.answer_in_heading:
            return None
        return self._headings.get((passage.doc_id, passage.section))

    def _supported(self, best: Candidate) -> bool:
        """Enough of the question is found, about the minerals it names, and what it asks for
        (an amount, a date …) is there."""
        return (
            best.coverage >= self.settings.min_coverage
            and best.fits is not False
            and not best.off_topic
        )

    def _supporting(self, candidates: list[Candidate], top_k: int) -> list[Candidate]:
        """The best candidate, then close runners-up from other passages, best first."""
        best = candidates[0]
        chosen = [best]
        for candidate in candidates[1:]:
            if len(chosen) >= top_k:
                break
            if candidate.score < self.settings.support_ratio * best.score:
                break
            if all(
                candidate.scored.passage.passage_id != c.scored.passage.passage_id for c in chosen
            ):
                chosen.append(candidate)
        return chosen

    def _citation(self, passage: Passage, quote: str) -> Citation:
        meta = self._documents[passage.doc_id]
        return Citation(
            doc_id=passage.doc_id,
            revision=meta.revision,
            section=passage.section_path,
            passage_id=passage.passage_id,
            quote=quote,
        )
