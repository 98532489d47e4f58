"""Structure of a policy text: front matter, headings, paragraphs, list items, tables, footnotes.

The parser works on lines with their character offsets and runs as a short pipeline, one job a
step: split the front matter (title block, table of contents) from the body, cut the body into
blocks, give chapter headings their titles, drop page artefacts and rejoin text split by a page
break, then walk the blocks with a heading stack. The result is a list of `Block`s in reading
order, each with its section path; `passages.py` turns them into citable passages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Literal

from policy_kg.corpus import tables

BlockKind = Literal["title", "contents", "heading", "body", "list", "table", "footnote"]


@dataclass(frozen=True)
class Line:
    text: str  # without the line break, trailing white space removed
    start: int
    end: int
    hard_break: bool = False  # ends in a Markdown line break (two spaces): the next line is new

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Block:
    """A run of lines that forms one structural unit."""

    kind: BlockKind
    lines: tuple[Line, ...]
    rank: int = 0  # heading depth class; lower is higher in the hierarchy
    footnote_number: int | None = None
    section: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def heading_text(self) -> str:
        return heading_label(" ".join(line.stripped for line in self.lines))


@dataclass(frozen=True)
class DocumentStructure:
    title_lines: tuple[Line, ...]
    contents_lines: tuple[Line, ...]  # the table of contents: `heading<TAB>page` lines
    blocks: tuple[Block, ...] = field(default=())
    stamp_lines: tuple[Line, ...] = ()  # the first line of each stamp the text carries (仮訳)

    @property
    def toc(self) -> tuple[str, ...]:
        """The headings the table of contents lists, as section paths write them."""
        return tuple(contents_label(line) for line in self.contents_lines)


# ---------------------------------------------------------------- line classification

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TO_INT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
FOOTNOTE_MARK = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_FOOTNOTE_LINE = re.compile(f"^([{SUPERSCRIPT_DIGITS}]+)\\s*(\\S.*)$")

_DIGITS = "0-9０-９"
_KATAKANA_ITEMS = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロ"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_MARKDOWN_LINE_BREAK = "  "
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+)$")
BULLET = re.compile(r"^(?:[-・●✓○➤◆■□▪►•*]\s*)+")
_NUMBERED_ITEM = re.compile(
    rf"^([{_DIGITS}]+[．.](?![{_DIGITS}])|[（(][{_DIGITS}]+[）)]|[{_CIRCLED}])\s*\S"
)
_TOC_LINE = re.compile(r"^(.+?)\t+[0-9]{1,3}\s*$")
# stamps a page carries standing alone: a provisional translation, a draft, a status
STAMPS = frozenset({"仮訳", "案", "（案）", "(案)", "未定稿", "取扱注意", "暫定版"})
# a handout's number, a line of its title block (資料３, 参考資料2-1, 別添)
HANDOUT_NUMBER = re.compile(r"^(?:資料|参考資料|別添|別紙)\s*[0-9０-９一-十\-－]*$")
_PAGE_NUMBER = re.compile(rf"^[-－‐―ー–—\s]*[{_DIGITS}]{{1,3}}[-－‐―ー–—\s]*$")
_SENTENCE_END = "。．！？!?」』）)】:：…"
_DATE = re.compile(rf"(令和|平成|昭和|[{_DIGITS}]{{4}}年)[{_DIGITS}元〇○]*年?[{_DIGITS}〇○]*月?")

# Ranks: はじめに/第N章/附則 > 第N節 > (N), N． > ① > ア > bullet sub-heading; Markdown below.
_RANKED_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^(はじめに|おわりに)$")),
    (1, re.compile(r"^附\s*則")),
    (1, re.compile(rf"^第\s*[{_DIGITS}一二三四五六七八九十ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\s*章")),
    (2, re.compile(rf"^第\s*[{_DIGITS}一二三四五六七八九十]+\s*節")),
    (3, re.compile(rf"^[（(][{_DIGITS}]+[）)]\s*\S")),
    (3, re.compile(rf"^[{_DIGITS}]+[．.](?![{_DIGITS}])\s*\S")),
    (3, re.compile(rf"^[（(]参考[{_DIGITS}]*[）)]")),
    (4, re.compile(f"^[{_CIRCLED}]\\s*\\S")),
    (5, re.compile(f"^[{_KATAKANA_ITEMS}][\\s　]+\\S")),
    (6, re.compile(f"^[（(][{_KATAKANA_ITEMS}][）)]\\s*\\S")),
)
BULLET_HEADING_RANK = 7
MARKDOWN_RANK = 10  # + number of '#'
BRACKET_HEADING_RANK = 20  # 【…】 lines of the slide deck: below any Markdown level
_HEADING_MAX_CHARS = 60
_CHAPTER_MAX_CHARS = 120  # 第3章 titles run long
_RUN_IN_SUBHEADING = re.compile(rf"(?<=\S)[（(][{_DIGITS}]+[）)]\S")
_AMOUNT = re.compile(rf"[{_DIGITS}]\s*(億|万)?円|新規")
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


def heading_label(text: str) -> str:
    """A heading as shown in a section path: Markdown marks dropped, white space folded."""
    text = FOOTNOTE_MARK.sub("", MARKDOWN_HEADING.sub(r"\2", text.strip()))
    text = BULLET.sub("", text)
    return " ".join(text.replace("**", "").split())


def compared_form(text: str) -> str:
    """NFKC without any white space: the form in which headings and titles are compared (a
    draft's contents list (3) 技術流出防止措置 over a body heading （３）技術流出防止措置)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def heading_rank(text: str) -> int | None:
    """The rank of a heading line, or None when the line is not a heading."""
    if match := MARKDOWN_HEADING.match(text):
        return MARKDOWN_RANK + len(match.group(1))
    if "。" in text or len(text) > _CHAPTER_MAX_CHARS:
        return None
    if text.startswith("【") and text.endswith("】") and not _AMOUNT.search(text):
        return BRACKET_HEADING_RANK
    for rank, pattern in _RANKED_PATTERNS:
        if pattern.match(text):
            if rank >= 3 and len(text) > _HEADING_MAX_CHARS:
                return None
            # numbered and circled items that read as sentences are list items, not headings
            if rank >= 3 and "、" in _BRACKETED.sub("", text) and len(text) > 40:
                return None
            return rank
    return None


def is_bullet(text: str) -> bool:
    return bool(BULLET.match(text)) and not tables.is_markdown_row(text)


def footnote_number(text: str) -> int | None:
    if match := _FOOTNOTE_LINE.match(text):
        return int(match.group(1).translate(_SUPERSCRIPT_TO_INT))
    return None


def marker_numbers(text: str) -> list[int]:
    """Footnote numbers referred to by superscript markers in `text`."""
    return [int(m.group().translate(_SUPERSCRIPT_TO_INT)) for m in FOOTNOTE_MARK.finditer(text)]


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(_SENTENCE_END))


def _is_table_line(text: str) -> bool:
    return tables.is_markdown_row(text) or tables.is_tsv_row(text) or tables.has_html_table(text)


# ---------------------------------------------------------------- pipeline steps


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        content = body.rstrip()
        hard_break = body.endswith(_MARKDOWN_LINE_BREAK)
        lines.append(Line(content, offset, offset + len(content), hard_break))
        offset += len(raw)
    return lines


def split_front_matter(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(title block, table-of-contents lines, body lines).

    The title block runs to the last of the leading date lines (令和5年1月19日, 令和8年3月30日改定…)
    and the short issuer lines after it (経 済 産 業 省); without a date, it is the first line.
    The table of contents is the run of `heading<TAB>page` lines that follows.
    """
    nonblank = [i for i, line in enumerate(lines) if line.stripped]
    if not nonblank:
        return [], [], []
    head = nonblank[:12]
    dates = [i for i in head if _DATE.search(lines[i].stripped) and len(lines[i].stripped) < 40]
    dates = [i for i in dates if not _TOC_LINE.match(lines[i].text)]
    title_end = _title_block_end(lines, nonblank, dates)
    title = [line for line in lines[: title_end + 1] if line.stripped]
    toc: list[Line] = []
    body_start = title_end + 1
    for i in range(title_end + 1, len(lines)):
        line = lines[i]
        if not line.stripped:
            continue
        if not _TOC_LINE.match(line.text):
            break
        toc.append(line)
        body_start = i + 1
    return title, toc, lines[body_start:]


def contents_label(line: Line) -> str:
    """The heading a line of the table of contents lists, as section paths write it."""
    label = listed_heading(line.text)
    if label is None:
        raise ValueError(f"offset {line.start}: not a table-of-contents line: {line.text!r}")
    return label


def listed_heading(text: str) -> str | None:
    """The heading a `heading<TAB>page` line lists, as section paths write it; else None."""
    match = _TOC_LINE.match(text)
    return None if match is None else heading_label(match.group(1))


def _title_block_end(lines: list[Line], nonblank: list[int], dates: list[int]) -> int:
    if not dates:
        return nonblank[0]
    end = dates[0]
    for i in nonblank[nonblank.index(dates[0]) + 1 :]:
        text = lines[i].stripped
        if i in dates:
            end = i
            continue
        is_issuer = len(text) <= 20 and not re.search("[、。，．:：]", text)
        if is_issuer and heading_rank(text) is None and not _TOC_LINE.match(lines[i].text):
            end = i
        break
    return end


def cut_blocks(lines: list[Line]) -> list[Block]:
    """Blank-line paragraphs, cut further where a heading, bullet, footnote or table starts."""
    blocks: list[Block] = []
    current: list[Line] = []
    current_kind: BlockKind = "body"
    number: int | None = None

    def flush() -> None:
        nonlocal current
        if current:
            rank = heading_rank(current[0].stripped) if current_kind == "heading" else None
            blocks.append(Block(current_kind, tuple(current), rank or 0, number))
        current = []

    for line in (part for whole in lines for part in _split_run_in_heading(whole)):
        text = line.stripped
        if not text:
            flush()
            continue
        kind, starts_unit = _line_kind(text, current_kind if current else None)
        if starts_unit or kind != current_kind:
            flush()
            current_kind = kind
            number = footnote_number(text) if kind == "footnote" else None
        current.append(line)
        if kind == "heading":
            flush()
    flush()
    return blocks


def _split_run_in_heading(line: Line) -> list[Line]:
    """Split 第5節 …の公表（1）関係者の… (two headings run into one line) into two lines."""
    rank = heading_rank(line.stripped)
    match = _RUN_IN_SUBHEADING.search(line.text) if rank in (1, 2) else None
    if match is None:
        return [line]
    cut = match.start()
    return [
        Line(line.text[:cut], line.start, line.start + cut),
        Line(line.text[cut:], line.start + cut, line.end),
    ]


def _line_kind(text: str, previous: BlockKind | None) -> tuple[BlockKind, bool]:
    """The kind of unit a line belongs to, and whether it starts a new unit."""
    if _is_table_line(text):
        return "table", previous != "table"
    if heading_rank(text) is not None and previous is None:
        return "heading", True
    if MARKDOWN_HEADING.match(text):
        return "heading", True
    if footnote_number(text) is not None:
        return "footnote", True
    if is_bullet(text) or _NUMBERED_ITEM.match(text):
        return "list", True
    return (previous if previous in ("list", "footnote", "body") else "body"), False


def title_chapter_headings(blocks: list[Block]) -> list[Block]:
    """Give a bare chapter heading (第Ⅰ章 on its own line) the short title line that follows it."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        bare = block.kind == "heading" and re.fullmatch(r"第\S+章", block.heading_text)
        if bare and nxt and nxt.kind == "body" and _is_short_title(nxt):
            out.append(replace(block, lines=block.lines + nxt.lines))
            i += 2
            continue
        out.append(block)
        i += 1
    return out


def _is_short_title(block: Block) -> bool:
    text = "".join(line.stripped for line in block.lines)
    return len(text) <= 30 and not re.search("[、。]", text)


def mark_bullet_headings(blocks: list[Block]) -> list[Block]:
    """A short bullet standing over body paragraphs (● 日本, - 米国) heads them as a sub-section.

    A page's footnotes may stand between the bullet and its paragraphs (・中国 at a page's
    foot, its paragraphs on the next page): in the permanent-magnets draft, read as a list
    item, ・中国 left China's paragraphs under the 欧州 before it."""
    out = list(blocks)
    for i, block in enumerate(blocks[:-1]):
        text = BULLET.sub("", block.lines[0].stripped)
        is_label = len(block.lines) == 1 and len(text) <= 12 and not re.search("[、。:：]", text)
        after = next((b for b in blocks[i + 1 :] if b.kind != "footnote"), None)
        if block.kind == "list" and is_label and after is not None and after.kind == "body":
            out[i] = replace(block, kind="heading", rank=BULLET_HEADING_RANK)
    return out


def repair_page_breaks(blocks: list[Block]) -> list[Block]:
    """Rejoin prose split by a page break, dropping page numbers between.

    A paragraph that stops mid-sentence (特 | 徴を有する, ガリウ | ム) continues in the next body
    block after any footnote blocks and tiny artefact lines (page numbers). The footnotes
    in between stay as their own blocks, placed after the rejoined paragraph.
    """
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        i += 1
        if _is_artefact(block):
            continue
        footnotes: list[Block] = []
        while _is_unfinished_prose(block):
            j = i
            while j < len(blocks) and (blocks[j].kind == "footnote" or _is_artefact(blocks[j])):
                j += 1
            if j >= len(blocks) or blocks[j].kind != "body":
                break
            footnotes += [b for b in blocks[i:j] if b.kind == "footnote"]
            block = replace(block, lines=block.lines + blocks[j].lines)
            i = j + 1
        out.append(block)
        out.extend(footnotes)
    return out


def _is_unfinished_prose(block: Block) -> bool:
    if block.kind not in ("body", "list"):
        return False
    text = "".join(line.stripped for line in block.lines)
    long_enough = len(text) >= 30 or (len(text) >= 20 and bool(re.search("[、。]", text)))
    return long_enough and not ends_sentence(text)


def _is_artefact(block: Block) -> bool:
    if block.kind != "body" or len(block.lines) != 1:
        return False
    text = block.lines[0].stripped
    return bool(_PAGE_NUMBER.match(text))


def assign_sections(blocks: list[Block]) -> list[Block]:
    """Walk the blocks with a heading stack; each block gets its full heading path."""
    stack: list[tuple[int, str]] = []
    out: list[Block] = []
    # in a Markdown document (the slide deck), the '#' headings are the frame: numbered
    # headings such as （1） nest under the current slide instead of above it
    markdown = any(MARKDOWN_RANK < b.rank < BRACKET_HEADING_RANK for b in blocks)
    for block in blocks:
        if block.kind == "heading":
            rank = block.rank
            if markdown and rank < MARKDOWN_RANK:
                rank += BRACKET_HEADING_RANK
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, block.heading_text))
        out.append(replace(block, section=tuple(text for _, text in stack)))
    return out


def parse_structure(text: str) -> DocumentStructure:
    """The structure of one document's text."""
    lines, stamps = take_stamps(split_lines(text))
    title, toc, body = split_front_matter(lines)
    blocks = cut_blocks(body)
    for step in (title_chapter_headings, mark_bullet_headings, repair_page_breaks, assign_sections):
        blocks = step(blocks)
    return DocumentStructure(tuple(title), tuple(toc), tuple(blocks), stamps)


def take_stamps(lines: list[Line]) -> tuple[list[Line], tuple[Line, ...]]:
    """The lines with every stamp standing alone (仮訳, （案）) made blank, and the first line of
    each stamp. A stamp printed on each page breaks the text wherever a page ends (…いかなる法
    ⏎ 仮訳 ⏎ 的手続を…), yet says what the whole text is: a provisional translation, a draft.
    It belongs to the title block (2 development questions ask 正文ではなく、どういう扱いの訳か,
    which no passage answered while the stamp was dropped as a page artefact)."""
    kept: list[Line] = []
    first: dict[str, Line] = {}
    for line in lines:
        if line.stripped in STAMPS:
            first.setdefault(line.stripped, line)
            line = Line("", line.start, line.start)
        kept.append(line)
    return kept, tuple(first.values())
