"""How much a budget programme was given (pkg:Budget).

「令和4年度第2次補正予算で計上されたJOGMEC出資金の額は」 asks for an amount (いくら, 額は …)
and names a programme by its words, often with the fiscal year and the kind of budget
(補正予算, 当初予算案). The programme that shares the most words with the question answers,
the fiscal year and budget kind breaking ties; a fiscal year the question names must be the
programme's. A programme whose year the graph does not know answers only questions that name
none: the 2011 overview lists each 平成24年度 request with the 平成23年度 budget after it in 【】,
and its requests stood as the answer to questions on 平成23年度 (0.8億円 for 【１.6億円】).
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_kg.corpus.dates import fiscal_year
from policy_kg.graph.lookup import BudgetRecord, budgets
from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import (
    GraphContext,
    graph_answer,
)

# A question names a programme when it has more than this share of the programme's words:
# the development questions name 5 of 7 (JOGMEC出資金及び国家備蓄の強化費用等) up to all of
# them; questions on other budgets share one word of two (米国の防衛用途の備蓄 with
# レアメタル備蓄) or fewer (量子コンピュータの研究開発).
MIN_PROGRAMME_SHARE = 0.5


@dataclass(frozen=True)
class BudgetQuestion:
    question: Question
    fiscal_year: int | None


class BudgetRoute:
    name = "budget"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        self._context.read(budgets)

    def matches(self, question: Question) -> BudgetQuestion | None:
        if question.qtype != "money":
            return None
        return BudgetQuestion(question, fiscal_year(question.normalized)[0])

    def answer(self, match: BudgetQuestion) -> Answer | None:
        scored = [
            (score, record)
            for record in self._context.read(budgets)
            if (score := self._score(record, match)) is not None and record.quotes
        ]
        if not scored:
            return None
        best = max(score for score, _ in scored)
        chosen = [record for score, record in scored if score == best]
        citations = [self._context.sentence_citation(q) for r in chosen for q in r.quotes]
        value = "、".join(dict.fromkeys(f"{r.programme} {r.amount_text}" for r in chosen))
        facts = tuple(Fact(r.programme, "予算", _when(r) + r.amount_text) for r in chosen)
        return graph_answer(match.question.text, value, citations, facts)

    def _score(self, record: BudgetRecord, match: BudgetQuestion) -> tuple[int, int] | None:
        """(programme words named, fiscal year and budget kind named), or None: not this one."""
        if match.fiscal_year is not None and record.fiscal_year != match.fiscal_year:
            return None
        text = match.question.normalized
        named, share = self._context.label_share(record.programme, text)
        if share <= MIN_PROGRAMME_SHARE:
            return None
        same_year = match.fiscal_year is not None and record.fiscal_year == match.fiscal_year
        same_kind = bool(record.category) and record.category in text
        return named, int(same_year) + int(same_kind)


def _when(record: BudgetRecord) -> str:
    parts = [f"FY{record.fiscal_year}" if record.fiscal_year else "", record.category or ""]
    return " ".join(p for p in parts if p) + (" " if any(parts) else "")
