"""How much a budget programme was given (pkg:Budget).

「令和4年度第2次補正予算で計上されたJOGMEC出資金の額は」 asks for an amount (いくら, 額は …)
and names a programme by its words, often with the fiscal year and the kind of budget
(補正予算, 当初予算案). The programme that shares the most words with the question answers,
the fiscal year and budget kind breaking ties; a fiscal year the question names must be the
programme's. A programme whose year the graph does not know answers only questions that name
none: the 2011 overview lists each 平成24年度 request with the 平成23年度 budget after it in 【】,
and its requests stood as the answer to questions on 平成23年度 (0.8億円 for 【１.6億円】).
Nor does an amount of another kind of budget than the one the question names: asked for
令和7年度's 補正予算 of JOGMEC出資金, the route answered the 予備費 of that year (390億円),
though the supplementary budget is another sum (937億円, for a programme named in more words).
"""

from __future__ import annotations

import re
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
# The kinds of budget a question or a programme's category names (第2次補正予算 and ３次補正
# are supplementary budgets, 24年度要求 and 要求額 requests, 当初予算案 an initial budget).
BUDGET_KIND = re.compile(r"補正|予備費|当初|要求")


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
        if _other_kind(record, text):
            return None
        named, share = self._context.label_share(record.programme, text)
        if share <= MIN_PROGRAMME_SHARE:
            return None
        same_year = match.fiscal_year is not None and record.fiscal_year == match.fiscal_year
        same_kind = bool(record.category) and record.category in text
        return named, int(same_year) + int(same_kind)


def _other_kind(record: BudgetRecord, question: str) -> bool:
    """The question names a kind of budget, and the programme's amount is of another."""
    asked = set(BUDGET_KIND.findall(question))
    kinds = set(BUDGET_KIND.findall(record.category or ""))
    return bool(asked and kinds) and not asked & kinds


def _when(record: BudgetRecord) -> str:
    parts = [f"FY{record.fiscal_year}" if record.fiscal_year else "", record.category or ""]
    return " ".join(p for p in parts if p) + (" " if any(parts) else "")
