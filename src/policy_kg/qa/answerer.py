"""Answer a question with cited, verbatim sentences, or abstain.

Flow: analyse the question, retrieve passages (hybrid BM25 + e5), measure their sentences
(`sentence_ranking`), rank them with the fitted model (`ranker_model`), and answer with the best
sentence and the citations that support it. It abstains instead when the question asks for a
value of a kind (a date, a percentage, one fiscal year's budget …) that no candidate holds,
when the calibrated confidence of the best is below the threshold fitted on the development
questions, or when the question names a place, an organisation, an acronym, a chemical
element, a kind of magnet or a word unknown to the dictionary that no document uses
(`nlp.names`): an answer never states what no passage supports. An abstention still lists the
passages it looked at (`nearest`), as related text, not as an answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.index.retriever import Retriever
from policy_kg.nlp.names import Name, NameFinder
from policy_kg.nlp.synonyms import Expander
from policy_kg.qa.model import Answer, Citation
from policy_kg.qa.notes import NAMES_NOTE, glossed_from, is_gloss, is_note, marked_in
from policy_kg.qa.question import Question, analyse
from policy_kg.qa.ranker_model import RankerModel
from policy_kg.qa.sentence_ranking import Candidate, SentenceRanker

MAX_QUESTION_CHARS = 1000
ABSTENTION_TEXT = "コーパスの文書には、この質問に答える記述が見つかりませんでした。"
# Whether the documents use each of the last names asked about: the router asks before the
# text answerer does, and a name the terms lack costs a scan of the passages each time.
NAMES_CACHED = 4096
# The most units one answer cites from one passage (cited_units measures 1, 2 and no limit).
MAX_CITED_PER_PASSAGE = 2


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long)."""


@dataclass(frozen=True)
class AnswerSettings:
    retrieve_k: int = 20  # measured: a supporting passage is in the top 20 for 94% of questions
    nearest_k: int = 3  # passages shown as related text when abstaining


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
        model: RankerModel,
        names: NameFinder = lambda text: (),
    ) -> None:
        self.model = model
        self._names = names
        self._used = lru_cache(maxsize=NAMES_CACHED)(self._uses)
        self._retriever = retriever
        self._ranker = ranker
        self._documents = documents
        self._headings = headings
        self.settings = settings

    @property
    def expander(self) -> Expander:
        """How question terms are expanded, in retrieval and in coverage alike."""
        return self._ranker.expander

    @expander.setter
    def expander(self, expander: Expander) -> None:
        self._ranker.expander = expander
        self._retriever.expander = expander
        self._used.cache_clear()  # a name's synonyms decide its use

    @property
    def indexed_passages(self) -> list[Passage]:
        return self._retriever.passages

    def ask(self, text: str, top_k: int = 3) -> Answer:
        question = analyse(check_question(text))
        ranked = self.ranked(question)
        unknown = self.unknown_names(question.text)
        if unknown:
            named = "".join(f"「{name}」" for name in unknown)
            reason = f"{ABSTENTION_TEXT}（{named}は、どの文書にも出てきません。）"
            return self._abstention(text, ranked, confidence=0.0, reason=reason)
        pool = [c for c in ranked if c.fits is not False]
        if not pool:
            # typed, and no candidate holds the kind of value asked for
            return self._abstention(text, ranked, confidence=0.0)
        runner_up = pool[1].score if len(pool) > 1 else None
        confidence = self.model.confidence(pool[0].score, runner_up, len(pool), pool[0].features)
        if confidence < self.model.threshold:
            return self._abstention(text, ranked, confidence)
        chosen = cited_units(self._note_first(question, pool), top_k)
        glossed = glossed_from(chosen[0].scored.passage.text, chosen[0].start)
        if glossed is not None:
            chosen[0] = replace(chosen[0], start=glossed)  # the marked words, then the note
        citations = [
            Citation.in_passage(c.scored.passage, self._documents, c.quote) for c in chosen
        ]
        answer = chosen[0].quote
        holder = self._heading_of(chosen[0]) or chosen[0].value_lead
        if holder is not None:
            # what is asked is given only by the section heading or the line leading to the
            # list: that is the first support, then the sentence that states the rest
            citations.insert(0, Citation.in_passage(holder, self._documents, holder.text))
            answer = f"{holder.text}\n{answer}"
        return Answer(
            text, answer, False, tuple(citations[:top_k]), confidence=round(confidence, 4)
        )

    def _note_first(self, question: Question, pool: list[Candidate]) -> list[Candidate]:
        """The pool, with a note of its best unit first when the question asks what only a
        note gives and that unit is a statement: the best-ranked of the footnotes the unit
        marks (`marked_in`), else of its passage's notes. A passage may mark a note after
        each of its sentences' figures (需要が80トン程度¹⁴…推察される¹⁵。…2,400トン¹⁶), and
        the one asked is marked in the sentence the question restates."""
        best = pool[0]
        if not NAMES_NOTE.search(question.normalized) or is_note(best.scored.passage, best.quote):
            return pool
        passage = best.scored.passage
        notes = {p.passage_id for p in self._ranker.notes_of(passage)}
        ranked = [c for c in pool if c.scored.passage.passage_id in notes]
        marked = marked_in(passage, best.start, best.end)
        note = next((c for c in ranked if c.scored.passage.passage_id in marked), None)
        note = note or next(iter(ranked), None)
        return pool if note is None else [note, *(c for c in pool if c is not note)]

    def unknown_names(self, text: str) -> tuple[str, ...]:
        """The names the question gives (`nlp.names`) that no document uses, under any
        spelling the synonym expansion knows."""
        return tuple(name.surface for name in self._names(text) if not self._used(name))

    def _uses(self, name: Name) -> bool:
        """Whether the documents use the name: their search terms hold its form or a synonym's,
        or, read last as it is the slowest (11-16 ms a name over the 78,300 indexed passages
        of 100 copies of the seeds), a passage writes it (the domain dictionary may read it
        into a longer word)."""
        forms = {name.form, *self.expander.expand(name.form), *map(str.lower, name.glosses)}
        surfaces = (name.surface, *name.glosses)
        return any(map(self._retriever.knows, forms)) or any(
            surface in passage.text for passage in self.indexed_passages for surface in surfaces
        )

    def candidates(self, question: Question) -> list[Candidate]:
        """The measured, unscored sentences of the passages retrieved for the question."""
        vector = self._retriever.query_vector(question.normalized)
        retrieved = self._retriever.search(question.normalized, self.settings.retrieve_k, vector)
        return self._ranker.candidates(question, retrieved, vector)

    def ranked(self, question: Question) -> list[Candidate]:
        """The candidates with the model's log-odds as `score`, best first."""
        candidates = self.candidates(question)
        if not candidates:
            return []
        scores = self.model.log_odds(np.array([c.features for c in candidates]))
        scored = [replace(c, score=float(s)) for c, s in zip(candidates, scores, strict=True)]
        return sorted(scored, key=lambda c: -c.score)

    def _abstention(
        self, text: str, ranked: list[Candidate], confidence: float, reason: str = ABSTENTION_TEXT
    ) -> Answer:
        """No answer; the best sentence of each of the first passages looked at, as related."""
        nearest: dict[str, Candidate] = {}
        for candidate in ranked:
            nearest.setdefault(candidate.scored.passage.passage_id, candidate)
            if len(nearest) >= self.settings.nearest_k:
                break
        related = tuple(
            Citation.in_passage(c.scored.passage, self._documents, c.quote)
            for c in nearest.values()
        )
        return Answer(text, reason, True, confidence=round(confidence, 4), nearest=related)

    def _heading_of(self, candidate: Candidate) -> Passage | None:
        """The section heading, when it names what the answer is: the value asked for is in
        it, or the passage is one bracketed gloss of the term it names (a slide's ### 電磁鋼板 ⏎
        （優れた磁気特性を有する鋼板。…）) and holds no value asked for: a question asking a
        name by its description (つなぎ目なしで作られ…る鋼の管は何と紹介されているか) wants
        the term, which the gloss alone never says."""
        passage = candidate.scored.passage
        glossed = candidate.fits is not True and is_gloss(passage.text)
        if not (candidate.answer_in_heading or glossed):
            return None
        return self._headings.get((passage.doc_id, passage.section))


def cited_units(ranked: Iterable[Candidate], top_k: int) -> list[Candidate]:
    """The units an answer cites, from candidates best first: the best, then each next one
    that is neither a third unit of its passage nor overlaps a unit of it already chosen.

    A passage's second unit may support the answer where another passage's best does not
    (the right passage, another of its sentences). Measured on the 881 development
    questions, cross-fitted (each answered by a ranker fitted without it), a supporting
    unit is cited among the first three for 680 of the 705 answerable ones, against 673
    when each passage gave its best unit only and 678 with no limit per passage; the
    first citation is the same in all three."""
    chosen: list[Candidate] = []
    for candidate in ranked:
        passage_id = candidate.scored.passage.passage_id
        same = [c for c in chosen if c.scored.passage.passage_id == passage_id]
        if len(same) >= MAX_CITED_PER_PASSAGE or any(_overlap(c, candidate) for c in same):
            continue
        chosen.append(candidate)
        if len(chosen) >= top_k:
            break
    return chosen


def _overlap(one: Candidate, other: Candidate) -> bool:
    """Whether two units of one passage share text (a unit and the pair it is joined into)."""
    return one.start < other.end and other.start < one.end
