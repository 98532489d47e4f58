import pytest

from policy_kg.qa.question import analyse
from policy_kg.qa.routes.export_controls import ExportControlRoute

from .conftest import assert_cited_verbatim


def _ask(context, question: str):
    route = ExportControlRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


def test_one_date_when_both_sources_agree(runtime, context):
    answer = _ask(context, "中国はいつガリウムの輸出規制を始めたか。")
    assert answer is not None
    assert answer.answer.splitlines()[0] == "2023年8月"
    assert {c.doc_id for c in answer.citations} == {
        "critical-minerals-policy@2026-03-30",
        "materials-strategy-issues@2026-02-19",
    }
    assert "ガリウム" in answer.citations[0].quote
    assert_cited_verbatim(runtime, answer)


def test_each_source_date_where_they_differ(runtime, context):
    answer = _ask(context, "黒鉛の輸出管理が強化されたのはいつか。")
    assert answer is not None
    lines = answer.answer.splitlines()
    assert lines[0].startswith("2023年10月") and "重要鉱物に係る" in lines[0]
    assert lines[1].startswith("2023年12月") and "マテリアル" in lines[1]
    assert_cited_verbatim(runtime, answer)


@pytest.mark.parametrize(
    "question",
    [
        "中国がビスマスの輸出に許可を求めるようにしたのはいつか。",
        "タングステンの輸出を中国が管理するようになったのはいつか。",
    ],
)
def test_the_control_said_in_more_words(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None and answer.answer.splitlines()[0] == "2025年2月"
    assert_cited_verbatim(runtime, answer)


@pytest.mark.parametrize(
    "question",
    [
        "2025年2月に中国が輸出管理の対象とした鉱種はどれか。",
        "2025年2月に中国が輸出を規制したのはどんな元素か。",
    ],
)
def test_the_minerals_of_a_dated_step(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    named = set(answer.answer.splitlines()[0].split("、"))
    assert named == {"インジウム", "タングステン", "テルル", "ビスマス", "モリブデン"}
    assert_cited_verbatim(runtime, answer)


def test_the_minerals_of_a_year(runtime, context):
    answer = _ask(context, "2023年に中国が輸出規制の対象にした元素はどれか。")
    assert answer is not None
    named = set(answer.answer.splitlines()[0].split("、"))
    # gallium and germanium (August), graphite (October or December: both sources name 2023)
    assert {"ガリウム", "ゲルマニウム", "グラファイト"} <= named
    assert not named & {"タングステン", "ビスマス", "アンチモン"}  # 2025 and 2024 steps
    assert_cited_verbatim(runtime, answer)


def test_declines_without_facts_or_for_a_year_no_control_has(no_facts, context):
    assert _ask(no_facts, "中国はいつガリウムの輸出規制を始めたか。") is None
    assert _ask(context, "2010年に中国がレアアースの輸出規制を始めたのはいつか。") is None


def test_a_question_without_a_mineral_or_date_is_not_matched(context):
    route = ExportControlRoute(context)
    assert route.matches(analyse("中国が輸出管理を強める公告を出したのはいつか。")) is None
    assert (
        route.matches(analyse("再輸出規制ではレアアースがどの程度含まれると許可が必要か。")) is None
    )
    how_much = "2025年10月の再輸出規制では、中国産レアアースがどれだけ含まれると許可が必要か。"
    assert route.matches(analyse(how_much)) is None  # どれだけ asks an amount, not which


def test_a_law_put_in_force_is_not_a_control(context):
    route = ExportControlRoute(context)
    law = "中国がレアアースの採掘から輸出までの管理を定めた条例を施行したのは何年か。"
    assert route.matches(analyse(law)) is None
    assert route.matches(analyse("中国がガリウムの輸出規制を始めたのはいつか。")) is not None
