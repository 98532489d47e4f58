"""Who issued a document (the sidecar's issuer; eli:passed_by in the graph).

「重要鉱物の取組方針はどこが策定したか」 asks for a body (どこ, 誰, どの省庁) and an act of
issuing (策定, 発行, 公表, 作成, 取りまとめ) and names the document by its title's words.
The answer is the issuer, cited by a sentence of the document's own text that names the
issuer and the act (…を策定した), or else by the line of its title block that names it, as a
Japanese policy text signs itself under its title and dates (経 済 産 業 省; a slide deck may
sign with its bureau alone, 製造産業局 of 経済産業省製造産業局). A document
whose passages name its issuer in neither place is left to the text answerer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_kg.corpus.model import section_path
from policy_kg.corpus.passages import TITLE_SECTION
from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.qa.question import AFTER_ACT, Question
from policy_kg.qa.routes.context import GraphContext, graph_answer

# a body asked as the one acting, not the one addressed: 誰に向けて公表するか asks to whom
ASKS_FOR_BODY = re.compile(
    r"(どこ|誰|どの(機関|省庁|府省|組織|省|局|部局|部署|部門|課|役所|官庁))(?!に|宛|あて)"
)
ISSUING = re.compile(r"策定|発行|公表|作成|取りまとめ|取り纏め|とりまとめ|発出")
# a question may also ask who 定めた, 作った, まとめた, 発表した or 出した it: 出 as a verb of
# its own (を出した, 打ち出した), not the end of another word (輸出, 拠出, 支出, 貸し出し) nor
# the noun 出し手 (融資の出し手はどこか asks a lender); a sentence with 定める is no statement
# of issuing (経済産業省令で定める金属鉱物), nor one with 発表 (…輸出管理措置を発表)
ASKS_ISSUING = re.compile(
    rf"{ISSUING.pattern}|定め|作った|作られ|まとめ|発表|(?<![一-龥々し])出(し(?!手)|され)"
)
# money given (買い付けの資金を出し) is no document issued: 出 after it is not read as issuing
FUNDING = re.compile(r"(資金|お金|費用|出資金|補助金|予算)を(打ち)?出")
# an act named as the point after which the one asked happens (方針を定めた後、毎年度…確かめる
# のは誰か asks who checks, not who issued)
AFTER = re.compile(AFTER_ACT)
# the bureau that ends an issuer's name after its ministry's (経済産業省 + 製造産業局)
BUREAU = re.compile(r"[省庁府]([^・、]+(局|部|課|室))$")


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
        if ASKS_FOR_BODY.search(text) and _asks_issuing(FUNDING.sub("", text)):
            return IssuerQuestion(question)
        return None

    def answer(self, match: IssuerQuestion) -> Answer | None:
        context = self._context
        text = match.question.normalized
        doc_id = context.clearly_named(text, context.documents)
        if doc_id is None:
            return None
        meta = context.documents[doc_id]
        if context.other_work(text, meta.title):
            return None
        naming = context.sentences_naming(doc_id, meta.issuer)
        stated = (c for c in naming if ISSUING.search(c.quote))
        citation = next(stated, None) or self._signed(doc_id, meta.issuer, naming)
        if citation is None:
            return None
        return graph_answer(
            match.question.text,
            meta.issuer,
            (citation,),
            (Fact(meta.title, "発行者", meta.issuer),),
        )

    def _signed(self, doc_id: str, issuer: str, naming: list[Citation]) -> Citation | None:
        """The title-block line among `naming` (the sentences naming the issuer), or else the
        one naming its bureau alone (a slide deck of 経済産業省製造産業局 signs 製造産業局)."""
        signed = _in_title_block(naming)
        bureau = BUREAU.search(issuer)
        if signed is None and bureau is not None:
            signed = _in_title_block(self._context.sentences_naming(doc_id, bureau[1]))
        return signed


def _asks_issuing(text: str) -> bool:
    return any(not AFTER.match(text, act.end()) for act in ASKS_ISSUING.finditer(text))


def _in_title_block(citations: list[Citation]) -> Citation | None:
    return next((c for c in citations if c.section == section_path(TITLE_SECTION)), None)
