"""When a country put minerals under export control, and which (pkg:ExportControl).

「中国がガリウムとゲルマニウムを輸出規制の対象に加えたのはいつか」 names the minerals and
asks for the date; 「2025年10月に中国が輸出許可制にした中重レアアースにはどの元素が含まれるか」
names the date (or only its year) and asks for the minerals. A group (重希土類) stands for the
minerals under it.
Two documents report China's controls; where they date the same step differently
(グラファイト: 2023年10月 in the critical-minerals policy, 2023年12月 in the materials
paper), the answer gives each source's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from policy_kg.corpus.dates import japanese_date
from policy_kg.graph.queries import ExportControlRecord, export_controls
from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import (
    GraphContext,
    graph_answer,
)

# 輸出管理, and the same said in a few words more: 輸出を規制, 輸出に許可を求める, 輸出を中国が管理
EXPORT_CONTROL = re.compile(r"輸出[^。、]{0,6}?(管理|規制|許可|制限|禁止)")
ASKS_DATE = re.compile(r"いつ|何年|何月|時期")
# どれ asks which; どれだけ／どれくらい／どれほど ask how much (a share, a threshold)
ASKS_MINERALS = re.compile(
    r"(どの|どんな|何という)(元素|鉱種|鉱物|レアアース)|どれ(?!だけ|くらい|ぐらい|ほど)"
)
YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
# a law put in force (レアアースの管理を定めた条例を施行したのは何年か) is no control of
# minerals, though it names them and 管理: the graph keeps controls, not laws
LAW_ENACTED = re.compile(r"(条例|法律|法令|法)(を|が|は)?(施行|制定|公布)")

Asked = Literal["date", "minerals"]


@dataclass(frozen=True)
class ExportControlQuestion:
    question: Question
    asked: Asked
    minerals: frozenset[str]  # slugs, with everything under a named group
    countries: frozenset[str]  # codes
    month: str | None  # ISO year-month the question names (its years are the question's)


class ExportControlRoute:
    name = "export_control"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        self._context.read(export_controls)

    def matches(self, question: Question) -> ExportControlQuestion | None:
        text = question.normalized
        if not EXPORT_CONTROL.search(text) or LAW_ENACTED.search(text):
            return None
        context = self._context
        minerals = context.with_narrower(context.named_minerals(text))
        found = YEAR_MONTH.search(text)
        month = f"{found[1]}-{int(found[2]):02d}" if found else None
        countries = context.named(text, "country")
        if ASKS_MINERALS.search(text) and (month is not None or question.years):
            return ExportControlQuestion(question, "minerals", minerals, countries, month)
        if ASKS_DATE.search(text) and minerals:
            return ExportControlQuestion(question, "date", minerals, countries, month)
        return None

    def answer(self, match: ExportControlQuestion) -> Answer | None:
        found = [r for r in self._context.read(export_controls) if _fits(r, match)]
        if not found:
            return None
        # the fact's own quote: one sentence of the policy lists every step of the timeline
        citations = [self._context.quote_citation(q) for r in found for q in r.quotes]
        if not citations:
            return None
        value = _minerals(found) if match.asked == "minerals" else self._dates(found)
        facts = tuple(
            Fact(r.country.label, "輸出管理の時期", f"{r.date} {_labels(r)} ({r.doc_id})")
            for r in found
        )
        return graph_answer(match.question.text, value, citations, facts)

    def _dates(self, found: list[ExportControlRecord]) -> str:
        """One date when the sources agree; else each date with its minerals and source."""
        if len({r.date for r in found}) == 1:
            return japanese_date(found[0].date)
        titles = {r.doc_id: self._context.documents[r.doc_id].title for r in found}
        lines = (f"{japanese_date(r.date)}: {_labels(r)}（{titles[r.doc_id]}）" for r in found)
        return "\n".join(dict.fromkeys(lines))


def _fits(record: ExportControlRecord, match: ExportControlQuestion) -> bool:
    slugs = {m.iri.rpartition("/")[2] for m in record.minerals}
    code = record.country.iri.rpartition("/")[2]
    years = match.question.years
    return (
        (not match.minerals or bool(slugs & match.minerals))
        and (not match.countries or code in match.countries)
        and (match.month is None or record.date.startswith(match.month))
        and (not years or record.date[:4] in years)
    )


def _labels(record: ExportControlRecord) -> str:
    return "、".join(m.label for m in record.minerals)


def _minerals(found: list[ExportControlRecord]) -> str:
    return "、".join(dict.fromkeys(m.label for r in found for m in r.minerals))
