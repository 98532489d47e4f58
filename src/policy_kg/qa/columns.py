"""Values a table row states by its column: a count under 案件数, an amount under 補助額.

A row of a table may state its figures bare and leave their unit to the header: in the 2011
overview, whose tables reached the text as lines of cells split by spaces, the header line
(鉱種 案件数 主な回収先 補助額) stands apart from its rows (タングステン １６ 超硬工具等 ８．８億),
with multi-line rows between. Asked how many recycling projects or what subsidy a mineral got,
no row held a count (16件) or an amount (8.8億円), and four development questions from four
blind rounds abstained. `space_table_headers` finds the header line such rows follow, and
`holds_by_column` reads a row's cell by the name of its column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from policy_kg.corpus.model import Passage
from policy_kg.corpus.tables import CELL_SEPARATOR

ColumnValue = Literal["count", "money"]

MIN_CELLS = 3  # fewer space-split words are a phrase, not a table's header
MAX_HEADER_CELL_CHARS = 12  # a column name, not a phrase
_DIGIT = re.compile(r"\d")
# the name of a column of counts (案件数, 社数) or of amounts (補助額, 予算)
_COLUMN: dict[ColumnValue, re.Pattern[str]] = {
    "count": re.compile(r"数$"),
    "money": re.compile(r"額|予算|費用"),
}
# what such a column's cell holds: a bare number, an amount with its scale (８．８億)
_CELL: dict[ColumnValue, re.Pattern[str]] = {
    "count": re.compile(r"\d[\d,]*"),
    "money": re.compile(r"\d[\d,.]*\s*(兆|億|万|千|百万)?\s*円?"),
}


def cells(line: str) -> list[str]:
    """A row's cells: split at ` | ` where the parser joined them, else at white space."""
    plain = unicodedata.normalize("NFKC", line).strip()
    if CELL_SEPARATOR.strip() in plain:
        return [cell.strip() for cell in plain.split(CELL_SEPARATOR.strip())]
    return plain.split()


def is_header_line(text: str) -> bool:
    """One line of at least three short cells (split by spaces, or by ` | ` in a parsed
    table), none with a figure: the names of a table's columns."""
    found = cells(text)
    return (
        "\n" not in text.strip()
        and len(found) >= MIN_CELLS
        and all(len(c) <= MAX_HEADER_CELL_CHARS and not _DIGIT.search(c) for c in found)
    )


def space_table_headers(passages: Iterable[Passage]) -> dict[str, str]:
    """passage_id -> the space-split header line before it under the same heading, for every
    passage after one (in document order)."""
    headers: dict[str, str] = {}
    header: Passage | None = None
    for passage in passages:
        if header is not None and _place(header) != _place(passage):
            header = None  # another heading's text
        if passage.kind in ("heading", "title", "contents"):
            header = None
        elif is_header_line(passage.text):
            header = passage
        elif header is not None:
            headers[passage.passage_id] = header.text
    return headers


def _place(passage: Passage) -> tuple[str, tuple[str, ...]]:
    return passage.doc_id, passage.section


def row_header(header: str, row: str) -> str:
    """`header` when `row` has as many cells as it (a row of its table), else nothing."""
    return header if header and len(cells(row)) == len(cells(header)) else ""


def holds_by_column(value: ColumnValue, row: str, header: str) -> bool:
    """Whether a cell of `row` is a figure under a column `header` names as `value`'s."""
    if not header:
        return False
    names = cells(header.split("\n")[-1])
    found = cells(row)
    return len(names) == len(found) and any(
        _COLUMN[value].search(name) and _CELL[value].fullmatch(cell)
        for name, cell in zip(names, found, strict=True)
    )
