"""What the page adds, taken off; what the page broke, put back: PDF lines to corpus text.

- Running headers and footers: a line at the top or bottom edge of a page whose text (digits
  read as one sign) recurs at that edge on at least `RECURRING_SHARE` of the pages, page
  numbers (`- 3 -`, `3/20`, `3`, `p. 3`) at an edge, and stamps (仮訳, 案) standing alone at an
  edge of more than one page, but the first, which the corpus parser reads into the title
  block (`structure.take_stamps`): the stamp says what the whole text is.
- A line wrapped at the right edge is joined to the next (within a page and across a page
  break): the break is a wrap when the next line's first unit (`PdfLine.first_unit`: a
  character with its brackets and the punctuation that may not begin a line, or a whole
  Latin word) would not have fitted; a Markdown table row runs on to its closing pipe.
- A vertical gap of more than `BLANK_LINE_PITCHES` line pitches is a blank line (a paragraph
  break), even after a full line, and so is the space a page leaves at its foot or head
  beyond the usual one, unless the line before it was wrapped.
Read back so, 0.993 to 1.000 of the passages of each seed's text build are found identical in
its printed PDF's build (bench/bench_extract_readback.py; the strategy deck was at 0.972 before
brackets, narrow signs and table rows were read as units).
What stays as it was printed (a paragraph stopped by a page break, a page number inside the
text) is left to the corpus parser, which rejoins and drops those for every text
(`structure.repair_page_breaks`): nothing is repaired twice.
Lines come top to bottom and, within a line, left to right (a slide's cells side by side are
one tab-separated row); the content stream's order is not trusted, as Chromium draws the
running header last and a fallback font's glyphs apart from their line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from policy_kg.corpus.ingest.pdf import NO_LINE_END, TAB_GAP, PdfLine, PdfPage
from policy_kg.corpus.structure import STAMPS, footnote_number, heading_rank, is_bullet

RECURRING_SHARE = 0.5  # a running header is on every page but those with a full-page figure
EDGE_LINES = 2  # a header or footer is among the first or last two lines of a page
PITCH_QUANTILE = 0.2
BLANK_LINE_PITCHES = 1.5  # one empty line between two lines is two pitches from top to top
# a page that ends (or starts) this many pitches short of the usual has a blank line there
PAGE_GAP_PITCHES = 0.5
_PAGE_NUMBER = re.compile(
    r"^(?:[-－‐―–—]\s*[0-9０-９]{1,4}\s*[-－‐―–—]|[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}"
    r"|[pP]\.?\s*[0-9]{1,4}|[0-9０-９]{1,4})$"
)
_DIGITS = re.compile(r"[0-9０-９]+")
# a full line ending with a full stop ends its paragraph: after 。 a line may break anywhere,
# so a wrap there and a paragraph's end look alike, and paragraphs far outnumber such wraps
# (a closing bracket 」 is no such end: footnotes run on after it)
FULL_STOPS = ("。", "．", "！", "？", "!", "?")
# a Markdown table row is one source line from its opening pipe to its closing one: a printed
# line that opens a row (`| …`, `- | …`) without closing it was cut by the page edge, wherever
# the cut fell (after a run of padding spaces, which leave no trace on the page)
_OPEN_ROW = re.compile(r"^(?:-\s+)?\|")


@dataclass(frozen=True)
class _Layout:
    """What a full page looks like: line pitch, left and right edges, where text starts at the
    highest and ends at the lowest (a page ending a line or more short of that had a blank
    line there)."""

    pitch: float
    left: float
    right: float
    first_top: float
    last_bottom: float


def pages_to_text(pages: tuple[PdfPage, ...]) -> str:
    """The document's text, one printed line a line, blank lines between paragraphs."""
    bodies = _without_furniture(pages)
    lines = [line for body in bodies for line in body]
    if not lines:
        return ""
    layout = _layout(bodies)
    out: list[str] = [lines[0].text]
    previous_page = 0
    for page_index, (previous, line) in _pairs(bodies):
        new_page = page_index != previous_page
        blank = _is_blank_between(previous, line, new_page, layout)
        # a wrap goes on at the next line, so an empty line on the page is a paragraph break;
        # a page's short foot is no such proof (a full page may end a line short)
        if not (blank and not new_page) and _is_wrap(out[-1], previous, line, layout):
            out[-1] += _join(out[-1], line, layout)
        else:
            out += ["", line.text] if blank else [line.text]
        previous_page = page_index
    return "\n".join(out) + "\n"


def _pairs(bodies: list[list[PdfLine]]) -> Iterator[tuple[int, tuple[PdfLine, PdfLine]]]:
    """Each line after the first with the one before it, and the index of its page."""
    previous: PdfLine | None = None
    for index, body in enumerate(bodies):
        for line in body:
            if previous is not None:
                yield index, (previous, line)
            previous = line


def _signature(line: PdfLine) -> tuple[str, int]:
    """A line's text with digits as one sign, and its height on the page (to the point):
    a running header is the same line in the same place (the title on page 1 is not)."""
    return _DIGITS.sub("#", "".join(line.text.split())), round(line.top)


def _edges(page: PdfPage) -> set[int]:
    """Indexes of the topmost and lowest lines of a page (furniture is printed last or first,
    so it is found by place, not by order)."""
    order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].top)
    return set(order[:EDGE_LINES] + order[-EDGE_LINES:])


def _without_furniture(pages: tuple[PdfPage, ...]) -> list[list[PdfLine]]:
    edges = [_edges(page) for page in pages]
    counts = Counter(
        _signature(page.lines[i]) for page, edge in zip(pages, edges, strict=True) for i in edge
    )
    needed = max(2, RECURRING_SHARE * len(pages))
    recurring = {s for s, n in counts.items() if n >= needed}
    stamps = [
        (p, i)
        for p, page in enumerate(pages)
        for i, line in enumerate(page.lines)
        if line.text.strip() in STAMPS
    ]
    # the first stamp stays, for the corpus parser to read into the title block
    first = stamps[0] if stamps else None
    return [
        [
            line
            for i, line in enumerate(page.lines)
            if (p, i) == first
            or not (i in edge and _is_furniture(line, recurring, len(stamps) > 1))
        ]
        for p, (page, edge) in enumerate(zip(pages, edges, strict=True))
    ]


def _is_furniture(line: PdfLine, recurring: set[tuple[str, int]], stamps_recur: bool) -> bool:
    text = "".join(line.text.split())
    if _PAGE_NUMBER.match(text) or _signature(line) in recurring:
        return True
    return stamps_recur and text in STAMPS


def _layout(bodies: list[list[PdfLine]]) -> _Layout:
    steps = [b.top - a.top for body in bodies for a, b in pairwise(body) if b.top > a.top]
    # the line pitch is the usual step between lines of one paragraph; a low quantile, not
    # the median, which is the step over a blank line in a text of short paragraphs
    pitch = sorted(steps)[int(len(steps) * PITCH_QUANTILE)] if steps else 0.0
    lines = [line for body in bodies for line in body]
    full = [body for body in bodies if body]
    return _Layout(
        pitch=pitch,
        left=Counter(round(line.left) for line in lines).most_common(1)[0][0],
        right=max(line.right for line in lines),
        first_top=min(body[0].top for body in full),
        last_bottom=max(body[-1].bottom for body in full),
    )


def _is_wrap(joined: str, previous: PdfLine, line: PdfLine, layout: _Layout) -> bool:
    """Whether `line` continues `previous` (`joined` is the text line it ends): it does when
    `joined` opens a table row it does not close, or when `line` starts with what would not
    fit at the end of `previous`, unless a full stop ends `previous`, or a heading filled it
    to the edge and `line` starts a unit of its own (a heading, bullet or footnote, as the
    corpus parser reads them)."""
    if _OPEN_ROW.match(joined) and not joined.rstrip().endswith("|"):
        return True
    if previous.text.endswith(FULL_STOPS) or (
        _starts_unit(line.text) and heading_rank(previous.text.strip()) is not None
    ):
        return False
    carried = line.first_unit
    if previous.text[-1:] in NO_LINE_END:
        carried += line.height  # an opening bracket was carried along (禁則)
    return previous.right + carried > layout.right + layout.pitch * 0.05


def _starts_unit(text: str) -> bool:
    text = text.strip()
    return heading_rank(text) is not None or is_bullet(text) or footnote_number(text) is not None


def _join(left: str, line: PdfLine, layout: _Layout) -> str:
    """A wrapped line's continuation: after a tab when it starts at a tab stop (a contents
    line's page number wrapped alone), after a space between two Latin words."""
    right = line.text
    if line.left - layout.left > TAB_GAP * line.height:
        return "\t" + right
    latin = left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii()
    return (" " if latin and right[:1].isalnum() else "") + right


def _is_blank_between(previous: PdfLine, line: PdfLine, new_page: bool, layout: _Layout) -> bool:
    if not new_page:
        return line.top - previous.top > BLANK_LINE_PITCHES * layout.pitch
    short = (layout.last_bottom - previous.bottom) + (line.top - layout.first_top)
    return short > PAGE_GAP_PITCHES * layout.pitch
