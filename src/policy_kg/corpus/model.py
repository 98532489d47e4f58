"""Typed records of the corpus stage: what a document is, and what the parser makes of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

PassageKind = Literal["title", "contents", "heading", "body", "list", "table", "footnote"]
Status = Literal["final", "draft"]


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, month or day, with the label it was written as.

    `iso` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; partial dates sort as their earliest day.
    """

    year: int
    month: int | None = None
    day: int | None = None
    label: str = ""

    @property
    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def earliest_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def japanese(self) -> str:
        """As Japanese text, to the precision known: 2023年12月, 2025年4月4日, 2023年."""
        month = "" if self.month is None else f"{self.month}月"
        day = "" if self.day is None else f"{self.day}日"
        return f"{self.year}年{month}{day}"


@dataclass(frozen=True)
class KnownRevision:
    """A dated revision of a series that a text names, whether or not its text is in the corpus."""

    revision: str  # ISO, possibly partial
    label: str


@dataclass(frozen=True)
class DocumentMeta:
    """The sidecar metadata of one document (docs/interface.md §2)."""

    doc_id: str
    series: str
    title: str
    issuer: str
    revision: str | None
    revision_label: str
    status: Status
    source_file: str
    known_revisions: tuple[KnownRevision, ...] = ()

    @property
    def year(self) -> str | None:
        """The western year of its revision (None when undated)."""
        return self.revision[:4] if self.revision else None


@dataclass(frozen=True)
class SourceDocument:
    """A document's text as read from `corpus/`, with its metadata and content hash."""

    meta: DocumentMeta
    text_path: Path
    text: str
    content_hash: str  # of text and sidecar: a changed hash means the document must be rebuilt


@dataclass(frozen=True)
class Passage:
    """A citable unit: a paragraph, list item, table, heading or footnote.

    `start`/`end` are character offsets into the source text; `text` is the cleaned text
    (lines joined, page-break artefacts removed), so it need not equal `source[start:end]`.
    """

    passage_id: str
    doc_id: str
    kind: PassageKind
    section: tuple[str, ...]
    text: str
    start: int
    end: int
    footnotes: tuple[str, ...] = ()  # passage ids of the footnotes it refers to
    footnote_number: int | None = None  # for kind == "footnote"
    # where in `text` each footnote's marker stood (the words it follows), with the footnote's
    # passage id: known for paragraphs and list items, not for headings and tables
    footnote_marks: tuple[tuple[int, str], ...] = ()

    @property
    def section_path(self) -> str:
        return section_path(self.section)

    @property
    def restates_headings(self) -> bool:
        """A part of the table of contents: it lists the headings and their pages, and says
        nothing else, so fact extraction, revision diffs and previews read the headings
        themselves, and it answers only where a section starts."""
        return self.kind == "contents"


def section_path(section: tuple[str, ...]) -> str:
    """A heading path as citations and diffs write it: 第3章 > 1. > (1)."""
    return " > ".join(section)


@dataclass(frozen=True)
class ParsedDocument:
    """A document after structure parsing: its passages in reading order and its contents table."""

    source: SourceDocument
    passages: tuple[Passage, ...]
    toc: tuple[str, ...] = field(default=())

    @property
    def meta(self) -> DocumentMeta:
        return self.source.meta
