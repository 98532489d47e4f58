"""Extractive answering: the candidate sentences of the retrieved passages, with their features.

A candidate is a sentence of a retrieved passage (a whole passage when it is short, as in table
rows and slide lines, where one line alone loses its subject). What is measured of it is listed
in `features.FEATURE_NAMES`; the fitted model (`ranker_model`) turns that into a probability
that the sentence answers. Whether it holds what the question asks for (a date for いつ, a
percentage for 何%, one fiscal year's amount for a budget question …) is kept apart as `fits`,
since a typed question with no fitting candidate is not answered at all.
Nothing is paraphrased: the answer is the chosen sentence, verbatim, and so is the quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from policy_kg.corpus.model import Passage
from policy_kg.corpus.units import AnswerUnit, answer_units
from policy_kg.index.retriever import ScoredPassage
from policy_kg.index.sentences import SentenceVectors, UnitCosines
from policy_kg.nlp.facts import EntityType
from policy_kg.nlp.synonyms import NO_EXPANSION, Expander
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.terms import TermExtractor
from policy_kg.qa import contents, features
from policy_kg.qa.columns import holds_by_column, is_header_line, row_header
from policy_kg.qa.companions import with_companions
from policy_kg.qa.measured_units import (
    MeasuredUnit,
    QuestionTerms,
    UnitFit,
    joined_units,
)
from policy_kg.qa.notes import ASKS_NOTE, Notes, is_gloss, is_note
from policy_kg.qa.question import (
    TYPE_VALUES,
    VALUE_TYPES,
    Question,
    QuestionType,
    asked_values,
    asking_terms,
    fiscal_years,
    holds_unit,
    plain_values,
)
from policy_kg.qa.subject import TERMS_CACHED, DocumentContext, SubjectCheck
from policy_kg.qa.value_context import near_value

# Terms found only in the passage's heading path or its document's title say what the sentence
# is about, less surely than its own words: they count half (kept from the hand-built ranker).
CONTEXT_SHARE = 0.5

# The term lists of the most recent answer units (sentences, rows): a question reads about 90,
# each a Sudachi call, so 16,384 hold the last ~180 questions'. Unremembered, they were 9 of
# the 20 ms of an ask whose question vector was cached (py-spy over the 94 questions of
# bench/eval's dev_qa and extra_qa, through the server).
UNIT_TERMS_CACHED = 16_384

# A question of the VALUE_TYPES (a date, an amount, a quantity, which a pattern reads reliably)
# or with an asked unit is not answered by a unit without such a value. Questions whose answer
# is of a kind read less surely (an entity the vocabulary may not list,
# a requirement, a definition): whether it fits is a feature of the ranking, never a veto.
_SOFT_TYPES = frozenset({"place", "agency", "mineral", "requirement", "definition"})
# questions answered by naming an entity of the vocabulary
_ENTITY_ANSWERS: dict[QuestionType, EntityType] = {
    "place": "country",
    "agency": "agency",
    "mineral": "mineral",
}
# いつまで is also answered by the condition that ends the period (…が完了するまでの期間)
_UNTIL_FIT = re.compile(r"まで|間|期限")
# the year of a statistic (2021年の貿易統計によると) dates the figures, not an event asked about
_VINTAGE = re.compile(r"\d{4}\s*年(度)?の(貿易統計|統計|データ|推計)")


@dataclass(frozen=True)
class Candidate:
    scored: ScoredPassage
    start: int
    end: int
    coverage: float
    fits: bool | None  # holds the value asked for; None when the question asks for no value
    features: tuple[float, ...]
    answer_in_heading: bool = False  # the entity asked for is named by the section heading
    value_lead: Passage | None = None  # the line leading to the passage holds it, not the unit
    score: float = 0.0  # the fitted probability that it answers (0 until scored)

    @property
    def quote(self) -> str:
        return self.scored.passage.text[self.start : self.end]


class SentenceRanker:
    """Finds and measures the candidate sentences of retrieved passages."""

    def __init__(
        self,
        terms: TermExtractor,
        idf: Callable[[str], float],
        entities: TermEntities,
        documents: dict[str, DocumentContext],
        sentences: SentenceVectors | None = None,
        expander: Expander = NO_EXPANSION,
        known: Callable[[str], bool] = lambda term: True,
        leads: Mapping[str, Passage] | None = None,
        table_headers: Mapping[str, str] | None = None,
        notes: Notes | None = None,
        headings: Mapping[tuple[str, tuple[str, ...]], Passage] | None = None,
    ) -> None:
        self._terms = terms
        self._idf = idf
        self._known = known  # whether a term occurs anywhere in the corpus
        self._entities = entities
        self._documents = documents
        self._sentences = sentences
        self.expander = expander
        self._table_headers = table_headers or {}  # passage_id -> a space-split header line
        self._leads = leads or {}
        self._notes = notes or Notes()
        self._headings = headings or {}  # (doc_id, section) -> the section's heading passage
        self._text_terms = lru_cache(maxsize=TERMS_CACHED)(lambda text: frozenset(terms(text)))
        self._unit_terms = lru_cache(maxsize=UNIT_TERMS_CACHED)(lambda text: tuple(terms(text)))
        self._subject = SubjectCheck(
            self._text_terms, entities, documents, self._leads, self._context_terms
        )

    def candidates(
        self,
        question: Question,
        retrieved: list[ScoredPassage],
        vector: np.ndarray | None = None,
    ) -> list[Candidate]:
        """Every answer unit of the retrieved passages (and every pair of neighbours whose
        second holds the value asked for), measured, in passage then text order."""
        query = list(dict.fromkeys(self._terms(question.normalized)))
        weights = {t: self._idf(t) for t in query}
        asked = set(weights)
        expansions = self.expander.expansions(query)
        asks = QuestionTerms.of(weights, expansions, self._known, self._entities.anchors(query))
        asking = asking_terms(question, self._terms)
        asking_weights = {t: self._idf(t) for t in asking}
        asking_expansions = self.expander.expansions(asking)
        units = [
            unit
            for rank, scored in self._with_companions(question, asked, retrieved)
            for unit in self._passage_units(question, asked, rank, scored, vector)
        ]
        average = sum(len(u.found) for u in units) / max(len(units), 1)
        lexical = _normalised([s.lexical for s in retrieved])
        dense = _normalised([s.dense for s in retrieved])
        sections = contents.section_ranks(retrieved)
        asks_note = bool(ASKS_NOTE.search(question.normalized))
        value = asked_values(question)
        raws = []
        for unit in units:
            found = set(unit.found)
            context = self._context_terms(unit.passage) | unit.header
            covered, own = features.coverage(weights, found, context, expansions, CONTEXT_SHARE)
            around = self._passage_terms(unit.passage) | context
            raws.append(
                features.Raw(
                    coverage=covered,
                    coverage_sentence=own,
                    dense=unit.cosine,
                    dense_placed=unit.placed_cosine,
                    bm25=features.bm25(weights, unit.found, average, expansions),
                    passage_fused=unit.scored.score,
                    passage_rank=unit.rank,
                    passage_lexical=lexical[unit.rank - 1],
                    passage_dense=dense[unit.rank - 1],
                    typed=unit.fit.typed,
                    fits=unit.fit.fits,
                    year_miss=unit.fit.year_miss,
                    off_topic=self._off_topic(asked, found, unit.passage),
                    in_heading=unit.fit.in_heading or unit.fit.lead is not None,
                    index=unit.index,
                    count=unit.count,
                    length=unit.end - unit.start,
                    own_terms=len(found & asked),
                    has_digit=any(c.isdigit() for c in unit.text),
                    kind=unit.kind,
                    joined=unit.joined,
                    passage_missing=features.missing_share(asks.known, around, expansions),
                    passage_missing_top=features.missing_top(asks.known, around, expansions),
                    anchor_missing=self._anchors_missing(asks, found | context),
                    question_unknown=asks.unknown_share,
                    question_unknown_name=asks.unknown_name,
                    listed_section=contents.listed_section(unit, sections),
                    note=is_note(unit.passage, unit.text),
                    asks_note=asks_note,
                    value_near_terms=0.0
                    if value is None or not unit.fit.holds
                    else near_value(
                        value, plain_values(unit.text), self._text_terms, weights, expansions
                    ),
                    asking_clause=features.coverage(
                        asking_weights, found, set(), asking_expansions, 0.0
                    )[1],
                )
            )
        return [
            Candidate(
                u.scored,
                u.start,
                u.end,
                raw.coverage,
                _answers(question, u),
                row,
                u.fit.in_heading,
                u.fit.lead,
            )
            for u, raw, row in zip(units, raws, features.vectors(raws), strict=True)
        ]

    def notes_of(self, passage: Passage) -> tuple[Passage, ...]:
        """The notes of a passage: its footnotes, then its section's note lines."""
        return self._notes.of.get(passage.passage_id, ())

    def _with_companions(
        self, question: Question, query: set[str], retrieved: list[ScoredPassage]
    ) -> list[tuple[int, ScoredPassage]]:
        """The retrieved passages by rank, each followed by its notes and, when the question
        asks for a value its section heading states, that heading (`qa.companions`)."""
        value = question.qtype in VALUE_TYPES or question.unit is not None

        def companions(passage: Passage) -> Iterable[Passage]:
            yield from self.notes_of(passage)
            heading = self._headings.get((passage.doc_id, passage.section))
            if value and heading is not None:
                terms = self._text_terms(heading.text)
                if self._holds_answer(question, query, heading.text, terms, heading):
                    yield heading

        return with_companions(retrieved, companions)

    def _passage_units(
        self,
        question: Question,
        query: set[str],
        rank: int,
        scored: ScoredPassage,
        vector: np.ndarray | None,
    ) -> list[MeasuredUnit]:
        passage = scored.passage
        found = answer_units(passage)
        cosines = self._cosines(passage, found, vector)
        header = self._table_headers.get(passage.passage_id, "")
        annotated = self._notes.annotated.get(passage.passage_id)
        statement = annotated.text if annotated is not None else ""  # what a note annotates
        units = []
        for index, unit in enumerate(found):
            quote = unit.quote(passage)
            context = unit.context or row_header(header, quote) or statement
            made = MeasuredUnit(
                rank,
                scored,
                index,
                len(found),
                unit.start,
                unit.end,
                self._unit_terms(quote),
                self._header_terms(context),
                float(cosines.own[index]),
                float(cosines.placed[index]),
                unit.kind,
                context,
            )
            units.append(replace(made, fit=self._fit(question, query, made)))
        return units + joined_units(units)

    def _header_terms(self, header: str) -> frozenset[str]:
        return self._text_terms(header) if header else frozenset()

    def _cosines(
        self, passage: Passage, units: tuple[AnswerUnit, ...], vector: np.ndarray | None
    ) -> UnitCosines:
        """The e5 cosines of every unit with the question (0 without unit vectors)."""
        if self._sentences is None or vector is None:
            zeros = np.zeros(len(units), dtype=np.float32)
            return UnitCosines(zeros, zeros)
        spans = [(u.start, u.end) for u in units]
        return self._sentences.similarity(passage.passage_id, spans, vector)

    def _fit(self, question: Question, query: set[str], unit: MeasuredUnit) -> UnitFit:
        """Whether the sentence, or failing it its heading, holds what the question asks."""
        value = question.qtype in VALUE_TYPES or question.unit is not None
        typed = value or question.qtype in _SOFT_TYPES
        holds = self._holds_answer(
            question, query, unit.text, set(unit.found), unit.passage, unit.header_text
        )
        section = unit.passage.section
        in_heading = bool(
            holds is False
            and section
            and (
                (question.qtype == "definition" and is_gloss(unit.text))
                or self._holds_answer(
                    question, query, section[-1], self._text_terms(section[-1]), unit.passage
                )
            )
        )
        lead = None
        if value and holds is False and not in_heading:
            lead = self._value_lead(question, query, unit.passage)
        year_miss = self._subject.misses_year(question, unit)
        # a value asked for one year, mineral, country or kind of magnet is not answered by a
        # unit about another
        off_subject = year_miss or self._subject.misses_subject(question, query, unit)
        found = bool(holds) or in_heading or lead is not None
        fits = found and not (value and off_subject)
        other_year = holds is False and question.fiscal_year is not None and _states_amount(unit)
        return UnitFit(typed, fits, in_heading, value, year_miss, found, other_year, lead)

    def _value_lead(self, question: Question, query: set[str], passage: Passage) -> Passage | None:
        """The line leading to the passage, when it holds the value asked for: a list may
        give the date of what its items state once, above them ((2026.1.6) ⏎ ・…を禁止)."""
        lead = self._leads.get(passage.passage_id)
        if lead is None:
            return None
        terms = self._text_terms(lead.text)
        return lead if self._holds_answer(question, query, lead.text, terms, lead) else None

    def _off_topic(self, query: set[str], found: set[str], passage: Passage) -> bool:
        """The question names minerals, and neither the sentence nor its context does."""
        minerals = self._entities.of(query, "mineral")
        context = self._context_terms(passage)
        return bool(minerals) and not minerals & self._entities.of(found | context, "mineral")

    def _passage_terms(self, passage: Passage) -> frozenset[str]:
        return self._text_terms(passage.text)

    def _anchors_missing(self, asks: QuestionTerms, words: set[str]) -> float:
        """The share of the entities the question names that the words do not name."""
        if not asks.anchors:
            return 0.0
        return len(self._entities.unnamed(asks.anchors, words)) / len(asks.anchors)

    def _context_terms(self, passage: Passage) -> frozenset[str]:
        """Terms of the passage's heading path and document title: what it is about."""
        title = self._documents[passage.doc_id].title
        return self._text_terms(" ".join((title, *passage.section)))

    def _holds_answer(
        self,
        question: Question,
        query: set[str],
        text: str,
        found: Iterable[str],
        passage: Passage,
        header: str = "",
    ) -> bool | None:
        """Whether the text holds what the question asks for (None: any text may answer)."""
        if question.unit is not None:
            by_column = question.unit == "count" and holds_by_column("count", text, header)
            return holds_unit(question.unit, text) or by_column
        wanted = _ENTITY_ANSWERS.get(question.qtype)
        if wanted is not None:
            # the answer names an entity the question does not already name
            asked = self._entities.of(query, wanted)
            return bool(self._entities.of(found, wanted) - asked)
        pattern = TYPE_VALUES.get(question.qtype)
        if pattern is None:
            return None
        plain = unicodedata.normalize("NFKC", text)
        if question.qtype == "date":
            plain = _VINTAGE.sub("", plain)
        holds = bool(
            pattern.search(plain)
            or (question.until and _UNTIL_FIT.search(plain))
            or (question.qtype == "money" and holds_by_column("money", text, header))
        )
        if holds and question.fiscal_year is not None:
            # one fiscal year's budget: not an amount of another year, as the nearest of the
            # text, its table header, its headings and its title that names one says (a
            # slide's table row may leave its year to a column header it does not repeat)
            title = self._documents[passage.doc_id].title
            scopes = (text, header, " ".join(passage.section), title)
            named = next((years for years in map(fiscal_years, scopes) if years), set())
            return not named or question.fiscal_year in named
        return holds


def _answers(question: Question, unit: MeasuredUnit) -> bool | None:
    """Whether the unit may answer: it holds the value asked for (None when none is asked).
    A line of the table of contents says where a section starts, and nothing else; a table's
    header line (鉱種 案件数 主な回収先 補助額, 鉄 | アルミ | 銅) names its columns and states
    nothing."""
    if unit.kind == "contents_line" and question.unit != "page":
        return False
    if unit.kind in ("sentence", "table_row") and is_header_line(unit.text):
        return False
    return unit.fit.fits if unit.fit.value else None


def _states_amount(unit: MeasuredUnit) -> bool:
    return bool(TYPE_VALUES["money"].search(unicodedata.normalize("NFKC", unit.text)))


def _normalised(values: list[float]) -> list[float]:
    """Scale to 0..1 over the retrieved passages (all zero when they do not differ)."""
    low, high = min(values, default=0.0), max(values, default=0.0)
    return [(v - low) / (high - low) if high > low else 0.0 for v in values]
