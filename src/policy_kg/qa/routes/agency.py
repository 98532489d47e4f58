"""Which agency runs a policy's support business and fund (pkg:SupportAgencyDesignation).

「永久磁石の安定供給確保支援業務を行う法人はどこか」: the question asks for a body (法人,
機関, どこ) in the support role (支援業務, 基金, 助成, 法人として選定 …) and names the policy by its
title's own words (永久磁石, 重要鉱物). The answer is the designated agency, then the sentence
that designates it. A question that names the agency itself asks something about it (NEDOが
基金を運用管理する範囲となる中長期目標等を定めるのは誰か): 2 development questions got the
designation sentence for such a question, whose answer the text gives elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.graph.queries import AgencyRecord, support_agencies
from policy_kg.nlp.vocabulary import normalize_surface
from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import VALUE_TYPES, Question
from policy_kg.qa.routes.context import (
    GraphContext,
    graph_answer,
)

ASKS_FOR_BODY = re.compile(r"法人|機関|団体|組織|どこ|誰")
# 選定／指定 only of the body itself (法人として選定, 指定された法人): a body that 指定している
# minerals (米国で…クリティカルミネラルとして指定している役所) is no support agency
SUPPORT_ROLE = re.compile(
    r"支援業務|支援法人|基金|助成|法人として(選定|指定)|(選定|指定)(された|されている|する)?(法人|機関)"
)


@dataclass(frozen=True)
class AgencyQuestion:
    question: Question


class SupportAgencyRoute:
    name = "support_agency"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        self._context.read(support_agencies)

    def matches(self, question: Question) -> AgencyQuestion | None:
        text = question.normalized
        if question.qtype in VALUE_TYPES:
            return None  # 基金の管理を定めた節は何ページか names the fund, asks a page
        if ASKS_FOR_BODY.search(text) and SUPPORT_ROLE.search(text):
            return AgencyQuestion(question)
        return None

    def answer(self, match: AgencyQuestion) -> Answer | None:
        context = self._context
        designated = context.read(support_agencies)
        records = {
            doc_id: record
            for doc_id in context.documents
            if (record := designated.get(doc_id)) is not None and record.quotes
        }
        named = context.named_document(match.question.normalized, records)
        if named is None:
            return None
        record = records[named]
        if self._names_agency(match.question.normalized, record):
            return None  # asks about the designated body (NEDOが…目標を定めるのは誰か), not for it
        title = context.documents[record.doc_id].title
        if context.other_work(match.question.normalized, title):
            return None  # the fund of a strategy the policy cites is not the policy's
        citations = [context.sentence_citation(q) for q in record.quotes]
        return graph_answer(
            match.question.text,
            self._shown(record),
            citations,
            (Fact(title, "指定法人", record.agency),),
        )

    def _names_agency(self, question: str, record: AgencyRecord) -> bool:
        """Whether the question names the designated agency, by its label or an alias."""
        agency = self._context.vocabulary.agency(record.agency)
        forms = agency.surface_forms if agency else (record.agency,)
        plain = normalize_surface(question)
        return any(normalize_surface(form) in plain for form in forms)

    def _shown(self, record: AgencyRecord) -> str:
        """The agency as its quote names it, with its full name: NEDO（国立研究開発法人…）."""
        agency = self._context.vocabulary.agency(record.agency)
        quoted = " ".join(q.quote for q in record.quotes)
        forms = [f for f in (agency.aliases if agency else ()) if f in quoted]
        if not forms:
            return record.agency
        return f"{max(forms, key=len)}（{record.agency}）"
