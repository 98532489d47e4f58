"""Numeric targets and thresholds: 約10万トン／年 of リチウム by 2030, 年間 500 トン以上, 倍増 …

A quantity is a target when its sentence states a goal (目標) or sits in a section whose heading
names one (…に関する目標, 効果並びに目標), unless its clause reports a forecast (予測, 試算,
見込 …) or it is the starting value of a change (2019年0.7%から). Of each target:

* year: the deadline (YYYY年まで) of the sentence, else the nearest year before it; failing
  that, the line before when it is a label naming one year and no number (slides write
  「2030年」 above a list), the first row of its table, or the innermost heading over it that
  names one year. A target whose year none of these states is left out, and so is one without
  a subject, each logged with its file and line (in the shipped corpus: 12 eligibility
  thresholds of the 永久磁石 取組方針, 年間500トン以上 …, and the 2011 overview's 30%以上削減,
  which set no year); baseline year from YYYY年比 or the YYYY年N%から start;
* kind: reduction (低減/削減/半減), capacity_threshold (以上), share (%), supply_target (a
  mineral's quantity), other;
* subject, first rule that applies: the mineral written right before the number (リチウム約10万,
  軽希土類（NdPr）約13,000); a product the quantity qualifies (…以上のネオジウム磁石,
  半減したネオジム磁石; coordinated quantities share it); the nearest product named earlier in
  the sentence; the noun right before the number (蓄電池150GWh); the sentence topic (原子力発電は);
  the nearest product in earlier sentences of the section. Products are those the document's
  measures list (see coverage.py), matched on Sudachi's normalized forms.

A target stated twice in a document (same value, unit, year, baseline, kind, and not two
different minerals) is kept once, with the first statement as evidence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Token

from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage
from policy_kg.nlp.extract.quantities import QuantityMention, find_quantities
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.extract.target_years import History, context_year
from policy_kg.nlp.extract.text import YearMention, enclosing_bracket, sentences, year_mentions
from policy_kg.nlp.facts import MeasureCoverage, Target, TargetKind

_GOAL = "目標"
_FORECAST = re.compile(r"予測|予想|試算|推計|見込")
_CLAUSE_END = re.compile(r"[、。]")
_DEADLINE = re.compile(r"\s*まで")  # after a year: 2030年までに
_RATIO = re.compile(r"\s*比")  # after a year: 2020年比
_FROM = re.compile(r"\s*から")
_REDUCTION = re.compile(r"低減|削減|半減")
_AT_LEAST = re.compile(r"\s*以上")
_MODIFIES = re.compile(r"\s*(?:以上|以下|未満)?\s*(?:の|した)")
_COORDINATED = re.compile(r"\s*(?:以上|以下|未満)?\s*、")
_NOUNS = frozenset({"NOUN", "PROPN"})
# Noun classes that modify rather than name a subject: 年間 (助数詞可能; 年間 500 トン is
# annual), うち (副詞可能).
_NOT_SUBJECT_TAGS = ("助数詞可能", "副詞可能")

Products = dict[tuple[str, ...], str]

_LOG = logging.getLogger(__name__)
QUOTE_IN_LOG = 40  # characters of a quote a log line shows (and looks up in the source)


@dataclass(frozen=True)
class _Found:
    quantity: QuantityMention
    passage: AnalyzedPassage
    sentence: tuple[int, int]
    subject: str
    subject_is_mineral: bool
    from_product_after: bool


@extracts(Target, needs=(MeasureCoverage,))
def extract_targets(
    document: AnalyzedDocument, coverages: Iterable[MeasureCoverage] = ()
) -> tuple[Target, ...]:
    products = _product_norms(document, coverages)
    targets: dict[tuple, Target] = {}
    left_out: set[tuple] = set()  # each logged once, however often the text repeats it
    history: History = []
    section: tuple[str, ...] | None = None
    for passage in document.passages:
        if passage.passage.section != section:
            section, history = passage.passage.section, []
        for sentence in sentences(passage.text):
            for target in _sentence_targets(document, passage, sentence, products, history):
                if target.year is None:
                    year = context_year(document, passage, sentence[0], history)
                    target = replace(target, year=year)
                key = _identity(target)
                if key in targets or key in left_out:
                    continue
                if _kept(document, passage, target):
                    targets[key] = target
                else:
                    left_out.add(key)
            history.append((passage, sentence[1]))
    return tuple(targets.values())


def _kept(document: AnalyzedDocument, passage: AnalyzedPassage, target: Target) -> bool:
    """A target with a year and a subject; another is left out, logged with file and line."""
    wanted = (("year", target.year), ("subject", target.subject))
    missing = [name for name, value in wanted if not value]
    if missing:
        _LOG.warning(
            "%s:%d: target %r left out: no %s in its sentence, the line before, its table's "
            "first row or a heading over it",
            document.parsed.source.text_path.name,
            _source_line(document, passage, target.evidence.quote),
            target.evidence.quote[:QUOTE_IN_LOG],
            " or ".join(missing),
        )
    return not missing


def _source_line(document: AnalyzedDocument, passage: AnalyzedPassage, quote: str) -> int:
    source = document.parsed.source.text
    found = source.find(quote[:QUOTE_IN_LOG], passage.passage.start, passage.passage.end)
    return source.count("\n", 0, found if found >= 0 else passage.passage.start) + 1


def _product_norms(document: AnalyzedDocument, coverages: Iterable[MeasureCoverage]) -> Products:
    names = dict.fromkeys(p for c in coverages for p in c.products)
    return {tuple(t.norm_ for t in document.make_doc(name)): name for name in names}


def _identity(target: Target) -> tuple:
    subject = target.subject if target.subject_is_mineral or target.year is None else ""
    return (target.quantity, target.year, target.baseline_year, target.kind, subject)


def _is_goal_context(passage: AnalyzedPassage, sentence_text: str) -> bool:
    return _GOAL in sentence_text or any(_GOAL in h for h in passage.passage.section)


def _sentence_targets(
    document: AnalyzedDocument,
    passage: AnalyzedPassage,
    sentence: tuple[int, int],
    products: Products,
    history: list[tuple[AnalyzedPassage, int]],
) -> list[Target]:
    text = passage.text
    a, b = sentence
    if not _is_goal_context(passage, text[a:b]):
        return []
    years = year_mentions(text, a, b)
    quantities = [q for q in find_quantities(text, a, b) if not _excluded(text, q, b, years)]
    found = [_with_subject(passage, sentence, q, products, history) for q in quantities]
    found = _share_coordinated_subjects(text, found)
    return [_target(document.doc_id, f, years) for f in found]


def _excluded(text: str, quantity: QuantityMention, end: int, years: list[YearMention]) -> bool:
    """A forecast's number, or the starting value of a change (2019年0.7%から)."""
    clause = text[quantity.end : _clause_end(text, quantity.end, end)]
    if _FORECAST.search(clause):
        return True
    starts = any(not text[y.end : quantity.start].strip() for y in years)
    return starts and bool(_FROM.match(text, quantity.end))


def _clause_end(text: str, start: int, end: int) -> int:
    match = _CLAUSE_END.search(text, start, end)
    return match.start() if match else end


def _with_subject(
    passage: AnalyzedPassage,
    sentence: tuple[int, int],
    quantity: QuantityMention,
    products: Products,
    history: list[tuple[AnalyzedPassage, int]],
) -> _Found:
    a, _ = sentence
    found = _Found(quantity, passage, sentence, "", False, False)
    if mineral := _mineral_before(passage, a, quantity.start):
        return _replace(found, mineral, True)
    if product := _product_after(passage, quantity, products):
        return _replace(found, product, False, after=True)
    spans = _product_spans(passage, products, a, quantity.start)
    if spans:
        return _replace(found, spans[-1], False)
    if noun := _noun_before(passage, a, quantity.start):
        return _replace(found, noun, False)
    if topic := _topic(passage, a, quantity.start):
        return _replace(found, topic, False)
    for earlier, end in reversed(history):
        spans = _product_spans(earlier, products, 0, end)
        if spans:
            return _replace(found, spans[-1], False)
    if mineral := _nearest_mineral(passage, a, quantity.start):
        return _replace(found, mineral, True)
    return found


def _replace(found: _Found, subject: str, is_mineral: bool, *, after: bool = False) -> _Found:
    return _Found(found.quantity, found.passage, found.sentence, subject, is_mineral, after)


def _mineral_before(passage: AnalyzedPassage, start: int, position: int) -> str | None:
    before = passage.entities_in(start, position, "mineral")
    if before and not passage.text[before[-1].end : position].strip(" \u3000（）()"):
        return before[-1].key
    return None


def _nearest_mineral(passage: AnalyzedPassage, start: int, position: int) -> str | None:
    """The last mineral named on its own before `position`: not inside brackets (（重稀土）
    explains), not the first word of a compound (希少金属代替材料開発プロジェクト)."""
    following = {t.idx: t for t in passage.doc}
    for entity in reversed(passage.entities_in(start, position, "mineral")):
        after = following.get(entity.end)
        in_compound = after is not None and after.pos_ in _NOUNS
        if enclosing_bracket(passage.text, entity.start) is None and not in_compound:
            return entity.key
    return None


def _product_after(
    passage: AnalyzedPassage, quantity: QuantityMention, products: Products
) -> str | None:
    link = _MODIFIES.match(passage.text, quantity.end)
    if link is None:
        return None
    spans = _product_spans(passage, products, link.end(), len(passage.text))
    return spans[0] if spans and _starts_at(passage, spans[0], link.end()) else None


def _starts_at(passage: AnalyzedPassage, surface: str, position: int) -> bool:
    return passage.text.startswith(surface, position)


def _product_spans(passage: AnalyzedPassage, products: Products, start: int, end: int) -> list[str]:
    """Products named in text[start:end] (by normalized form), in text order, as written."""
    tokens = [t for t in passage.doc if start <= t.idx and t.idx + len(t.text) <= end]
    norms = [t.norm_ for t in tokens]
    found = []
    for i in range(len(tokens)):
        for pattern in products:
            if tuple(norms[i : i + len(pattern)]) == pattern:
                last = tokens[i + len(pattern) - 1]
                found.append(passage.text[tokens[i].idx : last.idx + len(last.text)])
    return found


def _noun_before(passage: AnalyzedPassage, start: int, position: int) -> str | None:
    tokens = _tokens_before(passage, start, position)
    compound: list[Token] = []
    for token in reversed(tokens):
        if token.pos_ not in _NOUNS:
            break
        compound.insert(0, token)
    return _compound_text(passage, compound)


def _compound_text(passage: AnalyzedPassage, compound: list[Token]) -> str | None:
    """The compound without leading adverbial or counter-like nouns (うち, 年間); None if empty."""
    while compound and any(tag in compound[0].tag_ for tag in _NOT_SUBJECT_TAGS):
        compound = compound[1:]
    if not compound:
        return None
    last = compound[-1]
    return passage.text[compound[0].idx : last.idx + len(last.text)]


def _topic(passage: AnalyzedPassage, start: int, position: int) -> str | None:
    """The noun compound marked with は nearest before `position` (風力発電は…)."""
    tokens = _tokens_before(passage, start, position)
    for i in range(len(tokens) - 1, 0, -1):
        if tokens[i].text == "は" and tokens[i - 1].pos_ in _NOUNS:
            j = i - 1
            while j > 0 and tokens[j - 1].pos_ in _NOUNS:
                j -= 1
            return _compound_text(passage, tokens[j:i])
    return None


def _tokens_before(passage: AnalyzedPassage, start: int, position: int) -> list[Token]:
    return [t for t in passage.doc if start <= t.idx and t.idx + len(t.text) <= position]


def _share_coordinated_subjects(text: str, found: list[_Found]) -> list[_Found]:
    """最大エネルギー積が 150 … 以上、保磁力が 800 … 以上のネオジウム磁石: both of the magnet."""
    result = list(found)
    for i in range(len(result) - 2, -1, -1):
        current, following = result[i], result[i + 1]
        if following.from_product_after and _COORDINATED.match(text, current.quantity.end):
            result[i] = _replace(current, following.subject, False, after=True)
    return result


def _target(doc_id: str, found: _Found, years: list[YearMention]) -> Target:
    text = found.passage.text
    a, b = found.sentence
    quantity = found.quantity
    return Target(
        doc_id=doc_id,
        subject=found.subject,
        subject_is_mineral=found.subject_is_mineral,
        quantity=quantity.quantity,
        year=_year(text, quantity, years),
        baseline_year=_baseline_year(text, a, quantity, years),
        approximate=quantity.approximate,
        kind=_kind(text, b, quantity, found.subject_is_mineral),
        evidence=found.passage.evidence(*_quote_span(text, a, b, quantity)),
        as_written=quantity.as_written,
    )


def _year(text: str, quantity: QuantityMention, years: list[YearMention]) -> int | None:
    """The sentence's deadline (YYYY年まで), nearest before the quantity if several; else the
    nearest year before it that is neither a baseline (YYYY年比) nor a starting value."""
    deadlines = [y for y in years if _DEADLINE.match(text, y.end)]
    if deadlines:
        before = [y for y in deadlines if y.start < quantity.start]
        return (before[-1] if before else deadlines[0]).year
    plain = [
        y
        for y in years
        if y.end <= quantity.start
        and not _RATIO.match(text, y.end)
        and not _starts_value(text, y.end)
    ]
    return plain[-1].year if plain else None


def _starts_value(text: str, position: int) -> bool:
    """Whether a number follows at `position` and then から (2019年0.7%から)."""
    after = next(find_quantities(text, position, min(len(text), position + 12)), None)
    return after is not None and after.start == position and bool(_FROM.match(text, after.end))


def _baseline_year(
    text: str, a: int, quantity: QuantityMention, years: list[YearMention]
) -> int | None:
    """From YYYY年比 or a YYYY年N%から start, in the quantity's own clause."""
    clause_start = max(a, text.rfind("、", a, quantity.start) + 1)
    before = [y for y in years if clause_start <= y.start and y.end <= quantity.start]
    ratios = [y for y in before if _RATIO.match(text, y.end)]
    if ratios:
        return ratios[-1].year
    starts = [y for y in before if _starts_value(text, y.end)]
    return starts[-1].year if starts else None


def _kind(text: str, b: int, quantity: QuantityMention, mineral_subject: bool) -> TargetKind:
    clause = text[quantity.start : _clause_end(text, quantity.end, b)]
    if _REDUCTION.search(clause):
        return "reduction"
    if _AT_LEAST.match(text, quantity.end):
        return "capacity_threshold"
    if quantity.quantity.unit == "%":
        return "share"
    return "supply_target" if mineral_subject else "other"


def _quote_span(text: str, a: int, b: int, quantity: QuantityMention) -> tuple[int, int]:
    """The clause around the quantity: from the previous 、 (or sentence start) to the next one."""
    start = max(text.rfind("、", a, quantity.start) + 1, a)
    end = _clause_end(text, quantity.end, b)
    if end < b and text[end] == "。":
        end += 1
    return start, max(end, quantity.end)
