"""Answer units: the spans of a passage that an answer may quote, verbatim.

An answer cites a span of a retrieved passage. Sentences alone miss much of what the corpus
states: on the development questions, answers were lost in table rows, in title-block lines (first
issue, 改定 and 適用 dates) and in counts stated in headings. So a unit follows the passage's
form: a table row (with the table's header rows as context, so its cells can be read), each
numbered item of a row that lays out several (a slide's ① … | ⑩ … side by side), a
bullet or a line of a 【…】 slide section, a title-block line, a line of the table of contents
(with its chapter's line as context), a whole footnote, a whole heading, and in running prose
a sentence. The units of a passage do not overlap, are never empty and carry no surrounding
white space; `join_adjacent` makes one answer of two neighbours when the second holds the
asked value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from policy_kg.corpus import tables
from policy_kg.corpus.model import Passage
from policy_kg.corpus.sentences import sentence_spans

UnitKind = Literal[
    "sentence",
    "table_row",
    "table_item",
    "bullet",
    "title_line",
    "contents_line",
    "footnote",
    "heading",
]

_SLIDE_SECTION_OPEN = "【"  # a slide's 【米国】, 【論点 1：…】 section: one statement a line
_ITEM_MARKER = re.compile("[①-⑳]")  # what starts a numbered item: ① … ⑳


@dataclass(frozen=True)
class AnswerUnit:
    """A span of `passage.text` (`start`/`end`), what kind of span it is, and for a table row
    the table's header rows, for a line of the table of contents its chapter's line (`context`,
    empty otherwise)."""

    start: int
    end: int
    kind: UnitKind
    context: str = ""

    def quote(self, passage: Passage) -> str:
        return passage.text[self.start : self.end]


def answer_units(passage: Passage) -> tuple[AnswerUnit, ...]:
    """The units of a passage in reading order."""
    text = passage.text
    if passage.kind == "table":
        return _table_units(text)
    if passage.kind in ("heading", "footnote"):
        return _units(text, [(0, len(text))], passage.kind)
    if passage.kind == "title":
        return _units(text, _split_spans(text, "\n"), "title_line")
    if passage.kind == "contents":
        return _contents_units(text)
    if passage.kind == "list" or _in_slide_section(passage):
        return _units(text, _split_spans(text, "\n"), "bullet")
    return _units(text, sentence_spans(text), "sentence")


def join_adjacent(passage: Passage, first: AnswerUnit, second: AnswerUnit) -> AnswerUnit:
    """One unit spanning two neighbouring units of `passage` (only white space between them).

    Raises ValueError when they are not neighbours in this passage.
    """
    between = passage.text[first.end : second.start]
    inside = 0 <= first.start < first.end <= second.start < second.end <= len(passage.text)
    if not inside or between.strip():
        raise ValueError(
            f"passage {passage.passage_id}: units {first.start}-{first.end} and "
            f"{second.start}-{second.end} are not neighbours"
        )
    return AnswerUnit(first.start, second.end, first.kind, first.context or second.context)


def _in_slide_section(passage: Passage) -> bool:
    return any(heading.startswith(_SLIDE_SECTION_OPEN) for heading in passage.section)


def _split_spans(
    text: str, separator: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """The spans of `text[start:end]` between its separators (its lines for "\n")."""
    spans = []
    for piece in text[start:end].split(separator):
        spans.append((start, start + len(piece)))
        start += len(piece) + len(separator)
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _units(text: str, spans: list[tuple[int, int]], kind: UnitKind) -> tuple[AnswerUnit, ...]:
    trimmed = (_trimmed(text, a, b) for a, b in spans)
    return tuple(AnswerUnit(span[0], span[1], kind) for span in trimmed if span)


def _table_units(text: str) -> tuple[AnswerUnit, ...]:
    """One unit a row (or one a numbered item, `_numbered_items`); the rows after the header
    carry the header rows as context."""
    rows = _units(text, _split_spans(text, "\n"), "table_row")
    cells = [text[row.start : row.end] for row in rows]
    count = tables.header_row_count(cells)
    header = "\n".join(cells[:count])
    body = (
        _numbered_items(text, row, header) or (AnswerUnit(row.start, row.end, "table_row", header),)
        for row in rows[count:]
    )
    return rows[:count] + tuple(unit for units in body for unit in units)


def _contents_units(text: str) -> tuple[AnswerUnit, ...]:
    """One unit a line; the lines after a chapter's first carry that line as context."""
    lines = _units(text, _split_spans(text, "\n"), "contents_line")
    chapter = text[lines[0].start : lines[0].end] if lines else ""
    return lines[:1] + tuple(replace(line, context=chapter) for line in lines[1:])


def _numbered_items(text: str, row: AnswerUnit, header: str) -> tuple[AnswerUnit, ...]:
    """The cells of a row whose every cell is a numbered item (① AI・半導体 … | ⑩ 創薬 …): a
    slide's two columns of items, side by side in one row, that have nothing to do with each
    other; empty when the row is a record of one thing. As one row, the quote for one item
    carried the other, whose figures could answer for it. With the items apart, out of fold
    over five fold assignments (bench/fit_ranker.py's folds), a supporting unit came first for
    0.765 of the 283 answerable development questions, against 0.761."""
    cells = _split_spans(text, tables.CELL_SEPARATOR, row.start, row.end)
    items = _units(text, cells, "table_item")
    if len(items) < 2 or not all(_ITEM_MARKER.match(text[item.start : item.end]) for item in items):
        return ()
    return tuple(replace(item, context=header) for item in items)
