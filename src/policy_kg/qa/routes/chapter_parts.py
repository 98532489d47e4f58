"""How many sections or numbered items a chapter holds, counted in the document's structure.

日米の重要鉱物枠組みの第Ⅰ章には、番号の付いた項目がいくつ並んでいるか asks a count that no
sentence states: the chapter lists its items (1. 供給の確保 … 10. 備蓄) and never says ten, so the
text answerer abstained (2 development questions, a chapter's numbered items and a chapter's
節, and 1 question of the seventh blind round, numbered items again). The question names the
document by its title's words and the chapter by its label (第Ⅰ章, 第6章: Roman, Arabic or
kanji numerals) or, failing one, by the words of its heading and of its sections' headings
(人権やサイバーセキュリティなど…配慮すべき事項を扱う章). The parts counted are the chapter's 節
(the headings right under it) or its numbered items (lines numbered 1., 2., … at its top
level; a., b. under an item are not counted), and only when they are numbered 1 to n without
a gap. The answer is the count, cited by the last part, which carries the number n, then by
the chapter's heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from policy_kg.corpus.dates import japanese_number
from policy_kg.corpus.model import Passage
from policy_kg.corpus.sentences import sentence_around
from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import GraphContext, graph_answer

Part = Literal["節", "項目"]
# いくつの節で構成, 何節, 項目がいくつ, 何項目, 節の数は; not 第何節 (法第2章の第何節から第何節
# までの措置では asks which sections of a law, not how many a chapter has)
ASKS_PARTS = re.compile(
    r"(いくつ|(?<!第)何)の?(?P<a>節|項目)|(?P<b>節|項目)(が|は|の数は?)(いくつ|何)"
)
CHAPTER = re.compile(r"第\s*(?P<number>[0-9IVX一二三四五六七八九十]+)\s*章")
SECTION = re.compile(r"第\s*(?P<number>[0-9一二三四五六七八九十]+)\s*節")
ITEM = re.compile(r"(?P<number>[0-9]+)\s*[.．]")
ROMAN = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class ChapterPartsQuestion:
    question: Question
    part: Part


@dataclass(frozen=True)
class Chapter:
    heading: Passage
    sections: tuple[Passage, ...]  # the headings right under it
    items: tuple[Passage, ...]  # its numbered top-level lines


class ChapterPartsRoute:
    name = "chapter_parts"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        """Nothing to read ahead: what it reads depends on the document asked."""

    def matches(self, question: Question) -> ChapterPartsQuestion | None:
        text = question.normalized  # NFKC already: Ⅰ is I, full-width digits ASCII
        asked = ASKS_PARTS.search(text)
        if asked is None or "章" not in text:
            return None
        part: Part = "節" if (asked["a"] or asked["b"]) == "節" else "項目"
        return ChapterPartsQuestion(question, part)

    def answer(self, match: ChapterPartsQuestion) -> Answer | None:
        context = self._context
        text = match.question.normalized
        doc_id = context.named_document(text, context.documents)
        if doc_id is None:
            return None
        chapter = self._chapter(doc_id, text)
        if chapter is None:
            return None
        parts = chapter.sections if match.part == "節" else chapter.items
        pattern = SECTION if match.part == "節" else ITEM
        if not parts or _numbers(parts, pattern) != list(range(1, len(parts) + 1)):
            return None
        count = f"{len(parts)}{match.part}"
        last = parts[-1]
        documents = context.documents
        citations = (
            Citation.in_passage(last, documents, last.text[slice(*sentence_around(last.text, 0))]),
            Citation.in_passage(chapter.heading, documents, chapter.heading.text),
        )
        fact = Fact(chapter.heading.text, f"{match.part}の数", count)
        return graph_answer(match.question.text, count, citations, (fact,))

    def _chapter(self, doc_id: str, text: str) -> Chapter | None:
        """The chapter the question names by its label, else by its headings' words."""
        chapters = _chapters(self._context.passages_of(doc_id))
        label = CHAPTER.search(text)
        if label is not None:
            number = _chapter_number(label["number"])
            return next((c for c in chapters if _label_number(c.heading) == number), None)
        return self._chapter_by_words(doc_id, text, chapters)

    def _chapter_by_words(self, doc_id: str, text: str, chapters: list[Chapter]) -> Chapter | None:
        """The chapter whose heading and section headings share the most of the question's
        words, each counting 1/(number of chapters that have it), beyond the title's; None
        when none shares one, or two share as many."""
        context = self._context
        asked = context.question_terms(text) - context.label_terms(context.documents[doc_id].title)
        words = [
            frozenset().union(*(context.label_terms(p.text) for p in (c.heading, *c.sections)))
            & asked
            for c in chapters
        ]
        spread = {w: sum(w in found for found in words) for w in asked}
        scores = [sum(1 / spread[w] for w in found) for found in words]
        best = max(scores, default=0.0)
        if best == 0 or scores.count(best) > 1:
            return None
        return chapters[scores.index(best)]


def plain(text: str) -> str:
    """NFKC (Ⅰ becomes I, full-width digits ASCII)."""
    return unicodedata.normalize("NFKC", text)


def _chapters(passages: tuple[Passage, ...]) -> list[Chapter]:
    """The document's chapters (headings 第…章 at the top of the heading path), each with the
    headings right under it and its numbered top-level lines, in one pass over the passages."""
    headings: dict[str, Passage] = {}
    sections: dict[str, list[Passage]] = {}
    items: dict[str, list[Passage]] = {}
    for p in passages:
        if not p.section:
            continue
        top, depth = p.section[0], len(p.section)
        if p.kind == "heading" and depth == 1 and CHAPTER.match(plain(p.text)):
            headings[top] = p
        elif p.kind == "heading" and depth == 2:
            sections.setdefault(top, []).append(p)
        elif p.kind in ("list", "body") and depth == 1 and ITEM.match(plain(p.text)):
            items.setdefault(top, []).append(p)
    return [
        Chapter(heading, tuple(sections.get(top, ())), tuple(items.get(top, ())))
        for top, heading in headings.items()
    ]


def _numbers(parts: tuple[Passage, ...], pattern: re.Pattern[str]) -> list[int | None]:
    numbers = []
    for part in parts:
        found = pattern.match(plain(part.text))
        numbers.append(japanese_number(found["number"]) if found else None)
    return numbers


def _label_number(heading: Passage) -> int | None:
    found = CHAPTER.match(plain(heading.text))
    return _chapter_number(found["number"]) if found else None


def _chapter_number(token: str) -> int | None:
    """3, 三 or III as a number."""
    if set(token) <= set(ROMAN):
        values = [ROMAN[c] for c in token]
        following = [*values[1:], 0]
        return sum(-v if v < after else v for v, after in zip(values, following, strict=True))
    return japanese_number(token)
