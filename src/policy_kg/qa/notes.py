"""The notes of a passage, and the passage each note annotates.

A question may restate a statement to ask about its note: the source of a forecast (…という
見込みは、どの国際機関の資料を出典にしているか), the trade codes an estimate used (…の試算で
使った品目番号は), how long a measure covers a mineral (its footnote: …解消されるまでの間は施策
の対象とする). The note shares few of the question's words, so retrieval and the sentence
ranker found the statement and answered with it (10 development questions). A note is read
with its statement: it is a candidate wherever its statement is retrieved, and its statement
is its context, as a table row's header rows are a row's. On the 881 development questions:
cite@3 0.923 -> 0.932, cite@1 0.865 -> 0.868, 20 -> 18 answerable abstained, 126 -> 125 of 176
unanswerable abstained (a footnote's price per kWh answered a question on a magnet's price).

The ranker also reads whether a unit is a note and whether the question asks what notes give
(`ASKS_NOTE`: a source, a scope, a code, or the note itself): asked how an IEA forecast was
limited, or which report an estimate cites, the statement that repeats the question's words
was cited first and its note second. Refitted with those two features on the 1,415
development questions, out of fold: cite@1 0.875, cite@3 0.949, 32 false abstentions and 155
of 266 unanswerable abstained, against 0.868, 0.943, 40 and 159 for the fit before them (whose
code read two questions' いくら as money).

Two kinds of note: a footnote, linked from the passage whose marker names it
(`Passage.footnotes`), and a note line of a slide or section (※…, (注 2)…, 出典：…, (出所)…),
which annotates the other passages of its section.

A ※ note glosses the words its passage marks with ※ before it (半導体のサブストレート※ … ⏎
※ 半導体チップをパッケージする基板): asked what such a thing is called, the note alone names
nothing, so an answer with it reaches back to the marked line (`glossed_from`). 4 development
questions asked the name of that gloss; each was answered with the note alone. A slide's
bracketed gloss of its heading's term (### 電磁鋼板 ⏎ （優れた磁気特性を有する鋼板…）) is a
note of the heading, and answers what the term is (`is_gloss`).

A question asking what only a note gives (`NAMES_NOTE`: the note named, a source, a scope, a
code) whose best unit is a statement is answered with that statement's best-ranked note, the
statement cited after it (`QuestionAnswerer._note_first`). The ranker had learnt this for the
facts it was fitted on (in-sample, each such development question cites the note first), not
for others: cross-fitted by fact over three fold seeds, the 1,622 development questions gained
cite@1 +0.005, +0.005 and +0.004 (6, 6 and 5 questions better, none worse); 167 new questions
on passages no development question cited, answered by the ranker before them, 0.669 -> 0.691
(3 better, none worse; the question file is bench/eval/cover_qa.jsonl, added next).

A passage may mark several footnotes, one a sentence or one a figure (需要が80トン程度¹⁴…
推察される¹⁵。…2,400トンとされており¹⁶): the note asked is one that the best unit itself marks
(`Passage.footnote_marks`, `marked_in`), the best-ranked of those, and only when it marks none
the best-ranked note of its passage. Asked which uses a footnote gives as examples of a motor
running above 100 ℃, the passage's best-ranked note was another sentence's (航空機エンジン
周辺): of the 43 development questions that ask what only a note gives, cross-fitted by fact
over three fold seeds, 1 is cited right first that was not (each seed), 1 cites another wrong
note of the sentence it restates, none is worse.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from policy_kg.corpus.model import Passage

_MARK = "※"
NOTE_LINE = re.compile(r"\s*(※|[(（]\s*(注|出典|出所)|(注|出典|出所)\s*[0-9０-９]*\s*[:：)）])")
_NOT_STATEMENTS = frozenset({"heading", "title", "contents", "footnote"})
# what a question asks of a note rather than of its statement: the note itself (注では, 注記で),
# the source a figure rests on (出典, 根拠, どこの報告書, 何という資料から), the scope it is
# limited to (どんな用途に限った予測か), the codes it was counted by (品目コード)
ASKS_NOTE = re.compile(
    r"注(で|に|記|釈|では|によると)|出典|出所|根拠|典拠|報告書|レポート|資料(から|を|に基づ)"
    r"|限定|限った|限られ|絞った|だけを数え|コード|品目番号"
)
# what only a note can give: the note named (注では, 脚注に), the source a figure rests on
# (出典, どこの報告書), the scope it is limited to, the codes it was counted by. Narrower than
# ASKS_NOTE: 根拠 is also a notice a statement names (根拠となった公告は何号か), 絞った a verb
# (輸出を絞った), レポートでは and 資料を the text itself.
NAMES_NOTE = re.compile(
    r"注(で|に|記|釈|では|によると)|脚注|出典|出所|典拠|報告書|資料から|何という資料"
    r"|限定|限った|だけを数え|コード|品目番号"
)


@dataclass(frozen=True)
class Notes:
    of: Mapping[str, tuple[Passage, ...]] = field(default_factory=dict)  # passage_id -> notes
    annotated: Mapping[str, Passage] = field(default_factory=dict)  # note's id -> its statement


def is_note_line(passage: Passage) -> bool:
    return passage.kind in ("body", "list") and NOTE_LINE.match(passage.text) is not None


def is_note(passage: Passage, text: str) -> bool:
    """Whether a unit of `passage` reading `text` is a note, or part of one: a footnote's, a
    note line's, or a line of a slide opening as a note (※ 半導体チップをパッケージする基板)."""
    return passage.kind == "footnote" or is_note_line(passage) or bool(NOTE_LINE.match(text))


def find_notes(passages: Iterable[Passage]) -> Notes:
    """Every passage's notes (its footnotes, then its section's note lines) and, for each
    note, the passage it annotates (the first that links it, or the nearest statement before
    it in its section, else after it)."""
    ordered = list(passages)
    by_id = {p.passage_id: p for p in ordered}
    of: dict[str, tuple[Passage, ...]] = {}
    annotated: dict[str, Passage] = {}
    for passage in ordered:
        linked = tuple(by_id[i] for i in passage.footnotes if i in by_id)
        if linked:
            of[passage.passage_id] = linked
            for note in linked:
                annotated.setdefault(note.passage_id, passage)
    for group in _sections(ordered):
        notes = tuple(p for p in group if is_note_line(p))
        statements = [p for p in group if p.kind not in _NOT_STATEMENTS and not is_note_line(p)]
        if not notes or not statements:
            continue
        for statement in statements:
            of[statement.passage_id] = of.get(statement.passage_id, ()) + notes
        for note in notes:
            before = [p for p in statements if p.start < note.start]
            annotated.setdefault(note.passage_id, before[-1] if before else statements[0])
    return Notes(of, annotated)


def _sections(passages: list[Passage]) -> list[list[Passage]]:
    """The passages grouped by document and section path, in reading order."""
    groups: dict[tuple[str, tuple[str, ...]], list[Passage]] = {}
    for passage in passages:
        groups.setdefault((passage.doc_id, passage.section), []).append(passage)
    return list(groups.values())


def marked_in(passage: Passage, start: int, end: int) -> frozenset[str]:
    """The footnotes (passage ids) whose markers a unit of `passage`, its text from `start` to
    `end`, carries: a marker right after the unit's last character is the unit's."""
    return frozenset(note for at, note in passage.footnote_marks if start < at <= end)


def glossed_from(text: str, start: int) -> int | None:
    """Where the line starts that a ※ note beginning at `start` of `text` glosses: the
    nearest line before it that carries the mark after some words; None when the unit is no
    ※ note or nothing before it is marked."""
    if not text[start:].lstrip().startswith(_MARK):
        return None
    mark = text.rfind(_MARK, 0, start)
    while mark >= 0:
        line = text.rfind("\n", 0, mark) + 1
        if text[line:mark].strip():
            return line
        mark = text.rfind(_MARK, 0, line)
    return None


def is_gloss(text: str) -> bool:
    """A unit that is one bracketed gloss of the term its heading names, as slides write
    ### 電磁鋼板 ⏎ （優れた磁気特性を有する鋼板。モーターや変圧器等に使用）."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if not (plain.startswith("(") and plain.endswith(")")):
        return False
    # the bracket that opens the unit closes it: "(2) …（「みなし輸出」規制の導入）" is a
    # numbered item ending in a bracket, not a gloss
    depth = 0
    for end, char in enumerate(plain, start=1):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return end == len(plain)
    return False
