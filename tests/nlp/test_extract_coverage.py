"""Measure coverage: legal scope (…に限る), current focus (当面の間 …), footnote conditions,
and product lists; over small texts shaped like the policies, page breaks and traps included."""

from __future__ import annotations

import pytest

from policy_kg.nlp.extract.coverage import is_scope_heading
from policy_kg.nlp.facts import DocumentFacts

MEASURES = "\n".join(
    (
        "第2章 施策に関する事項",
        "",
        "第2節 実施する個別施策",
        "",
        "（1）探鉱・FS支援",
        "",
        "① 施策の対象となる品目",
        "",
        "金属鉱産物（マンガン、ニッケル、グラファイト、",
        "",
        (
            "¹ 他国の輸出規制等により、"
            "ニッケル及びグラファイトの供給途絶の蓋然性が認められる間は施策の対象とする。"
        ),
        "",
        "² 国際的な供給不足の蓋然性が解消されるまでの間は施策の対象とする。",
        "",
        "リン及びウランに限る。）",
        "",
        (
            "（注）なお、当面の間、ボーリング調査で資金及び金属を要するマンガン、"
            "ニッケル及びグラファイト¹並びに原子力に利用されるウラン²を施策の対象とする。"
        ),
        "",
        "② 施策の対象となる取組",
        "",
        "探鉱への助成を行う。",
        "",
        "第3章 取組の内容に関する事項",
        "",
        "第1節 取組の対象範囲",
        "",
        "金属鉱産物（コバルト及びリチウムに限る。）",
        "",
        "（注）なお、当面の間、リチウムを取組対象とする。",
        "",
    )
)

PRODUCTS = "\n".join(
    (
        "第2章 施策に関する事項",
        "",
        "第2節 実施する個別施策",
        "",
        "(1) 永久磁石製造設備の能力増強",
        "",
        "① 施策の対象となる品目",
        "",
        (
            "ネオジム磁石、サマリウムコバルト磁石、"
            "重希土類フリー永久磁石（(3) ③の要件を満たすものに限る。以下同じ。）"
        ),
        "",
        "(3) 省レアアース磁石の開発等",
        "",
        "① 施策の対象となる品目",
        "",
        (
            "- ネオジム、"
            "ジスプロシウム又はテルビウム使用量を削減したネオジム磁石（以下「省レアアース磁石」と"
            "いう。）"
        ),
        (
            "- 開発後の量産に向けた設備投資が見込める重希土類フリー永久磁石を搭載した電動車駆動"
            "モーター"
        ),
        "",
    )
)


def _coverage(facts: DocumentFacts, measure: str, scope: str):
    return next(c for c in facts.coverages if c.measure == measure and c.scope == scope)


def test_legal_scope_is_the_list_closed_by_ni_kagiru_across_a_page_break(facts_of):
    facts = facts_of(MEASURES)
    legal = _coverage(facts, "探鉱・FS支援", "legal_scope")
    assert legal.minerals == ("manganese", "nickel", "graphite", "phosphorus", "uranium")
    assert legal.evidence.quote.endswith("リン及びウランに限る。）")
    assert legal.products == ()


def test_current_focus_keeps_apart_from_the_legal_scope_and_ignores_words_around(facts_of):
    focus = _coverage(facts_of(MEASURES), "探鉱・FS支援", "current_focus")
    # ボーリング holds リン, 資金 and 金属 hold 金: none of them is a mineral here
    assert focus.minerals == ("manganese", "nickel", "graphite", "uranium")
    assert focus.evidence.quote.startswith("（注）なお、当面の間")


def test_footnotes_become_conditions_on_the_minerals_they_name_or_mark(facts_of):
    focus = _coverage(facts_of(MEASURES), "探鉱・FS支援", "current_focus")
    named, marked = focus.conditions
    assert named.minerals == ("nickel", "graphite")
    assert named.text.startswith("他国の輸出規制等により")
    assert marked.minerals == ("uranium",)  # names none: the mineral carrying marker ²
    assert marked.text == "国際的な供給不足の蓋然性が解消されるまでの間は施策の対象とする。"


def test_the_scope_section_of_chapter_3_is_the_programme_scope_not_a_measure(facts_of):
    facts = facts_of(MEASURES)
    scopes = {s.scope: s for s in facts.programme_scopes}
    assert scopes["legal_scope"].minerals == ("cobalt", "lithium")
    assert scopes["current_focus"].minerals == ("lithium",)  # 取組対象とする
    assert {s.heading for s in facts.programme_scopes} == {"取組の対象範囲"}
    assert {c.measure for c in facts.coverages} == {"探鉱・FS支援"}


@pytest.mark.parametrize(
    ("heading", "names_a_scope"),
    [
        ("第1節 取組の対象範囲", True),
        ("（2）支援の対象範囲", True),
        ("（1）探鉱・FS支援", False),
        ("第2節 実施する個別施策", False),
    ],
)
def test_a_heading_naming_a_scope_is_not_a_measure(heading: str, names_a_scope: bool) -> None:
    assert is_scope_heading(heading) is names_a_scope


def test_listed_products_are_products_with_their_qualifiers_as_conditions(facts_of):
    facts = facts_of(PRODUCTS)
    capacity = _coverage(facts, "永久磁石製造設備の能力増強", "legal_scope")
    assert capacity.products == ("ネオジム磁石", "サマリウムコバルト磁石", "重希土類フリー永久磁石")
    assert capacity.minerals == ()
    (limit,) = capacity.conditions
    assert limit.products == ("重希土類フリー永久磁石",)
    assert limit.text == "(3) ③の要件を満たすものに限る"


def test_a_qualified_item_is_one_product_named_by_its_head_noun(facts_of):
    facts = facts_of(PRODUCTS)
    development = _coverage(facts, "省レアアース磁石の開発等", "legal_scope")
    assert development.products == ("ネオジム磁石", "電動車駆動モーター")
    reduced, motor = development.conditions
    assert reduced.text == "ネオジム、ジスプロシウム又はテルビウム使用量を削減した"
    assert reduced.minerals == ("neodymium", "dysprosium", "terbium")
    assert motor.products == ("電動車駆動モーター",)
    assert not any(c.scope == "current_focus" for c in facts.coverages)


def test_headings_elsewhere_are_not_measures(facts_of):
    text = "第1章 状況\n\n(1) 重要性\n\n金属鉱産物（コバルト及びリチウムに限る。）\n"
    assert facts_of(text).coverages == ()
