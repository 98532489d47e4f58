"""Small helpers over Japanese passage text: sentences, brackets, list items, headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.corpus.dates import find_dates
from policy_kg.corpus.sentences import sentence_spans

OPEN_BRACKETS = "（(「『【［〔"
CLOSE_BRACKETS = "）)」』】］〕"
LIST_SEPARATOR = re.compile(r"、|及び|並びに|又は")
# Enumerators in front of a heading: （1） (3) （４） 第1節 ① ア (ア) 1．
_ENUMERATOR = re.compile(
    r"^\s*(?:[（(][0-9０-９]+[）)]|第\s*[0-9０-９一二三四五六七八九十]+\s*[章節]|[①-⑳]"
    r"|[（(]?[ア-ン][）)]?(?=[\s　])|[0-9０-９]+[．.])\s*"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text` without surrounding white space; empty ones dropped."""
    spans = []
    for a, b in sentence_spans(text):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The span of the sentence holding `position` (the whole text if none does)."""
    for a, b in sentences(text):
        if a <= position < b:
            return a, b
    return 0, len(text)


def closing_bracket(text: str, index: int) -> int:
    """Index of the bracket closing the one at `index`, or len(text) when it never closes."""
    depth = 0
    for i in range(index, len(text)):
        if text[i] in OPEN_BRACKETS:
            depth += 1
        elif text[i] in CLOSE_BRACKETS:
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def enclosing_bracket(text: str, position: int) -> int | None:
    """Index of the innermost bracket still open at `position`, or None."""
    stack: list[int] = []
    for i in range(position):
        if text[i] in OPEN_BRACKETS:
            stack.append(i)
        elif text[i] in CLOSE_BRACKETS and stack:
            stack.pop()
    return stack[-1] if stack else None


def bracketed_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level bracketed spans (brackets included) inside text[start:end]."""
    spans = []
    i = start
    while i < end:
        if text[i] in OPEN_BRACKETS:
            close = min(closing_bracket(text, i), end - 1)
            spans.append((i, close + 1))
            i = close + 1
        else:
            i += 1
    return spans


def outside_brackets(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of text[start:end] not inside any top-level bracket."""
    parts = []
    cursor = start
    for a, b in bracketed_spans(text, start, end):
        if cursor < a:
            parts.append((cursor, a))
        cursor = b
    if cursor < end:
        parts.append((cursor, end))
    return parts


def list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Items of an enumeration in text[start:end], split on 、/及び/並びに/又は outside brackets."""
    cuts = [
        (m.start(), m.end())
        for a, b in outside_brackets(text, start, end)
        for m in LIST_SEPARATOR.finditer(text, a, b)
    ]
    items = []
    cursor = start
    for a, b in cuts:
        items.append((cursor, a))
        cursor = b
    items.append((cursor, end))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in items) if a < b]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "、"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in "、。"):
        b -= 1
    return a, b


def strip_enumerator(heading: str) -> str:
    """A heading without its leading number or letter: （1）探鉱・FS支援 -> 探鉱・FS支援."""
    return _ENUMERATOR.sub("", heading, count=1).strip()


@dataclass(frozen=True)
class YearMention:
    year: int
    start: int
    end: int


def year_mentions(text: str, start: int, end: int) -> list[YearMention]:
    """Years named on their own in text[start:end] (2030年, 令和12年 -> 2030), in text order.

    Full dates (2022年8月31日) and fiscal years (2020年度) are not year mentions.
    """
    return [
        YearMention(date.year, start + a, start + b)
        for date, a, b in find_dates(text[start:end])
        if date.month is None
    ]
