"""Whether a candidate unit speaks of what a question asks a value of: the year, the minerals,
the countries, the kind of magnet and the rate it names.

A value asked for one year, mineral, country or kind of magnet is not answered by a unit about
another, however well it matches the question's other words: 2030年's target is not 2040年's,
リチウム's is not ニッケル's, カナダ's agreement is not 豪州's, フェライト磁石's world share is
not ネオジム磁石's. A unit leaves much of its subject to its context, so the passage, the
passage leading to it (a sub-bullet's bullet), its table header, headings and document title
all count as naming it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from policy_kg.corpus.dates import find_dates, fiscal_years
from policy_kg.corpus.model import Passage
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.qa.measured_units import MeasuredUnit
from policy_kg.qa.question import Question

# The terms of the most recent texts (passages, heading paths, table headers) are remembered:
# a question reads about 20 passages' (retrieve_k), so 4,096 hold the last ~200 questions'.
# Kept without bound, they grew with every question towards every passage of the corpus in a
# long-running server (112,000 passages at 100 copies of the seeds).
TERMS_CACHED = 4096

_WESTERN_YEAR = re.compile(r"(\d{4})年")
# what a question gives as examples: the words before など／等 (レアアースなどの…)
_EXAMPLES = re.compile(r"([^、。,\s]{1,15}?)(?:など|等)")
# the katakana before 磁石: a kind of magnet (フェライト磁石), or the minerals it is named after
_MAGNET = re.compile(r"[ァ-ヶー]+(?=磁石)")

Terms = Callable[[str], frozenset[str]]


@dataclass(frozen=True)
class DocumentContext:
    """What a passage's document says about every passage: its title and its year."""

    title: str
    year: str | None


class SubjectCheck:
    """The year, mineral, country, magnet and rate vetoes of `SentenceRanker`, over its
    remembered terms."""

    def __init__(
        self,
        text_terms: Terms,
        entities: TermEntities,
        documents: Mapping[str, DocumentContext],
        leads: Mapping[str, Passage],
        context_terms: Callable[[Passage], frozenset[str]],
    ) -> None:
        self._text_terms = text_terms
        self._entities = entities
        self._documents = documents
        self._leads = leads  # passage_id -> the passage that leads to it (`service.leading`)
        self._context_terms = context_terms  # the terms of a passage's headings and title
        self._example_terms = lru_cache(maxsize=TERMS_CACHED)(self._examples)
        self._magnets = lru_cache(maxsize=TERMS_CACHED)(self._magnets_named)

    def misses_subject(self, question: Question, query: set[str], unit: MeasuredUnit) -> bool:
        """The unit speaks of another mineral, another country or another kind of magnet than
        the question, or of another percentage than the named rate asked."""
        return (
            self._misses_mineral(question, query, unit)
            or self._misses_country(query, unit)
            or self._misses_magnet(question, unit)
            or self._misses_rate(question, unit)
        )

    def _misses_rate(self, question: Question, unit: MeasuredUnit) -> bool:
        """A named rate is asked (補助率は何パーセントか), and neither the unit's passage, table
        header, headings nor title write it: a share (シェアは約15%) is no subsidy rate. 3 of
        161 unanswerable development questions were answered so (補助率, 税率, リサイクル率),
        and no answerable one asks a rate its answer does not write."""
        if question.rate is None:
            return False
        passage = unit.passage
        title = self._documents[passage.doc_id].title
        scope = " ".join((passage.text, unit.header_text, *passage.section, title))
        return question.rate not in unicodedata.normalize("NFKC", scope)

    def misses_year(self, question: Question, unit: MeasuredUnit) -> bool:
        """Whether the question names a year that neither the unit, its table header, its
        headings and title, nor its document's year has (2030 年 counts as 2030年, and a
        fiscal year as its western year: 平成２４年度 as 2012); a unit naming no year of its own
        also takes those of the text before it in its passage or, first in its passage, of the
        passage leading to it. The one fiscal year of a budget question (2012年度の予算要求) is
        left to the fiscal-year rule (`SentenceRanker._holds_answer`), which lets a budget line
        that names no year take its table's: this veto had refused them all."""
        asked = set(question.years) - {str(question.fiscal_year)}
        if not asked:
            return False
        passage = unit.passage
        context = self._documents[passage.doc_id]
        own = years_named(unit.text)
        if context.year in asked or own & asked:
            return False
        scopes = [unit.header_text, *passage.section, context.title]
        lead = self._leads.get(passage.passage_id)
        if not own:
            # a unit naming no year is read in the years of the text before it in its passage
            # (a list's name line before its description), or, first in its passage, of the
            # passage leading to it
            scopes.append(passage.text[: unit.start])
            if lead is not None and unit.start == 0:
                scopes.append(lead.text)
        return not years_named(" ".join(scopes)) & asked

    def _misses_mineral(self, question: Question, query: set[str], unit: MeasuredUnit) -> bool:
        """The question names minerals, and the unit's passage (a sentence may leave its
        subject to the one before: ただし、本事業による…), the passage leading to it (a
        sub-bullet leaves it to its bullet), its table header, headings and title name none of
        them, nor a broader concept. One is enough: a question also names
        minerals to say what the asked one is for (鉄鋼の添加や電池の正極材に使われるマンガン).
        A mineral given as an example (レアアースなどの代替供給プロジェクト) binds nothing. A
        magnet named after its minerals (ネオジム磁石) is spoken of by a sentence on magnets
        naming no mineral (永久磁石等の設備投資による生産…5年以上とする), not by one on another
        mineral's magnet."""
        asked = self._entities.of(query - self._example_terms(question.normalized), "mineral")
        if not asked:
            return False
        if self._entities.unnamed(asked, self._scope_led(unit)) != asked:
            return False
        named = frozenset().union(*self._magnets(question.normalized))
        magnets = self._entities.of(named, "mineral")
        said = self._text_terms(unit.text)
        return not (asked <= magnets and "磁石" in said and not self._entities.of(said, "mineral"))

    def _misses_country(self, query: set[str], unit: MeasuredUnit) -> bool:
        """The question names a country besides Japan (日本とカナダの協力覚書), and neither the
        unit's passage, the passage leading to it, its table header, headings nor title name
        any place it names. One is enough, as for minerals (EUは中国に頼らない… is answered
        by a text on the EU), and a question naming only regions binds nothing: アフリカの国
        is spoken of by a text naming コンゴ民主共和国. Measured with the ranker fitted
        before it: 2 of 176 unanswerable development questions had been answered by a text on
        another country (豪州's or the US's alone for 米国とオーストラリア), and no answerable
        one is kept from its answer."""
        asked = self._entities.places(query)
        if all(map(self._entities.is_region, asked)):
            return False
        return self._entities.unnamed(asked, self._scope_led(unit)) == asked

    def _misses_magnet(self, question: Question, unit: MeasuredUnit) -> bool:
        """The question names a kind of magnet, and the unit names another while neither it,
        its passage, table header, headings nor title name the one asked: フェライト磁石's
        world share is not ネオジム磁石's (2 of 146 unanswerable development questions were
        answered so, and no answerable one is kept from its answer)."""
        asked = self._magnets(question.normalized)
        if not asked or not _MAGNET.search(unit.text):
            return False
        words = self._scope(unit)
        return not any(m <= words for m in asked)

    def _scope(self, unit: MeasuredUnit) -> frozenset[str]:
        """The terms of the unit's passage, table header, headings and title."""
        passage = unit.passage
        return self._text_terms(passage.text) | unit.header | self._context_terms(passage)

    def _scope_led(self, unit: MeasuredUnit) -> frozenset[str]:
        """The unit's scope and the terms of the passage leading to it."""
        lead = self._leads.get(unit.passage.passage_id)
        scope = self._scope(unit)
        return scope if lead is None else scope | self._text_terms(lead.text)

    def _magnets_named(self, question: str) -> tuple[frozenset[str], ...]:
        """The terms of each magnet a question names, by its kind or its minerals
        (フェライト磁石, ネオジム磁石)."""
        return tuple(map(self._text_terms, _MAGNET.findall(question)))

    def _examples(self, question: str) -> frozenset[str]:
        """The terms a question gives as examples: those before など or 等."""
        return frozenset().union(*map(self._text_terms, _EXAMPLES.findall(question)))


def years_named(text: str) -> set[str]:
    """The western years a text names: 2030年 (or 2030 年), a date in 和暦 (令和7年 is 2025),
    a fiscal year (平成２４年度 is 2012)."""
    plain = "".join(unicodedata.normalize("NFKC", text).split())
    years = set(_WESTERN_YEAR.findall(plain))
    years |= {str(date.year) for date, _, _ in find_dates(text)}
    return years | {str(year) for year in fiscal_years(text)}
