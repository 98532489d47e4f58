"""Numeric targets and thresholds: goal sentences and goal sections, forecasts and starting
values left out, year / baseline / kind / subject read from the sentence, the year from the
line before, the table's first row or a heading when the sentence names none, and targets
with no year or no subject left out with a logged reason."""

from __future__ import annotations

import logging

from policy_kg.nlp.facts import DocumentFacts

GOALS = "\n".join(
    (
        "第1章 基本的な方向",
        "",
        "第1節 状況",
        "",
        (
            "IEAでは、"
            "2030年のレアアース需要が2020年比で3.2倍になると予測されている。"
            "2030年には約1,000トンの廃磁石が見込まれる。"
        ),
        "",
        "第2節 安定供給確保に関する目標",
        "",
        (
            "バッテリーメタルについては、"
            "「2030年に蓄電池150GWhの国内製造基盤を確立」に必要な原材料として、"
            "リチウム約10万トン／年、コバルト約2万トン／年、"
            "マンガン約2万トン／年が示されていることから、これを2030年までの目標とする。"
            "また、2030年のレアアース需要が2020年比で3.2倍になると予測されており、"
            "重希土類（DyTb）約1,200トン／年を2030年までの目標とする。"
        ),
        "",
        (
            "ウランについては、"
            "原子力発電は2030年に総発電電力量の20-22%確保を見通しており、"
            "ウラン燃料供給を目標とする。"
        ),
        "",
        "第2章 施策",
        "",
        "(1) 関連する戦略",
        "",
        ("蓄電池産業の競争力強化に向け、2030年までに国内150GWhの年間製造能力確立を目標に掲げた。"),
        "",
    )
)

THRESHOLDS = "\n".join(
    (
        "第1章 基本的な方向",
        "",
        "第2節 永久磁石の安定供給確保に関する目標",
        "",
        (
            "また、ネオジム磁石リサイクルにおいては、"
            "2030年までにリサイクル能力を2020年比で倍増する。"
        ),
        "",
        "第2章 施策",
        "",
        "第2節 実施する個別施策",
        "",
        "(1) 永久磁石製造設備の能力増強",
        "",
        "① 施策の対象となる品目",
        "",
        "ネオジム磁石、サマリウムコバルト磁石",
        "",
        "第3章 取組の内容",
        "",
        "第2節 2030年に向けた安定供給確保の目標",
        "",
        (
            "最大エネルギー積が 150 k J/m^3 以上、"
            "保磁力が 800 k A/m 以上のネオジウム磁石を生産すること。"
            "サマリウムコバルト磁石の製造設備投資に関しては年間 100 トン以上の製造設備能力を"
            "保持できる取組を対象とする。"
        ),
        "",
        (
            "リサイクル技術開発に関しては開発対象となるプロセスにおけるコストを 10%以上低減す"
            "る取組を対象とする。"
        ),
        "",
        "第4章 その他",
        "",
        "風力発電は2019年0.7%から2030年に5%まで増加させることを目標としている。",
        "",
    )
)


def _targets(facts: DocumentFacts) -> set[tuple]:
    return {(t.subject, t.quantity.plain, t.quantity.unit, t.year) for t in facts.targets}


def test_quantities_of_a_goal_sentence_are_targets_with_the_deadline_year(facts_of):
    facts = facts_of(GOALS)
    assert _targets(facts) == {
        ("蓄電池", "150", "GWh", 2030),
        ("lithium", "100000", "トン／年", 2030),
        ("cobalt", "20000", "トン／年", 2030),
        ("manganese", "20000", "トン／年", 2030),
        ("dytb", "1200", "トン／年", 2030),
        ("原子力発電", "20-22", "%", 2030),
    }


def test_forecasts_are_not_targets_even_inside_a_goal_sentence(facts_of):
    facts = facts_of(GOALS)
    assert not any(t.quantity.plain in ("3.2", "1000") for t in facts.targets)


def test_mineral_targets_are_supply_targets_and_approximate(facts_of):
    dytb = next(t for t in facts_of(GOALS).targets if t.subject == "dytb")
    assert dytb.subject_is_mineral and dytb.approximate
    assert dytb.kind == "supply_target"
    assert dytb.baseline_year is None  # 2020年比 belongs to the forecast's clause
    assert dytb.evidence.quote == "重希土類（DyTb）約1,200トン／年を2030年までの目標とする。"


def test_a_target_stated_twice_is_kept_once(facts_of):
    facts = facts_of(GOALS)
    assert [t.subject for t in facts.targets if t.quantity.unit == "GWh"] == ["蓄電池"]


def test_thresholds_take_the_product_they_qualify(facts_of):
    facts = facts_of(THRESHOLDS)
    by_unit = {t.quantity.unit: t for t in facts.targets}
    assert (by_unit["kJ/m^3"].subject, by_unit["kJ/m^3"].kind) == (
        "ネオジウム磁石",
        "capacity_threshold",
    )
    assert by_unit["kA/m"].subject == "ネオジウム磁石"
    ton = by_unit["トン"]
    assert (ton.subject, ton.quantity.plain) == ("サマリウムコバルト磁石", "100")


def test_a_subjectless_threshold_takes_the_product_named_before_in_its_section(facts_of):
    cost = next(t for t in facts_of(THRESHOLDS).targets if t.kind == "reduction")
    quantity = cost.quantity
    assert (cost.subject, quantity.plain, quantity.unit) == ("サマリウムコバルト磁石", "10", "%")


def test_a_doubling_is_2_times_with_its_baseline_year(facts_of):
    doubling = next(t for t in facts_of(THRESHOLDS).targets if t.quantity.unit == "倍")
    assert (doubling.subject, doubling.quantity.plain, doubling.year, doubling.baseline_year) == (
        "ネオジム磁石",
        "2",
        2030,
        2020,
    )


def test_a_starting_value_is_the_baseline_not_a_target(facts_of):
    shares = [t for t in facts_of(THRESHOLDS).targets if t.kind == "share"]
    (wind,) = shares
    assert (wind.subject, wind.quantity.plain, wind.year, wind.baseline_year) == (
        "風力発電",
        "5",
        2030,
        2019,
    )


def test_a_wareki_deadline_is_read_as_its_year(facts_of):
    text = "第1章 方向\n\nニッケル約9万トン／年を令和12年までに確保することを目標とする。\n"
    (nickel,) = facts_of(text).targets
    assert (nickel.subject, nickel.quantity.plain, nickel.year) == ("nickel", "90000", 2030)


# --- the year when the sentence names none ---


def test_the_year_comes_from_the_heading_over_the_target(facts_of):
    thresholds = [t for t in facts_of(THRESHOLDS).targets if t.kind == "capacity_threshold"]
    expected = {("kJ/m^3", 2030), ("kA/m", 2030), ("トン", 2030)}
    assert {(t.quantity.unit, t.year) for t in thresholds} == expected


def test_the_year_comes_from_a_label_line_before(facts_of):
    text = "第1章 目標\n\n2030年\n\nリチウム約10万トン／年を確保する。\n"
    (lithium,) = facts_of(text).targets
    assert (lithium.subject, lithium.quantity.plain, lithium.year) == ("lithium", "100000", 2030)


def test_a_line_before_with_a_number_of_its_own_gives_no_year(facts_of):
    text = "第1章 目標\n\n2025年に約5万トン／年を確保した。\n\nリチウム約10万トン／年を確保する。\n"
    assert not [t for t in facts_of(text).targets if t.quantity.plain == "100000"]


def test_the_year_comes_from_the_first_row_of_the_table(facts_of):
    text = "第1章 目標\n\n| 鉱種 | 2030年目標 |\n|---|---|\n| リチウム | 約10万トン／年 |\n"
    (lithium,) = facts_of(text).targets
    assert (lithium.subject, lithium.quantity.plain, lithium.year) == ("lithium", "100000", 2030)


def test_a_target_with_no_year_anywhere_is_left_out_and_logged(facts_of, caplog):
    text = "第1章 目標\n\nリチウム約10万トン／年を確保することを目標とする。\n"
    with caplog.at_level(logging.WARNING, logger="policy_kg.nlp.extract.targets"):
        assert facts_of(text).targets == ()
    (record,) = caplog.records
    # the title block takes lines 1-4 of the text (see conftest), the heading 5, the sentence 7
    assert record.getMessage().startswith("x.txt:7: target 'リチウム約10万トン／年")
    assert "no year" in record.getMessage()


def test_a_target_with_no_subject_is_left_out_and_logged(facts_of, caplog):
    text = "第1章 目標\n\n2030年までに30%以上削減することを目標とする。\n"
    with caplog.at_level(logging.WARNING, logger="policy_kg.nlp.extract.targets"):
        assert facts_of(text).targets == ()
    assert "no subject" in caplog.records[0].getMessage()


def test_a_target_left_out_is_logged_once_however_often_it_is_stated(facts_of, caplog):
    sentence = "リチウム約10万トン／年を確保することを目標とする。"
    with caplog.at_level(logging.WARNING, logger="policy_kg.nlp.extract.targets"):
        assert facts_of(f"第1章 目標\n\n{sentence}\n\n{sentence}\n").targets == ()
    assert len(caplog.records) == 1
