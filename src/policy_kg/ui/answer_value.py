"""The value an answer gives, shown before the sentence it comes from, and where that value is
written in each quote.

Answers read from the graph put the value on a line before the quote (`中国 55%、チリ 30%` then
the sentence), the text answerer puts the heading naming the entity asked for before the
sentence, and a target answer is the sentence itself with its targets as facts. That sentence
can be a whole 317-character paragraph (the 2030 battery-metal targets of the 取組方針), all in
yellow when the quote is marked, while the reader asked for 12 of its characters
(ニッケル約9万トン／年). So in a quote the value is marked where it is written, and the rest of
the quote is set apart more quietly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from policy_kg.qa.model import Answer, Fact

# A number as the corpus writes one: 約9万トン／年, 約55%, 13,000トン, 3.2倍, 2030年.
NUMBER = (
    r"(?:約|およそ|概ね)?\d[\d,，.．]*\s*(?:万|億|千)?\s*(?:トン|t|%|％|倍|円|GWh|年)?(?:／年|/年)?"
)
# At most this many characters between a name and its value: the joiners seen in the corpus's
# answers are が (中国が約55%), は, （）and ：, one or two characters; a third allows 「が、」. A
# wider gap reaches values of other names (ニッケル等のバッテリーメタルについては、2030年).
MAX_GAP = 3
_GAP = rf"[^。、，,\d]{{0,{MAX_GAP}}}?"
_PIECES = re.compile(r"[、\n]")
_NUMERIC_START = re.compile(r"(約|およそ|概ね)?\d")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万|億|千)?")
_MULTIPLIERS = {"万": 10_000, "億": 100_000_000, "千": 1_000}


@dataclass(frozen=True)
class AnswerParts:
    """An answer split for showing: `value` first ('' when the answer carries none apart from
    its sentence), then `sentence`; `names` are what the value is about (中国, ニッケル), to
    find it by in a quote that does not hold `value` verbatim."""

    value: str
    sentence: str
    names: tuple[str, ...] = ()

    @property
    def pieces(self) -> tuple[str, ...]:
        """The value's parts (`中国 55%`, `チリ 30%`), each possibly verbatim in a quote."""
        return _pieces(self.value)


def answer_parts(answer: Answer) -> AnswerParts:
    """The value and the sentence of an answer (`ask` in docs/interface.md §3)."""
    text = answer.answer
    quote = answer.citations[0].quote if answer.citations else ""
    facts = answer.facts
    names = _fact_names(facts)
    if quote and text != quote and text.endswith(quote):
        value = text[: -len(quote)].strip()
        return AnswerParts(value, quote, _unique(names + _leading_names(_pieces(value))))
    if quote and text == quote and facts:
        value = "、".join(f"{f.subject} {f.object}".strip() for f in facts)
        return AnswerParts(value, text, names)
    return AnswerParts("", text, names)


def value_spans(quote: str, parts: AnswerParts) -> tuple[tuple[int, int], ...]:
    """Where in `quote` the value is written, as (start, end) ranges, sorted and disjoint: each
    piece of the value found verbatim, else each name next to a number (either side, at most
    MAX_GAP characters apart) whose amount is one the value states (9万 for 90000)."""
    if not parts.value:
        return ()
    spans = [_find(quote, piece) for piece in parts.pieces]
    found = [span for span in spans if span is not None]
    if not found:
        amounts = {_amount(m.group()) for m in re.finditer(NUMBER, parts.value)}
        for name in parts.names:
            name = re.escape(name)
            for pattern in (rf"{name}{_GAP}{NUMBER}", rf"{NUMBER}{_GAP}{name}"):
                found.extend(
                    m.span() for m in re.finditer(pattern, quote) if _amount(m.group()) in amounts
                )
    return _disjoint(found)


def _pieces(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _PIECES.split(value) if p.strip())


def _find(text: str, piece: str) -> tuple[int, int] | None:
    start = text.find(piece)
    return (start, start + len(piece)) if start >= 0 else None


def _amount(text: str) -> Decimal | None:
    """The first number written in `text`, with 万, 億 or 千 applied: 約9万トン -> 90000."""
    found = _AMOUNT.search(unicodedata.normalize("NFKC", text).replace(",", ""))
    if found is None:
        return None
    return Decimal(found.group(1)) * _MULTIPLIERS.get(found.group(2), 1)


def _fact_names(facts: Sequence[Fact]) -> tuple[str, ...]:
    """The subjects of the facts, and the leading name of each object (中国 of `中国 55%`)."""
    subjects = tuple(f.subject for f in facts)
    objects = _leading_names(tuple(f.object for f in facts))
    return _unique(subjects + objects)


def _leading_names(pieces: tuple[str, ...]) -> tuple[str, ...]:
    """The first word of each piece, unless it is a number (約90000トン／年 names nothing)."""
    words = (piece.split()[0] for piece in pieces if piece.split())
    return tuple(w for w in words if not _NUMERIC_START.match(w))


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def _disjoint(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted, overlapping ranges merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
