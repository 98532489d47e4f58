"""A document's number as a meeting handed it out (資料３), from its title block.

「レアメタル等の確保に向けた取組の全体像は、何番の資料として配られたか」 asks for the number a
handout carries above its title (資料３), naming the document by its title's words. The
sentence ranker chose the title block's date line instead, which shares the question's date and
title words while 資料３ shares one word (5 development questions, written in four blind
rounds, all missed so). The answer is that line of the document's title block, cited; a
document whose title block carries no number is left to the text answerer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.corpus.passages import TITLE_SECTION
from policy_kg.corpus.structure import HANDOUT_NUMBER
from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import GraphContext, graph_answer

# 資料番号, 何番の資料, 資料の何番, 何番目の資料, 配付資料の何番
ASKS_NUMBER = re.compile(r"資料.{0,6}(番号|何番|何号)|(何番|何号).{0,6}資料")
_NUMBERED = re.compile(r"[0-9０-９一-十]")


@dataclass(frozen=True)
class DocumentNumberQuestion:
    question: Question


class DocumentNumberRoute:
    name = "document_number"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        """Nothing to read ahead: what it reads depends on the document asked."""

    def matches(self, question: Question) -> DocumentNumberQuestion | None:
        return DocumentNumberQuestion(question) if ASKS_NUMBER.search(question.normalized) else None

    def answer(self, match: DocumentNumberQuestion) -> Answer | None:
        context = self._context
        doc_id = context.named_document(match.question.normalized, context.documents)
        if doc_id is None:
            return None
        citation = self._number_line(doc_id)
        if citation is None:
            return None
        title = context.documents[doc_id].title
        return graph_answer(
            match.question.text,
            citation.quote,
            (citation,),
            (Fact(title, "資料番号", citation.quote),),
        )

    def _number_line(self, doc_id: str) -> Citation | None:
        """The line of the document's title block that is its number, cited."""
        for passage in self._context.passages_of(doc_id):
            if passage.section != TITLE_SECTION:
                continue
            for line in map(str.strip, passage.text.splitlines()):
                if HANDOUT_NUMBER.match(line) and _NUMBERED.search(line):
                    return Citation.in_passage(passage, self._context.documents, line)
        return None
