"""Which minerals (or products) each measure covers: legal scope, current focus, conditions.

Measures are the headings directly under a 「実施する個別施策」 heading. A heading that names
the scope of the projects (…の対象範囲, 第3章第1節 「取組の対象範囲」) is not a measure: it
bounds what every measure's projects may concern, so its lists become a `ProgrammeScope`
(in the 2026-03-30 取組方針, 36 minerals in law and 20 for now, which the graph used to show as
a 56-fact measure beside the four real ones). Within a measure or scope section (preferably its
「対象となる品目」 sub-section):

* legal scope: a bracketed enumeration of minerals closed by に限る
  (金属鉱産物（マンガン、…及びリンに限る。）); failing that, under a 品目 heading, the listed
  items themselves: products named by their head noun (ネオジム磁石, 電動車駆動モーター), their
  qualifiers (a relative clause before the head, a bracketed …に限る after it) as conditions;
* current focus: the minerals of the sentence from 当面の間 to …を施策の対象とする
  (or …を取組対象とする);
* conditions: the footnotes linked to the passage holding the list. A footnote that names
  minerals applies to those; one that names none applies to the mineral carrying its marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage, Entity
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.extract.text import (
    CLOSE_BRACKETS,
    bracketed_spans,
    closing_bracket,
    enclosing_bracket,
    list_items,
    outside_brackets,
    sentence_at,
    sentences,
    strip_enumerator,
)
from policy_kg.nlp.facts import Condition, CoverageScope, MeasureCoverage, ProgrammeScope

_MEASURE_PARENT = "実施する個別施策"
# A heading ending so names the range the projects must fall in (取組の対象範囲), not a measure.
_SCOPE_HEADING = re.compile(r"対象範囲$")
_ITEMS_HEADING = "対象となる品目"
_LIMIT = "に限る"
_FOCUS_START = "当面の間"
_FOCUS_END = re.compile(r"を(?:施策の|取組)対象とする")
_NOUNS = frozenset({"NOUN", "PROPN", "NUM"})
_PREDICATES = frozenset({"VERB", "AUX"})


@extracts(MeasureCoverage)
def extract_coverages(document: AnalyzedDocument) -> tuple[MeasureCoverage, ...]:
    """What each measure covers: its legal scope and current focus."""
    coverages: list[MeasureCoverage] = []
    for heading in measure_headings(document):
        coverages.extend(_section_coverages(document, heading))
    return tuple(coverages)


@extracts(ProgrammeScope)
def extract_programme_scopes(document: AnalyzedDocument) -> tuple[ProgrammeScope, ...]:
    """What the programme as a whole covers, from the sections headed …の対象範囲."""
    return tuple(
        ProgrammeScope(c.doc_id, c.measure, c.scope, c.minerals, c.conditions, c.evidence)
        for heading in scope_headings(document)
        for c in _section_coverages(document, heading)
        if c.minerals
    )


def measure_headings(document: AnalyzedDocument) -> list[AnalyzedPassage]:
    return [
        p
        for p in document.passages
        if p.passage.kind == "heading"
        and len(p.passage.section) > 1
        and _MEASURE_PARENT in p.passage.section[-2]
        and not is_scope_heading(p.text)
    ]


def scope_headings(document: AnalyzedDocument) -> list[AnalyzedPassage]:
    return [
        p for p in document.passages if p.passage.kind == "heading" and is_scope_heading(p.text)
    ]


def is_scope_heading(text: str) -> bool:
    """取組の対象範囲 and the like: the heading names a scope, which a measure is not."""
    return _SCOPE_HEADING.search(strip_enumerator(text).strip()) is not None


def _section_coverages(
    document: AnalyzedDocument, heading: AnalyzedPassage
) -> list[MeasureCoverage]:
    section = heading.passage.section
    scope = [p for p in document.under(section) if p.passage.kind != "heading"]
    items = [p for p in scope if _ITEMS_HEADING in "".join(p.passage.section[len(section) :])]
    measure = strip_enumerator(heading.text)
    legal = _mineral_scope(document, measure, items or scope)
    if legal is None and items:
        legal = _product_scope(document, measure, items)
    focus = _current_focus(document, measure, items or scope)
    return [c for c in (legal, focus) if c is not None]


def _coverage(
    document: AnalyzedDocument,
    measure: str,
    scope: CoverageScope,
    minerals: Iterable[str] = (),
    products: Iterable[str] = (),
    conditions: Iterable[Condition] = (),
    *,
    passage: AnalyzedPassage,
    span: tuple[int, int],
) -> MeasureCoverage:
    return MeasureCoverage(
        doc_id=document.doc_id,
        measure=measure,
        scope=scope,
        minerals=tuple(dict.fromkeys(minerals)),
        products=tuple(dict.fromkeys(products)),
        conditions=tuple(conditions),
        evidence=passage.evidence(*span),
    )


def _named_coverage(
    document: AnalyzedDocument,
    measure: str,
    scope: CoverageScope,
    minerals: Iterable[Entity],
    passage: AnalyzedPassage,
    span: tuple[int, int],
) -> MeasureCoverage:
    """The coverage of the minerals one passage names, under the conditions of its footnotes."""
    keys = (e.key for e in minerals)
    conditions = footnote_conditions(document, passage)
    return _coverage(
        document, measure, scope, keys, conditions=conditions, passage=passage, span=span
    )


def _mineral_scope(
    document: AnalyzedDocument, measure: str, passages: list[AnalyzedPassage]
) -> MeasureCoverage | None:
    """The bracketed mineral enumeration closed by に限る, if the measure has one."""
    for passage in passages:
        text = passage.text
        for match in re.finditer(_LIMIT, text):
            opening = enclosing_bracket(text, match.start())
            if opening is None:
                continue
            minerals = _enumerated_minerals(passage, opening + 1, match.start())
            if minerals:
                start = sentence_at(text, opening)[0]
                span = (start, closing_bracket(text, opening) + 1)
                return _named_coverage(document, measure, "legal_scope", minerals, passage, span)
    return None


def _enumerated_minerals(passage: AnalyzedPassage, start: int, end: int) -> list[Entity]:
    """The minerals of text[start:end] if it is an enumeration of two or more minerals only."""
    found = []
    for a, b in list_items(passage.text, start, end):
        whole = [e for e in passage.entities_in(a, b, "mineral") if (e.start, e.end) == (a, b)]
        if not whole:
            return []
        found.append(whole[0])
    return found if len(found) > 1 else []


def _product_scope(
    document: AnalyzedDocument, measure: str, passages: list[AnalyzedPassage]
) -> MeasureCoverage | None:
    """Listed items that are not minerals: products by head noun, qualifiers as conditions."""
    minerals: list[str] = []
    products: list[str] = []
    conditions: list[Condition] = []
    for passage in passages:
        start, end = sentences(passage.text)[0]
        for a, b in _items(passage, start, end):
            head = _head_noun(passage, a, b)
            if head is None:
                continue
            named = passage.entities_in(*head, "mineral")
            if len(named) == 1 and (named[0].start, named[0].end) == head:
                minerals.append(named[0].key)
                continue
            product = passage.text[head[0] : head[1]]
            products.append(product)
            conditions.extend(_qualifiers(passage, a, b, head, product))
    if not (minerals or products):
        return None
    first = passages[0]
    return _coverage(
        document,
        measure,
        "legal_scope",
        minerals,
        products,
        conditions,
        passage=first,
        span=sentences(first.text)[0],
    )


def _items(passage: AnalyzedPassage, start: int, end: int) -> list[tuple[int, int]]:
    """One item if the text outside brackets holds a predicate (a qualified noun), else a list."""
    parts = outside_brackets(passage.text, start, end)
    if any(t.pos_ in _PREDICATES for a, b in parts for t in _tokens(passage, a, b)):
        return [(start, end)]
    return list_items(passage.text, start, end)


def _tokens(passage: AnalyzedPassage, start: int, end: int) -> list[Token]:
    return [t for t in passage.doc if start <= t.idx and t.idx + len(t.text) <= end]


def _head_noun(passage: AnalyzedPassage, start: int, end: int) -> tuple[int, int] | None:
    """The compound noun closing the item (before any trailing bracket)."""
    parts = outside_brackets(passage.text, start, end)
    if not parts:
        return None
    a, b = parts[0] if len(parts) == 1 else _last_text_part(passage.text, parts)
    head_start = None
    for token in reversed(_tokens(passage, a, b)):
        if token.pos_ not in _NOUNS:
            break
        head_start = token.idx
    return None if head_start is None else (head_start, b)


def _last_text_part(text: str, parts: list[tuple[int, int]]) -> tuple[int, int]:
    """The last part that holds more than punctuation."""
    for a, b in reversed(parts):
        if text[a:b].strip("、。 \u3000" + CLOSE_BRACKETS):
            return a, b
    return parts[-1]


def _qualifiers(
    passage: AnalyzedPassage,
    start: int,
    end: int,
    head: tuple[int, int],
    product: str,
) -> list[Condition]:
    conditions = []
    text = passage.text
    before = (start, head[0])
    if text[start : head[0]].strip():
        conditions.append(_condition(passage, before, product))
    for a, b in bracketed_spans(text, head[1], end):
        limit = text.find(_LIMIT, a, b)
        if limit >= 0:
            conditions.append(_condition(passage, (a + 1, limit + len(_LIMIT)), product))
    return conditions


def _condition(passage: AnalyzedPassage, span: tuple[int, int], product: str) -> Condition:
    evidence = passage.evidence(*span)
    named = passage.entities_in(*span, "mineral")
    return Condition(
        minerals=tuple(dict.fromkeys(e.key for e in named)),
        text=evidence.quote,
        evidence=evidence,
        products=(product,),
    )


def _current_focus(
    document: AnalyzedDocument, measure: str, passages: list[AnalyzedPassage]
) -> MeasureCoverage | None:
    for passage in passages:
        text = passage.text
        start = text.find(_FOCUS_START)
        if start < 0:
            continue
        a, b = sentence_at(text, start)
        end = _FOCUS_END.search(text, start, b)
        if end is None:
            continue
        minerals = passage.entities_in(start, end.start(), "mineral")
        return _named_coverage(document, measure, "current_focus", minerals, passage, (a, b))
    return None


def footnote_conditions(document: AnalyzedDocument, passage: AnalyzedPassage) -> list[Condition]:
    """A condition per footnote linked to `passage`, on the minerals it names or is attached to."""
    conditions = []
    for footnote in document.footnotes_of(passage):
        named = [e.key for e in footnote.entities if e.entity_type == "mineral"]
        if not named:
            named = _marked_minerals(document, passage, footnote)
        span = sentences(footnote.text)[0] if footnote.text.strip() else (0, 0)
        evidence = footnote.evidence(*span)
        conditions.append(Condition(tuple(dict.fromkeys(named)), evidence.quote, evidence))
    return conditions


def _marked_minerals(
    document: AnalyzedDocument, passage: AnalyzedPassage, footnote: AnalyzedPassage
) -> list[str]:
    number = footnote.passage.footnote_number
    anchor = None if number is None else document.footnote_anchor(passage, number)
    if anchor is None:
        return []
    return [e.key for e in passage.entities if e.entity_type == "mineral" and e.end == anchor]
