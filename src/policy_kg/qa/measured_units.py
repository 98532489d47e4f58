"""An answer unit of a retrieved passage as the sentence ranker measures it: its terms, whether
it holds what the question asks for (`UnitFit`), and the neighbours joined when the value asked
for follows its subject in the next sentence. Apart from `sentence_ranking` so that each file
keeps to one job: this one holds the records, that one the measuring.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.nlp.term_entities import EntityRef


@dataclass(frozen=True)
class UnitFit:
    typed: bool  # the question asks for something of a kind
    fits: bool  # the unit (or its heading) holds one
    in_heading: bool  # only the heading does
    value: bool = False  # what is asked is a value: a unit without one cannot answer
    year_miss: bool = False  # the question names a year the unit and its context do not
    holds: bool = False  # the unit (or its heading) holds what is asked, whatever the year
    other_year: bool = False  # it states an amount, of another fiscal year than the one asked
    lead: Passage | None = None  # only the line leading to its passage does ((2026.1.6) ⏎ ・…)


UNTYPED = UnitFit(False, False, False)

# A word in katakana (3 or more) or Latin letters names a thing: a substance, a place, a body,
# a scheme (ヘリウム, グリーンランド, CBAM). Asked and never used by the corpus, the question is
# most likely about something the texts do not treat; a paraphrase swaps the texts' formal
# words for everyday ones, mostly Japanese. Of the 1,961 development questions, 88 of the 380
# unanswerable hold one and 32 of the 1,581 answerable, leaving out the words that name a part
# of a document (スライド, ページ, グラフ: 44 answerable questions use one).
_NAME = re.compile(r"[ァ-ヶー・]{3,}|[a-z][a-z0-9\-/]+")
_DOCUMENT_PARTS = frozenset({"スライド", "ページ", "グラフ"})
# The words that open a statement of its own, not the figure of the sentence before
NEW_STATEMENT = re.compile(r"\s*(また|さらに|更に|一方|他方|なお|加えて)\s*[、,，]")


@dataclass(frozen=True)
class MeasuredUnit:
    """One candidate span of a retrieved passage, with its terms."""

    rank: int
    scored: ScoredPassage
    index: int
    count: int
    start: int
    end: int
    found: tuple[str, ...]
    header: frozenset[str]  # terms of a table row's header rows
    cosine: float  # e5 cosine of the unit's own text with the question
    placed_cosine: float  # the same for the unit placed under its title and section path
    kind: str
    header_text: str = ""  # a table row's header rows
    fit: UnitFit = UNTYPED
    joined: bool = False

    @property
    def passage(self) -> Passage:
        return self.scored.passage

    @property
    def text(self) -> str:
        return self.scored.passage.text[self.start : self.end]


@dataclass(frozen=True)
class QuestionTerms:
    """What the question's terms say about it, the same for every candidate."""

    known: dict[str, float]  # the terms the corpus uses (or one of their expansions), by IDF
    unknown_share: float  # the share of its terms the corpus never uses
    anchors: frozenset[EntityRef]  # the minerals, agencies and countries it names
    unknown_name: bool = False  # it names a thing in katakana or Latin the corpus never uses

    @classmethod
    def of(
        cls,
        weights: dict[str, float],
        expansions: dict[str, frozenset[str]],
        known: Callable[[str], bool],
        anchors: set[EntityRef],
    ) -> QuestionTerms:
        used = {
            t: w
            for t, w in weights.items()
            if known(t) or any(known(e) for e in expansions.get(t, ()))
        }
        share = 1 - len(used) / len(weights) if weights else 0.0
        unknown = (t for t in weights if t not in used and t not in _DOCUMENT_PARTS)
        named = any(_NAME.fullmatch(t) for t in unknown)
        return cls(used, share, frozenset(anchors), named)


def joined_units(units: list[MeasuredUnit]) -> list[MeasuredUnit]:
    """Neighbours of one passage as one unit, where the first lacks the value asked for and
    the second holds it (the subject in one sentence, the figure in the next). A first unit
    stating an amount of another year is no subject waiting for its figure: 令和7年度予備費：
    JOGMEC出資金 390億円 joined to the next line's 令和8年度 amount, of another item, answered
    what 令和8年度's JOGMEC出資金 was (three unanswerable development questions).

    Nor is a second sentence that opens a statement of its own (また、さらに、一方、なお、):
    2020年のエネルギー法では…支援措置が発表された。 joined to また、2021年のインフラ投資・雇用法
    では…約70億ドルの予算を割り当て answered what budget the 2020 law had, which the texts never
    say (a question written after the development set, before it was run). In one collection of
    the development questions' candidates, 294 were joined across such a word; the best of 3
    unanswerable questions answered out of fold was one, and of 2 answerable ones answered
    right, whose second sentence alone holds the answer too."""
    out = []
    for first, second in pairwise(units):
        between = first.passage.text[first.end : second.start]
        if (
            first.fit.typed
            and not first.fit.holds
            and not first.fit.other_year
            and second.fit.holds
            and not between.strip()
            and not NEW_STATEMENT.match(second.text)
        ):
            year_miss = first.fit.year_miss and second.fit.year_miss
            out.append(
                replace(
                    first,
                    end=second.end,
                    found=first.found + second.found,
                    header=first.header | second.header,
                    cosine=max(first.cosine, second.cosine),
                    placed_cosine=max(first.placed_cosine, second.placed_cosine),
                    fit=replace(
                        second.fit,
                        fits=not (second.fit.value and year_miss),
                        year_miss=year_miss,
                    ),
                    joined=True,
                )
            )
    return out
