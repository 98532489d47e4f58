"""Who issued a document (the sidecar's issuer; eli:passed_by in the graph).

「重要鉱物の取組方針はどこが策定したか」 asks for a body (どこ, 誰, どの省庁) and an act of
issuing (策定, 発行, 公表, 作成, 取りまとめ) and names the document by its title's words.
The answer is the issuer, cited by a sentence of the document's own text that names the
issuer and the act (…を策定した); a document whose text names its issuer only on a title
page outside its passages (all five of the seed corpus) is left to the text answerer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import GraphContext, graph_answer

ASKS_FOR_BODY = re.compile(r"どこ|誰|どの機関|どの省庁|どの組織")
ISSUING = re.compile(r"策定|発行|公表|作成|取りまとめ|取り纏め|とりまとめ|発出")


@dataclass(frozen=True)
class IssuerQuestion:
    question: Question


class IssuerRoute:
    name = "issuer"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        """Nothing to read ahead: what it reads depends on the document asked."""

    def matches(self, question: Question) -> IssuerQuestion | None:
        text = question.normalized
        if ASKS_FOR_BODY.search(text) and ISSUING.search(text):
            return IssuerQuestion(question)
        return None

    def answer(self, match: IssuerQuestion) -> Answer | None:
        context = self._context
        doc_id = context.named_document(match.question.normalized, context.documents)
        if doc_id is None:
            return None
        meta = context.documents[doc_id]
        citation = next(
            (c for c in context.sentences_naming(doc_id, meta.issuer) if ISSUING.search(c.quote)),
            None,
        )
        if citation is None:
            return None
        return graph_answer(
            match.question.text,
            meta.issuer,
            (citation,),
            (Fact(meta.title, "発行者", meta.issuer),),
        )
