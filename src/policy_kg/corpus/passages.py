"""From structural blocks to citable passages with stable ids, offsets and footnote links.

Passage text is the block's lines joined as Japanese is written (no space, except between two
Latin letters or digits), without bullet symbols and without footnote markers: the markers
become links to the footnote passages (`Passage.footnotes`). Long passages are split at
sentence boundaries into pieces of about `TARGET_CHARS` characters.

The title block above the body (title, issuer, 策定/改定/適用 dates) is one passage of kind
`title`, a line per line, in a section of its own (`TITLE_SECTION`), so a citation or a diff
names it. The table of contents below it is kept as passages of kind `contents` (one a
chapter, a `heading<TAB>page` line per line, under `CONTENTS_SECTION`): it is the one place a
text says on which page a section starts, as 6 development questions asked.

A passage id is `<doc_id>#<hash of kind and text>`, so an unchanged passage keeps its id when
the document is rebuilt or edited elsewhere; identical texts in one document are told apart by
their order (`-2`, `-3`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from policy_kg.corpus import tables
from policy_kg.corpus.model import ParsedDocument, Passage, SourceDocument
from policy_kg.corpus.sentences import sentence_spans
from policy_kg.corpus.structure import (
    BULLET,
    FOOTNOTE_MARK,
    MARKDOWN_HEADING,
    Block,
    Line,
    contents_label,
    ends_sentence,
    heading_rank,
    marker_numbers,
    parse_structure,
)

TARGET_CHARS = 400
# the section path of the title block, which stands above every heading of the text
TITLE_SECTION = ("表題",)
# the section path of the table of contents
CONTENTS_SECTION = ("目次",)
MAX_SENTENCE_CHARS = 600


@dataclass(frozen=True)
class _Text:
    """Cleaned text with, for each character, its offset in the source, and where each
    footnote marker stood: (offset in the text, the marker's characters)."""

    text: str
    positions: tuple[int, ...]
    marks: tuple[tuple[int, str], ...] = ()

    def source_span(self, a: int, b: int) -> tuple[int, int]:
        return self.positions[a], self.positions[b - 1] + 1


@dataclass(frozen=True)
class _Piece:
    kind: str
    section: tuple[str, ...]
    text: str
    start: int
    end: int
    markers: tuple[int, ...]
    footnote_number: int | None
    marks: tuple[tuple[int, int], ...] = ()  # (offset in text, footnote number)


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _line_separator(previous_line: Line, content: str, kind: str) -> str:
    """How two lines of one block join: a line break after a title-block line, after a finished
    or short standalone line (an unbulleted item) or a Markdown line break (except after 、,
    where the line wraps), a space between Latin words, else nothing (a wrapped Japanese line)."""
    previous = previous_line.stripped
    if kind in ("title", "contents"):
        return "\n"
    standalone = len(previous) < 30 or previous_line.hard_break
    if ends_sentence(previous) or (standalone and not previous.endswith("、")):
        return "\n"
    return " " if _is_latin(previous[-1]) and _is_latin(content[0]) else ""


def _clean_lines(lines: tuple[Line, ...], kind: str) -> _Text:
    chars: list[str] = []
    positions: list[int] = []
    marks: list[tuple[int, str]] = []
    for n, line in enumerate(lines):
        content = line.text.lstrip()
        offset = line.start + len(line.text) - len(content)
        if n == 0 and kind == "list" and (m := BULLET.match(content)):
            content, offset = content[m.end() :], offset + m.end()
        if n == 0 and kind == "footnote" and (m := FOOTNOTE_MARK.match(content)):
            skip = m.end() + len(content[m.end() :]) - len(content[m.end() :].lstrip())
            content, offset = content[skip:], offset + skip
        if kind == "title" and (m := MARKDOWN_HEADING.match(content)):
            content, offset = content[m.start(2) :], offset + m.start(2)
        if chars and content and (separator := _line_separator(lines[n - 1], content, kind)):
            chars.append(separator)
            positions.append(offset - 1)
        for i, ch in enumerate(content):
            if (kind != "footnote" or n or i) and FOOTNOTE_MARK.fullmatch(ch):
                if marks and marks[-1][0] == len(chars):  # the next digit of one marker
                    marks[-1] = (len(chars), marks[-1][1] + ch)
                else:
                    marks.append((len(chars), ch))
                continue
            chars.append(ch)
            positions.append(offset + i)
    return _Text("".join(chars), tuple(positions), tuple(marks))


def _chunk_spans(text: str) -> list[tuple[int, int]]:
    """Spans of about TARGET_CHARS characters, cut at sentence ends (or 、 in a run-on sentence)."""
    if len(text) <= TARGET_CHARS:
        return [(0, len(text))]
    units: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        units.extend(_split_long_sentence(text, a, b) if b - a > MAX_SENTENCE_CHARS else [(a, b)])
    chunks: list[tuple[int, int]] = []
    for a, b in units:
        if chunks and b - chunks[-1][0] <= TARGET_CHARS:
            chunks[-1] = (chunks[-1][0], b)
        else:
            chunks.append((a, b))
    return chunks


def _split_long_sentence(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    while b - a > TARGET_CHARS:
        cut = text.rfind("、", a + TARGET_CHARS // 2, a + TARGET_CHARS)
        cut = cut + 1 if cut != -1 else a + TARGET_CHARS
        spans.append((a, cut))
        a = cut
    spans.append((a, b))
    return spans


def _prose_pieces(block: Block) -> list[_Piece]:
    cleaned = _clean_lines(block.lines, block.kind)
    pieces = []
    for a, b in _chunk_spans(cleaned.text):
        chunk = cleaned.text[a:b]
        text = chunk.strip()
        if not text:
            continue
        start, end = cleaned.source_span(a, b)
        number = block.footnote_number if block.kind == "footnote" else None
        lead = a + len(chunk) - len(chunk.lstrip())
        marks = tuple(
            (min(at - lead, len(text)), marked)
            for at, digits in cleaned.marks
            if a < at <= b or at == a == 0  # a marker after a chunk's last word is that chunk's
            for marked in marker_numbers(digits)
        )
        markers = tuple(marked for _, marked in marks)
        pieces.append(_Piece(block.kind, block.section, text, start, end, markers, number, marks))
    return pieces


def _table_rows(line: Line) -> list[str]:
    text = line.stripped
    if tables.is_markdown_row(text):
        row = tables.markdown_row(text)
        return [row] if row else []
    if tables.has_html_table(text) and not tables.is_tsv_row(text):
        return tables.html_table_rows(text)
    row = tables.tsv_row(text)
    return [row] if row else []


def _table_pieces(block: Block) -> list[_Piece]:
    """Table passages of up to about TARGET_CHARS, one row a line, cut between source lines.

    A passage cut from the middle of a table starts with the table's header rows, so each of
    its rows can be read with its column labels; its offsets are those of its own rows.
    """
    line_rows = [(line, rows) for line in block.lines if (rows := _table_rows(line))]
    all_rows = [row for _, rows in line_rows for row in rows]
    header = all_rows[: tables.header_row_count(all_rows)]
    pieces: list[_Piece] = []
    own: list[str] = []
    lines: list[Line] = []
    for line, rows in line_rows:
        if own and sum(map(len, own + rows)) > TARGET_CHARS:
            pieces.append(_table_piece(block, header if pieces else [], own, lines))
            own, lines = [], []
        own += rows
        lines.append(line)
    if own:
        pieces.append(_table_piece(block, header if pieces else [], own, lines))
    return pieces


def _table_piece(block: Block, header: list[str], rows: list[str], lines: list[Line]) -> _Piece:
    text = "\n".join(header + rows)
    return _Piece("table", block.section, text, lines[0].start, lines[-1].end, (), None)


def _heading_piece(block: Block) -> _Piece:
    markers = tuple(n for line in block.lines for n in marker_numbers(line.text))
    return _Piece(
        "heading", block.section, block.heading_text, block.start, block.end, markers, None
    )


def _contents_piece(block: Block) -> _Piece:
    text = _clean_lines(block.lines, block.kind).text
    return _Piece("contents", block.section, text, block.start, block.end, (), None)


def _pieces(block: Block) -> list[_Piece]:
    if block.kind == "heading":
        return [_heading_piece(block)]
    if block.kind == "table":
        return _table_pieces(block)
    if block.kind == "contents":
        return [_contents_piece(block)]
    return _prose_pieces(block)


def contents_blocks(lines: tuple[Line, ...]) -> tuple[Block, ...]:
    """The table of contents as blocks of a chapter each (a line of the highest heading rank
    it lists starts one), cut between lines past about TARGET_CHARS characters."""
    ranks = [heading_rank(contents_label(line)) for line in lines]
    top = min((rank for rank in ranks if rank is not None), default=None)
    groups: list[list[Line]] = []
    size = 0
    for line, rank in zip(lines, ranks, strict=True):
        if not groups or (rank is not None and rank == top) or size > TARGET_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(line)
        size += len(line.stripped)
    return tuple(Block("contents", tuple(group), section=CONTENTS_SECTION) for group in groups)


def _passage_ids(doc_id: str, pieces: list[_Piece]) -> list[str]:
    seen: Counter[str] = Counter()
    ids = []
    for piece in pieces:
        digest = hashlib.sha1(f"{piece.kind}\n{piece.text}".encode()).hexdigest()[:12]
        seen[digest] += 1
        suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
        ids.append(f"{doc_id}#{digest}{suffix}")
    return ids


def build_passages(doc_id: str, blocks: tuple[Block, ...]) -> tuple[Passage, ...]:
    """Passages of one document, in reading order, with footnote links resolved."""
    pieces = [piece for block in blocks for piece in _pieces(block)]
    ids = _passage_ids(doc_id, pieces)
    footnote_ids = {
        p.footnote_number: pid
        for p, pid in zip(pieces, ids, strict=True)
        if p.kind == "footnote" and p.footnote_number is not None
    }
    referring_section: dict[int, tuple[str, ...]] = {}
    for piece in pieces:
        for number in piece.markers:
            referring_section.setdefault(number, piece.section)
    passages = []
    for piece, pid in zip(pieces, ids, strict=True):
        links = tuple(dict.fromkeys(footnote_ids[n] for n in piece.markers if n in footnote_ids))
        section = piece.section
        if piece.kind == "footnote" and piece.footnote_number in referring_section:
            section = referring_section[piece.footnote_number]
        passages.append(
            Passage(
                passage_id=pid,
                doc_id=doc_id,
                kind=piece.kind,  # type: ignore[arg-type]
                section=section,
                text=piece.text,
                start=piece.start,
                end=piece.end,
                footnotes=links,
                footnote_number=piece.footnote_number,
                footnote_marks=tuple(
                    (at, footnote_ids[n]) for at, n in piece.marks if n in footnote_ids
                ),
            )
        )
    return tuple(passages)


def body_passages(passages: tuple[Passage, ...]) -> tuple[Passage, ...]:
    """The passages below the title block and the table of contents: a text on one line is
    all title block, and has none (its title lines are passages, citable as such, but it says
    nothing more)."""
    return tuple(p for p in passages if p.kind != "title" and not p.restates_headings)


def parse_document(source: SourceDocument) -> ParsedDocument:
    """Parse one document into passages (the corpus stage's output)."""
    structure = parse_structure(source.text)
    lines = structure.title_lines
    title = (Block("title", lines, section=TITLE_SECTION),) if lines else ()
    # each stamp (仮訳) a title-block line of its own, wherever the page printed it
    title += tuple(Block("title", (line,), section=TITLE_SECTION) for line in structure.stamp_lines)
    contents = contents_blocks(structure.contents_lines)
    passages = build_passages(source.meta.doc_id, title + contents + structure.blocks)
    return ParsedDocument(source=source, passages=passages, toc=structure.toc)
