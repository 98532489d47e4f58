"""Who issued a document (the sidecar's issuer; eli:passed_by in the graph).

「重要鉱物の取組方針はどこが策定したか」 asks for a body (どこ, 誰, どの省庁) and an act of
issuing (策定, 発行, 公表, 作成, 取りまとめ) and names the document by its title's words.
The answer is the issuer, cited by a sentence of the document's own text that names the
issuer and the act (…を策定した), or else by the line of its title block that names it, as a
Japanese policy text signs itself under its title and dates (経 済 産 業 省). A document
whose passages name its issuer in neither place is left to the text answerer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.corpus.passages import TITLE_SECTION
from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import GraphContext, graph_answer

ASKS_FOR_BODY = re.compile(r"どこ|誰|どの機関|どの省庁|どの組織")
ISSUING = re.compile(r"策定|発行|公表|作成|取りまとめ|取り纏め|とりまとめ|発出")
# a question may also ask who 定めた it; a sentence with 定める is no statement of issuing
# (経済産業省令で定める金属鉱物)
ASKS_ISSUING = re.compile(rf"{ISSUING.pattern}|定め")


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
        if ASKS_FOR_BODY.search(text) and ASKS_ISSUING.search(text):
            return IssuerQuestion(question)
        return None

    def answer(self, match: IssuerQuestion) -> Answer | None:
        context = self._context
        doc_id = context.named_document(match.question.normalized, context.documents)
        if doc_id is None:
            return None
        meta = context.documents[doc_id]
        naming = context.sentences_naming(doc_id, meta.issuer)
        stated = (c for c in naming if ISSUING.search(c.quote))
        signed = (c for c in naming if c.section == " > ".join(TITLE_SECTION))
        citation = next(stated, None) or next(signed, None)
        if citation is None:
            return None
        return graph_answer(
            match.question.text,
            meta.issuer,
            (citation,),
            (Fact(meta.title, "発行者", meta.issuer),),
        )
