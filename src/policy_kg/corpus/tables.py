"""Readable row-by-row text for the tables of the corpus: Markdown pipes, HTML and tab-separated.

A table passage holds one row a line, cells joined by ` | `, so an answer can cite one row; its
leading header rows (`header_row_count`) say what the columns of the other rows mean.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

CELL_SEPARATOR = " | "
_MD_RULE = re.compile(r"^:?-{2,}:?$")
_TAG = re.compile(r"<[^>]+>")
_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_FIGURE = re.compile("[0-9０-９]")


def is_markdown_row(line: str) -> bool:
    stripped = _strip_bullet(line.strip())
    return stripped.startswith("|") and stripped.count("|") >= 2


def is_tsv_row(line: str) -> bool:
    return len([c for c in line.split("\t") if c.strip()]) >= 2


def has_html_table(line: str) -> bool:
    return "<table" in line.lower()


def _strip_bullet(line: str) -> str:
    return line[2:] if line.startswith("- |") else line


def _flatten(cell: str) -> str:
    """Cell text with <br> as a space and other markup dropped."""
    cell = re.sub(r"<br\s*/?>", " ", cell, flags=re.IGNORECASE)
    cell = _HTML_TABLE.sub(lambda m: f" {_inline_table(m.group())} ", cell)
    return " ".join(_TAG.sub(" ", cell).split())


def _inline_table(html: str) -> str:
    """A table nested in a cell, as one run of text (the text around it in the cell is kept)."""
    return " ".join(html_table_rows(html)).replace(CELL_SEPARATOR, " ")


def _join_cells(cells: list[str]) -> str:
    return CELL_SEPARATOR.join(c for c in (_flatten(c) for c in cells) if c)


def markdown_row(line: str) -> str | None:
    """A Markdown table row as text, or None for a rule row (|---|---|) or an empty row."""
    cells = _strip_bullet(line.strip()).strip("|").split("|")
    if all(_MD_RULE.match(c.strip()) or not c.strip() for c in cells):
        return None
    return _join_cells(cells) or None


def tsv_row(line: str) -> str | None:
    return _join_cells(line.split("\t")) or None


class _RowCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_table_rows(html: str) -> list[str]:
    """The rows of the HTML tables in `html`, each as cells joined by ` | `."""
    collector = _RowCollector()
    collector.feed(html)
    return [CELL_SEPARATOR.join(c for c in row if c) for row in collector.rows if any(row)]


def header_row_count(rows: list[str]) -> int:
    """How many leading rows of a table are its header: the rows before the first row holding a
    figure (column labels in the corpus hold none: 鉄 | アルミ | 銅, 国/地域 | シェア); in a table
    without figures (a signature block), the first row."""
    for n, row in enumerate(rows):
        if _FIGURE.search(row):
            return n
    return min(1, len(rows))
