from dataclasses import replace

import pytest

from policy_kg.corpus.model import Passage
from policy_kg.qa.question import analyse
from policy_kg.qa.routes.issuer import IssuerRoute

from .conftest import COBALT_PLAN

STATED = Passage(
    passage_id="cobalt-plan@2024-04-01#a1",
    doc_id=COBALT_PLAN.doc_id,
    kind="body",
    section=("はじめに",),
    text="備蓄の方針を示す。本計画は、経 済 産 業 省が策定したものである。",
    start=0,
    end=40,
)


def _ask(context, question: str):
    route = IssuerRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


def test_the_issuer_with_the_sentence_that_says_so(context):
    documents = {**context.documents, COBALT_PLAN.doc_id: COBALT_PLAN}
    passages = {**context.passages, STATED.passage_id: STATED}
    answer = _ask(
        replace(context, documents=documents, passages=passages),
        "コバルトの備蓄計画はどこが策定したか。",
    )
    assert answer is not None
    assert answer.answer.splitlines()[0] == "経済産業省"
    (citation,) = answer.citations
    assert citation.quote == "本計画は、経 済 産 業 省が策定したものである。"
    assert citation.quote in STATED.text and citation.revision == COBALT_PLAN.revision


@pytest.mark.parametrize(
    ("question", "doc_id", "issuer", "signed"),
    [
        # the seed policy names 経 済 産 業 省 under its title and dates, and in no sentence
        # saying it issued the text (経済産業省令で定める… is no such sentence)
        (
            "重要鉱物の取組方針を定めたのはどの省庁か。",
            "critical-minerals-policy@2026-03-30",
            "経済産業省",
            "経 済 産 業 省",
        ),
        # a slide deck of 経済産業省製造産業局 signs with its bureau alone
        # asked who 出した or まとめた it
        (
            "永久磁石の取組方針を出したのはどの省か。",
            "permanent-magnets-policy@2025-draft",
            "経済産業省",
            "経 済 産 業 省",
        ),
        (
            "重要鉱物の取組方針をまとめた役所はどこか。",
            "critical-minerals-policy@2026-03-30",
            "経済産業省",
            "経 済 産 業 省",
        ),
        (
            "重要鉱物の取組方針は、どの役所が公表したものか。",
            "critical-minerals-policy@2026-03-30",
            "経済産業省",
            "経 済 産 業 省",
        ),
        (
            "重要鉱物の取組方針は、どの府省が作成したものか。",
            "critical-minerals-policy@2026-03-30",
            "経済産業省",
            "経 済 産 業 省",
        ),
        (
            "マテリアル分野の課題と検討の方向性の資料を発表したのはどこか。",
            "materials-strategy-issues@2026-02-19",
            "経済産業省製造産業局",
            "製造産業局",
        ),
        (
            "マテリアル分野の課題と検討の方向性の資料は、どの局が作ったか。",
            "materials-strategy-issues@2026-02-19",
            "経済産業省製造産業局",
            "製造産業局",
        ),
        (
            "マテリアル分野の課題と検討の方向性の資料は、経済産業省のどの部署がまとめたものか。",
            "materials-strategy-issues@2026-02-19",
            "経済産業省製造産業局",
            "製造産業局",
        ),
        (  # 3 of the title's 11 terms
            "このマテリアル分野の課題を整理したスライド資料は、どの局が作ったものか。",
            "materials-strategy-issues@2026-02-19",
            "経済産業省製造産業局",
            "製造産業局",
        ),
    ],
    ids=[
        "ministry",
        "put-out",
        "compiled",
        "which-office",
        "which-ministry",
        "announced",
        "bureau-alone",
        "which-division",
        "three-title-words",
    ],
)
def test_else_the_title_block_line_that_signs_the_document(
    context, question, doc_id, issuer, signed
):
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer.splitlines()[0] == issuer
    (citation,) = answer.citations
    assert citation.section == "表題" and citation.quote == signed
    assert citation.doc_id == doc_id


def test_declines_when_no_passage_names_the_issuer(context):
    unnamed = replace(COBALT_PLAN, issuer="文部科学省")
    documents = {**context.documents, COBALT_PLAN.doc_id: unnamed}
    passages = {**context.passages, STATED.passage_id: STATED}
    question = "コバルトの備蓄計画はどこが策定したか。"
    assert _ask(replace(context, documents=documents, passages=passages), question) is None


def test_declines_a_work_the_document_only_cites(context):
    # materials-strategy-issues cites this strategy; its title shares one word with it
    assert _ask(context, "「マテリアル革新力強化戦略」はどこが公表したか。") is None


def test_declines_another_work_the_document_names(context):
    # the guideline the policy asks firms to use is not the policy
    guideline = "重要鉱物の取組方針が活用させるとしているガイドラインは、どの機関が作ったものか。"
    assert _ask(context, guideline) is None
    # a plan named before the policy leaves the policy the work asked of
    policy = "供給確保計画について定めた重要鉱物の取組方針は、どの府省が作成したものか。"
    answer = _ask(context, policy)
    assert answer is not None and answer.answer.splitlines()[0] == "経済産業省"


@pytest.mark.parametrize(
    "question",
    [
        "重要鉱物の取組方針で、中国が輸出したのはどこか。",
        # a lender, a contributor of funds: 出 ends another word or begins a noun
        "重要鉱物の取組方針で、探鉱への融資の出し手とされているのはどこか。",
        "重要鉱物の取組方針で、備蓄の資金を拠出したのはどこか。",
        # money put out: 出し is a verb of its own here, but its object is 資金
        "2011年の全体像で、買い付けの資金を出し、企業の代わりに保有するのはどこか。",
    ],
    ids=["exported", "lender", "contributed", "funded"],
)
def test_exporting_lending_or_paying_is_not_issuing(question):
    assert IssuerRoute(None).matches(analyse(question)) is None


@pytest.mark.parametrize(
    "question",
    [
        "永久磁石の方針を定めた後、毎年度、供給状況を確かめるのは誰か。",
        "重要鉱物の取組方針が策定されてから、計画を認定するのはどこか。",
    ],
)
def test_an_act_after_which_another_is_asked_is_not_the_one_asked(question):
    assert IssuerRoute(None).matches(analyse(question)) is None


@pytest.mark.parametrize(
    "question",
    [
        "重要鉱物の取組方針で、制度の施行状況は誰に向けて公表するとされているか。",
        "グリーン成長戦略で作られた2兆円規模の基金は、どの機関に置かれたのですか。",
    ],
    ids=["addressee", "where-set-up"],
)
def test_a_body_addressed_or_a_place_is_not_the_issuer_asked(question):
    assert IssuerRoute(None).matches(analyse(question)) is None


def test_putting_out_is_issuing():
    route = IssuerRoute(None)
    assert route.matches(analyse("永久磁石の取組方針を出したのはどこか。")) is not None
