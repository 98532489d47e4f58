"""Who signed a document, and in what office: its signature block.

「日米枠組みに署名したのは誰か」 asks for the people who signed a text, and 「…署名した人物の
役職は何か」 for their offices. An agreement signs at its end, one column per party (日本国政府
のために | アメリカ合衆国政府のために), names under their parties, offices under the names: a
table whose words the question barely shares (署名 is in the sentence before it), so the
sentence ranker abstained on or cited second the 3 development questions that ask. The answer
is that table, whole and verbatim; a document without one is left to the text answerer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.corpus.ingest.issuer import SIGNING_PARTY
from policy_kg.corpus.model import Passage
from policy_kg.corpus.tables import CELL_SEPARATOR
from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import GraphContext, graph_answer

_WHO = r"(誰|だれ|どなた|人物|役職|肩書)"
# who signed, or who the signature block names (署名欄で、日本国政府の側に名前が記されている
# のは誰か: the block named, the person asked further on than a signing verb's 12 characters)
ASKS_SIGNATORY = re.compile(rf"署名.{{0,12}}{_WHO}|署名欄.*{_WHO}")


@dataclass(frozen=True)
class SignatoryQuestion:
    question: Question


class SignatoryRoute:
    name = "signatory"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        """Nothing to read ahead: what it reads depends on the document asked."""

    def matches(self, question: Question) -> SignatoryQuestion | None:
        return SignatoryQuestion(question) if ASKS_SIGNATORY.search(question.normalized) else None

    def answer(self, match: SignatoryQuestion) -> Answer | None:
        context = self._context
        doc_id = context.named_document(match.question.normalized, context.documents)
        if doc_id is None:
            return None
        block = next(filter(_is_signature_block, context.passages_of(doc_id)), None)
        if block is None:
            return None
        citation = Citation.in_passage(block, context.documents, block.text)
        title = context.documents[doc_id].title
        return graph_answer(
            match.question.text, block.text, (citation,), (Fact(title, "署名", block.text),)
        )


def _is_signature_block(passage: Passage) -> bool:
    """A table whose first row names one party a cell (日本国政府のために)."""
    if passage.kind != "table":
        return False
    cells = [c.strip() for c in passage.text.splitlines()[0].split(CELL_SEPARATOR) if c.strip()]
    return bool(cells) and all(SIGNING_PARTY.match(cell) for cell in cells)
