"""PDF pages as positioned lines, read with pypdfium2 (PDFium, the engine of Chrome's viewer).

Chosen by bench/bench_extract_pdf.py over pdfplumber (pdfminer.six) on the seed texts printed
to PDF by Chromium: their raw texts are as close to the seeds (similarity 0.9835 each on the
111 KB policy, 0.95-0.98 on the others) but PDFium reads the policy in 0.09 s against 1.47 s.
Lines are rebuilt here from each glyph's box, not from the library's
own text: a tab stop or a table cell shows only as a gap, which becomes a tab.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from policy_kg.corpus.ingest.errors import IngestError

PDF_MAGIC = b"%PDF-"
# a gap wider than this many character heights is a column or a tab stop (a cell, a page
# number of the contents), narrower ones at least a third of a height are spaces; a Japanese
# line's glyphs touch, and a half-width space is half a height
TAB_GAP = 1.5
SPACE_GAP = 0.3
_LINE_BREAKS = "\r\n"
# a glyph is on a line when their heights overlap by more than half (a superscript footnote
# mark overlaps its line fully; the next line, 1.5 lines down, not at all)
SAME_LINE_OVERLAP = 0.5
# what may not begin a line (行頭禁則): a wrap carries the character before it along
NO_LINE_START = frozenset(
    "、。，．,.）)」』】〕］]｝}〉》ー・：:；;！!？?%％/ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々"
)
# what may not end a line (行末禁則): an opening bracket goes to the next line with what it opens
NO_LINE_END = frozenset("（(「『【〔［[｛{〈《")
# East Asian widths of the characters a line may break before and after (UAX #14's ID class,
# kanji and kana); every other character (Latin, digits, and the ambiguous-width signs ○ ※ ①,
# which the line breaker reads as letters) runs on with its neighbours as one word
_WIDE = ("W", "F")


@dataclass(frozen=True)
class PdfLine:
    """One line of a page: its text and box (points, y from the top of the page)."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    first_unit: float  # width of its first word (Latin) or first character: what a wrap moved

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class PdfPage:
    lines: tuple[PdfLine, ...]  # top to bottom


@dataclass(frozen=True)
class _Glyph:
    char: str
    left: float
    right: float
    top: float
    bottom: float


def read_pdf(path: Path, data: bytes) -> tuple[PdfPage, ...]:
    """Every page's lines; IngestError for a file that is not a readable, unencrypted PDF."""
    if not data.startswith(PDF_MAGIC):
        raise IngestError(path, "is not a PDF (it does not start with %PDF-)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise IngestError(path, _open_problem(error)) from None
    try:
        return tuple(_read_page(document[i]) for i in range(len(document)))
    finally:
        document.close()


def _open_problem(error: pdfium.PdfiumError) -> str:
    if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
        return "is encrypted (password protected): save an unprotected copy and add that"
    return f"is not a readable PDF ({error})"


def _read_page(page: pdfium.PdfPage) -> PdfPage:
    _width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        rows = _glyph_rows(textpage, height)
        lines = tuple(_line(sorted(row, key=lambda g: g.left)) for row in rows)
    finally:
        textpage.close()
        page.close()
    return PdfPage(lines)


def _glyph_rows(textpage: pdfium.PdfTextPage, page_height: float) -> list[list[_Glyph]]:
    """The page's glyphs grouped into printed lines by where they stand, top to bottom.

    PDFium's own line breaks follow the content stream, which a font change (a rare kanji
    set in a fallback font) or a header drawn last can interleave; a glyph joins the line
    whose height it shares by more than half of the smaller height.
    """
    glyphs: list[_Glyph] = []
    for i in range(textpage.count_chars()):
        # one character at a time: the whole-page text drops characters it cannot map back
        # (a rare kanji such as 鉬 set in a fallback font), which shifts every index after it
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        char = chr(code) if 0 < code < 0x110000 else ""
        if not char or char in _LINE_BREAKS or (char.isspace() and _generated(textpage, i)):
            continue  # a break or space PDFium guessed: gaps are measured below instead
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        glyphs.append(_Glyph(char, left, right, page_height - top, page_height - bottom))
    rows: list[list[_Glyph]] = []
    span = (0.0, 0.0)
    for glyph in sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2):
        if rows and _overlap(span, (glyph.top, glyph.bottom)) > SAME_LINE_OVERLAP:
            rows[-1].append(glyph)
            span = (min(span[0], glyph.top), max(span[1], glyph.bottom))
        else:
            rows.append([glyph])
            span = (glyph.top, glyph.bottom)
    return [row for row in rows if any(not g.char.isspace() for g in row)]


def _generated(textpage: pdfium.PdfTextPage, index: int) -> bool:
    return pdfium_c.FPDFText_IsGenerated(textpage.raw, ctypes.c_int(index)) == 1


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How much of the shorter of two vertical spans the other covers (0 to 1)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shared / shorter if shorter > 0 else 0.0


def _line(glyphs: list[_Glyph]) -> PdfLine:
    inked = [g for g in glyphs if not g.char.isspace()]
    size = max(g.bottom - g.top for g in inked)
    parts: list[str] = []
    previous: _Glyph | None = None
    for glyph in inked:
        if previous is not None:
            parts.append(_separator(glyph.left - previous.right, size))
        parts.append(glyph.char)
        previous = glyph
    return PdfLine(
        "".join(parts),
        inked[0].left,
        inked[-1].right,
        min(g.top for g in inked),
        max(g.bottom for g in inked),
        _first_unit(inked, size),
    )


def _separator(gap: float, size: float) -> str:
    if gap > TAB_GAP * size:
        return "\t"
    return " " if gap > SPACE_GAP * size else ""


def _first_unit(glyphs: list[_Glyph], size: float) -> float:
    """The width a wrap moved to this line: a word of Latin letters, digits and narrow signs
    (`2024`, `<br>○`) whole, else one Japanese character; with the opening brackets before it
    (行末禁則) and the punctuation after it that may not begin a line (、。）% …)."""
    end = 0
    while (
        end + 1 < len(glyphs)
        and glyphs[end].char in NO_LINE_END
        and not _spaced(glyphs, end + 1, size)
    ):
        end += 1
    word = _is_narrow(glyphs[end].char)
    end += 1
    while end < len(glyphs) and not _spaced(glyphs, end, size):
        char = glyphs[end].char
        if not (char in NO_LINE_START or (word and _is_narrow(char))):
            break
        end += 1
    return glyphs[end - 1].right - glyphs[0].left


def _spaced(glyphs: list[_Glyph], index: int, size: float) -> bool:
    """Whether a space stands before glyph `index` (a break opportunity)."""
    return glyphs[index].left - glyphs[index - 1].right > SPACE_GAP * size


def _is_narrow(char: str) -> bool:
    return unicodedata.east_asian_width(char) not in _WIDE
