"""The metadata a title block states: title, issuer, this revision's date, the revisions it
lists (改定 lines) and whether it is a draft (a date left blank, 〇月〇日, or a 案 stamp).
An issuer the block leaves unnamed or names in part is completed from the text (`issuer`).

The block is found as the corpus parser finds it (`structure.split_front_matter`): the lines
down to the last leading date and the short issuer lines after it. Dates are read with the
corpus's own era table (`dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.corpus.dates import DateParseError, find_dates, parse_japanese_date
from policy_kg.corpus.ingest.issuer import complete_issuer
from policy_kg.corpus.model import KnownRevision, PartialDate
from policy_kg.corpus.structure import (
    HANDOUT_NUMBER,
    MARKDOWN_HEADING,
    split_front_matter,
    split_lines,
    take_stamps,
)

# a date line of the title block is short: 令和8年3月30日改定, （2026年2月19日）
DATE_LINE_CHARS = 24
_DRAFT_MARK = re.compile(r"[（(]\s*案\s*[）)]|^案$|素案|たたき台")
_BLANK_DATE = re.compile(r"[〇○◯]\s*月|[〇○◯]\s*日")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])[ \u3000]+(?=[^\x00-\x7f])")


@dataclass(frozen=True)
class TitleBlock:
    """What the title block says; empty strings and None where it says nothing."""

    title: str
    issuer: str
    revision: PartialDate | None
    revision_label: str
    known_revisions: tuple[KnownRevision, ...]
    draft: bool


def read_title_block(text: str) -> TitleBlock:
    # a stamp (仮訳, （案）) is read apart, wherever it was printed: the first page may carry it
    # above the title
    unstamped, stamps = take_stamps(split_lines(text))
    title_lines, _toc, _body = split_front_matter(unstamped)
    lines = tuple(_plain(line.stripped) for line in title_lines)
    dated = [(i, d) for i, line in enumerate(lines) for d in [_line_date(line)] if d]
    title_end = dated[0][0] if dated else len(lines)
    title_parts = [line for line in lines[:title_end] if not HANDOUT_NUMBER.match(line)]
    if dated and dated[0][1][1]:  # the first date shares its line with the title
        title_parts.append(dated[0][1][1])
    last = dated[-1][0] if dated else len(lines) - 1
    revisions = tuple(KnownRevision(d.iso, label) for _, (d, _rest, label) in dated)
    revision = dated[-1][1][0] if dated else None
    return TitleBlock(
        title=_join(title_parts),
        issuer=complete_issuer("".join("".join(lines[last + 1 :]).split()), text),
        revision=revision,
        revision_label=dated[-1][1][2] if dated else "",
        known_revisions=revisions,
        draft=any(
            _DRAFT_MARK.search(line) or _BLANK_DATE.search(line)
            for line in (*lines, *(stamp.stripped for stamp in stamps))
        ),
    )


def _plain(line: str) -> str:
    return match.group(2) if (match := MARKDOWN_HEADING.match(line)) else line


def _line_date(line: str) -> tuple[PartialDate, str, str] | None:
    """(date, the text before it on the line, the label) for a line ending with one date."""
    found = find_dates(line)
    if len(found) != 1:
        return None
    _date, start, _end = found[0]
    before = line[:start].strip()
    label = line if not before else line[start:].strip()
    if len(label) > DATE_LINE_CHARS:
        return None
    try:
        date = parse_japanese_date(label)
    except DateParseError:
        return None
    return date, before, label.strip("（）()")


def _join(parts: list[str]) -> str:
    """Title lines as one title; a space between two Japanese characters is a line break's."""
    return _CJK_SPACE.sub("", " ".join(parts)).strip()
