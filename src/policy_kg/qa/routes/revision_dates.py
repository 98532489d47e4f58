"""When a policy was first issued, revised, applied or signed (the revisions of its series).

The question names the document by its title's own words and asks いつ about an act on it:
策定／初めて (the series' first issue), 改定 or 見直された (every dated revision), 最初の改定
(the first revision after the first issue), 三度目／3回目の改定 (the third revision after the
first issue), 2025年に行われた改定 (the revisions of that year), 2024年の改定の次／前 (the
revision after or before the one of that year), 適用
(the day its supplementary provisions apply it from: この取組方針は、令和8年3月30日から
適用する。),
署名・発行・公表 (this revision's date, by the sentence that says so: 2025年10月28日、東京に
おいて署名された。); and 何回改定 asks how many revisions followed the first issue (each
listed). The dates come from the graph's revisions of the series; each is cited
by a sentence of the text that states it, so a date the passages do not state (the first
issue, named only on a title page outside the passages) is left to the text answerer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from policy_kg.corpus.dates import find_dates, japanese_number
from policy_kg.graph.queries import RevisionRecord, revisions
from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.qa.question import AFTER_ACT, ASKS_DAY, Question
from policy_kg.qa.routes.context import (
    GraphContext,
    graph_answer,
)

ASKS_WHEN = re.compile(rf"いつ|何年|何月|日付|時期|{ASKS_DAY}")
# asked: from when it applies, has effect, or is used (いつから使われる, the everyday word);
# a 施行令 or 施行規則 is an order, not its applying: 取組方針が引いている…施行令は、何年の政令
# 第何号か asks which order (a development question was answered with the policy's 適用 day)
APPLIED = re.compile(r"適用|施行(?!令|規則)|効力|いつから(使わ|用いら)れ")
APPLIES = re.compile(r"適用|施行")  # how a text says so
FIRST = re.compile(r"策定|初めて|最初|はじめて|当初")
# 見直された and 改められた are everyday words for 改定: この方針が2回目に見直されたのはいつ (a
# development question so worded abstained, though the graph holds the revision and its line);
# done, not planned: 対象鉱種はいつ見直されるか asks of a review to come, which no revision date
# answers
REVISED = re.compile(r"改定|改訂|見直(され|し)(た|て)|改め(られ|た)")
# the first issue asked for (策定, 制定, 定められた, 決められた), not named as the point after which
# (策定されたあと、策定した後、初めて改定)
ISSUE = re.compile(rf"(策定|制定|定められ|決められ)(?!{AFTER_ACT})")
AFTER = re.compile(r"の次|次に|その次|の後|(一|ひと)つ後")
BEFORE = re.compile(r"の前|前に|その前|(一|ひと)つ前")
ISSUED = re.compile(r"署名|発行|公表|公開|決定")
LATEST = re.compile(r"最新|最後|直近|一番新しい|最も新しい")
COUNT = re.compile(r"何(回|度)(?!目)")  # 何回改定された: how many, not 何度目 (which one)
REVISION_SUFFIX = re.compile(r"(改定|改訂)$")
ORDINAL = re.compile(r"([0-9]+|[一二三四五六七八九十])\s*(度目|回目|番目)")

Act = Literal[
    "applied",
    "first",
    "first_revised",
    "nth_revised",
    "after",
    "before",
    "of_year",
    "revised",
    "latest",
    "issued",
    "count",
]


@dataclass(frozen=True)
class RevisionDateQuestion:
    question: Question
    act: Act
    cue: str  # the word of the question that names the act (適用, 署名 …)


class RevisionDateRoute:
    name = "revision_date"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        """Nothing to read ahead: what it reads depends on the series asked."""

    def matches(self, question: Question) -> RevisionDateQuestion | None:
        text = question.normalized
        revised = REVISED.search(text)
        if revised and COUNT.search(text):
            return RevisionDateQuestion(question, "count", revised[0])
        if not ASKS_WHEN.search(text) or question.unit == "duration":
            # 量産開始から最低何年続けるか asks a length of time, not a date
            return None
        acts: tuple[tuple[Act, re.Pattern[str]], ...] = (
            ("applied", APPLIED),
            ("issued", ISSUED),
            ("latest", LATEST),
            ("first", FIRST),
            ("revised", REVISED),
        )
        for act, cue in acts:
            if found := cue.search(text):
                return RevisionDateQuestion(question, _relative(question, act), found[0])
        return None

    def answer(self, match: RevisionDateQuestion) -> Answer | None:
        context = self._context
        doc_id = context.named_document(match.question.normalized, context.documents)
        if doc_id is None or not self._names_kind(doc_id, match.question):
            return None
        meta = context.documents[doc_id]
        series = context.read(revisions, meta.series)
        this = next((r for r in series if r.doc_id == doc_id), None)
        chosen = {
            "applied": [this],
            "issued": [this],
            "latest": [this],
            "first": series[:1],
            "first_revised": series[1:2],
            "nth_revised": series[_ordinal(match.question) or len(series) :][:1],
            "after": _beside(series, _years(match.question), 1),
            "before": _beside(series, _years(match.question), -1),
            "of_year": _of_years(series[1:], _years(match.question)),
            "revised": series[1:],  # every revision after the first issue
            "count": series[1:],
        }[match.act]
        stated = [(r, self._cite(doc_id, r, match)) for r in chosen if r is not None]
        if not stated or any(citation is None for _, citation in stated):
            return None
        citations = [c for _, c in stated if c is not None]
        value = "、".join(_shown(r, match.act) for r, _ in stated)
        if match.act == "count":
            value = f"{len(stated)}回（{value}）"
        facts = tuple(Fact(meta.title, "改定日", r.revision or "") for r, _ in stated)
        return graph_answer(match.question.text, value, citations, facts)

    def _names_kind(self, doc_id: str, question: Question) -> bool:
        """Whether the question names what kind of text the document is: its title's last
        word (取組方針, 日米枠組み). A question on the date of another text shares a title's
        other words by chance (日本とチリの鉱業・鉱物資源分野の協力覚書が最初に結ばれたのは
        shares 分野 and 鉱物 with マテリアル（重要鉱物・部素材）分野の課題と検討の方向性)."""
        kind = self._context.terms(self._context.documents[doc_id].title)[-1:]
        return bool(set(kind) & self._context.question_terms(question.normalized))

    def _cite(
        self, doc_id: str, revision: RevisionRecord, match: RevisionDateQuestion
    ) -> Citation | None:
        """A sentence of the document that states the revision's date: with the question's
        own act for those (署名; 適用 or 施行 for a date asked as 効力を持つ); else the label as
        the revision list writes it (令和8年3月30日改定), alone on its line when it has no 改定
        (the first issue)."""
        for label in revision.labels:
            if match.act in ("applied", "issued"):
                found = self._context.sentences_naming(doc_id, _date_part(label))
                stated = [c for c in found if _states_act(match, c.quote)]
            else:
                found = self._context.sentences_naming(doc_id, label)
                revised = REVISION_SUFFIX.search(label) is not None
                stated = [c for c in found if revised or c.quote.strip() == label]
            if stated:
                return stated[0]
        return None


def _relative(question: Question, act: Act) -> Act:
    """A revision named relative to another: the first 改定 (not the first issue, 策定), the
    one after or before the revision of a year the question names (the latest too), or that
    year's own."""
    text = question.normalized
    if act not in ("first", "revised", "latest") or not REVISED.search(text) or ISSUE.search(text):
        return act
    years = _years(question)
    if years and AFTER.search(text):
        return "after"
    if years and BEFORE.search(text):
        return "before"  # the latest named by its date too: 最新版（令和8年3月30日改定）の一つ前
    if act == "latest":
        return act
    if _ordinal(question) is not None:
        return "nth_revised"
    if act == "first":
        return "first_revised"
    return "of_year" if years else act


def _ordinal(question: Question) -> int | None:
    """The n of 三度目／3回目／3番目 in the question (n >= 1), or None."""
    found = ORDINAL.search(question.normalized)
    if found is None:
        return None
    n = japanese_number(found[1])
    return n if n is not None and n >= 1 else None


def _states_act(match: RevisionDateQuestion, quote: str) -> bool:
    if match.act == "applied":
        return APPLIES.search(quote) is not None
    return match.cue in quote


def _years(question: Question) -> tuple[str, ...]:
    """The years the question names, 西暦 or 和暦 (令和6年3月 is 2024)."""
    eras = (str(date.year) for date, _, _ in find_dates(question.normalized))
    return tuple(dict.fromkeys((*question.years, *eras)))


def _beside(
    series: tuple[RevisionRecord, ...], years: tuple[str, ...], step: int
) -> list[RevisionRecord]:
    """The revision `step` places from the first one dated in one of `years`; none when no
    revision is dated so or the series ends there."""
    named = [n for n, r in enumerate(series) if _dated_in(r, years)]
    if not named or not 0 <= named[0] + step < len(series):
        return []
    return [series[named[0] + step]]


def _of_years(series: tuple[RevisionRecord, ...], years: tuple[str, ...]) -> list[RevisionRecord]:
    """The revisions of `series` dated in one of `years`; none when no revision is."""
    return [r for r in series if _dated_in(r, years)]


def _dated_in(revision: RevisionRecord, years: tuple[str, ...]) -> bool:
    return (revision.revision or "")[:4] in years


def _date_part(label: str) -> str:
    """令和8年3月30日改定 -> 令和8年3月30日: the date as the applying sentence writes it."""
    return REVISION_SUFFIX.sub("", label.strip())


def _shown(revision: RevisionRecord, act: Act) -> str:
    label = revision.labels[0] if revision.labels else revision.revision or ""
    return _date_part(label) if act in ("applied", "issued") else label
