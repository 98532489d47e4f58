import pytest

from policy_kg.qa.question import analyse
from policy_kg.qa.routes.measures import MeasureMineralsRoute, whole_terms

from .conftest import assert_cited_verbatim


def _ask(context, question: str):
    route = MeasureMineralsRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


def test_counts_both_senses_of_coverage(runtime, context):
    # docs/sparql.md query 1: 36 in the legal scope, 20 in the current focus
    answer = _ask(context, "製錬等事業支援の対象になる鉱種はいくつあるか。")
    assert answer is not None
    lines = answer.answer.splitlines()
    assert lines[:2] == ["施策の対象となる品目: 36", "当面の間の施策の対象: 20"]
    assert "リン及びウランに限る" in answer.citations[0].quote
    assert_cited_verbatim(runtime, answer)


@pytest.mark.parametrize(
    "question",
    [
        "永久磁石製造設備の能力増強で対象となる品目は何か。",
        "製造設備の能力増強への支援では、どの種類の磁石が対象となるか。",
    ],
)
def test_lists_the_products_of_a_measure(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    head, _, listed = answer.answer.splitlines()[0].partition(": ")
    assert head == "施策の対象となる品目（3）"
    assert set(listed.split("、")) == {
        "ネオジム磁石",
        "サマリウムコバルト磁石",
        "重希土類フリー永久磁石",
    }
    assert_cited_verbatim(runtime, answer)


def test_magnets_asked_of_a_measure_that_lists_none(context):
    # 技術開発支援 is named by all its words, yet lists minerals (レアアース), no magnet: the
    # magnets asked of are another measure's, left to the text answerer
    question = "技術開発支援では、どの磁石が対象品目か。"
    assert MeasureMineralsRoute(context).matches(analyse(question)) is not None
    assert _ask(context, question) is None
    # with 使い終わった磁石から原料を取り戻す, it is the magnet-recycling measure that is named
    recycled = _ask(context, f"使い終わった磁石から原料を取り戻す{question}")
    assert recycled is not None and recycled.answer.startswith(
        "施策の対象となる品目（1）: ネオジム磁石"
    )


def test_a_year_asks_for_that_years_measure(context):
    # 2010年度補正予算の…代替材料開発 shares words with the 2025 magnets policy's measures: a
    # measure stated in no document or sentence of the year asked is not the one meant
    asked = "製錬等事業支援の対象になる鉱種はいくつあるか。"
    assert _ask(context, asked) is not None
    assert _ask(context, f"2026年の方針で、{asked}") is not None
    assert MeasureMineralsRoute(context).matches(analyse(f"2011年の資料で、{asked}")) is not None
    assert _ask(context, f"2011年の資料で、{asked}") is None
    assert _ask(context, f"平成23年度の{asked}") is None


def test_a_named_document_asks_for_its_own_measure(context):
    # the framework states no measure's coverage; 支援 and 対象 are the policy's measure's words
    asked = "両国が共同で支援事業を選ぶ際に対象として例に挙がっている品目は何か。"
    assert MeasureMineralsRoute(context).matches(analyse(f"日米の重要鉱物枠組みで、{asked}"))
    assert _ask(context, f"日米の重要鉱物枠組みで、{asked}") is None
    assert _ask(context, "重要鉱物の取組方針で、製錬等事業支援の対象鉱種はいくつか。") is not None


def test_the_current_focus_only_when_asked(context):
    answer = _ask(context, "製錬等事業支援で当面の間対象とする鉱種はどれか。")
    assert answer is not None
    first = answer.answer.splitlines()[0]
    assert first.startswith("当面の間の施策の対象（20）: ") and "ウラン" in first


def test_a_measure_named_by_half_its_words(context):
    # 製錬 and 支援 are 2 of the 4 terms of 製錬等事業支援, 1 of 3 of any other measure's
    answer = _ask(context, "製錬の支援対象になっている鉱種はどれか。")
    assert answer is not None
    assert answer.answer.startswith("施策の対象となる品目（36）: ")


@pytest.mark.parametrize(
    "question",
    [
        "鉱山開発支援の対象外で、製錬等事業支援では対象となっている鉱種はどれか。",
        "探鉱・FS支援の対象には含まれないが、製錬の支援対象には含まれる鉱種は何か。",
        "鉱山開発支援の対象には入っていないのに、製錬等事業支援では対象になっている鉱種は。",
    ],
)
def test_what_one_measure_covers_and_another_does_not(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer.splitlines()[0] == "施策の対象となる品目（1）: ウラン"
    assert any("ウラン" in c.quote for c in answer.citations)
    assert_cited_verbatim(runtime, answer)


def test_the_measure_whose_words_the_question_holds_most_of(context):
    # 6 of the 7 whole terms of 廃磁石からのレアアース原料リサイクル技術の開発・導入, and all 3
    # of 技術開発支援, which by share alone was named (its list names no magnet)
    answer = _ask(
        context,
        "使い終わった磁石からレアアース原料を取り戻す技術の開発・導入の支援では、"
        "どの磁石が対象品目とされているか。",
    )
    assert answer is not None
    assert answer.answer.startswith("施策の対象となる品目（1）: ネオジム磁石")
    # 3 of those 7 terms, under half: no measure is named (by share, 省レアアース磁石の開発等
    # was, 4 of its 6 terms, three of them read from レアアース)
    recycled = "使い終わった磁石からレアアースを取り戻す施策がリサイクルの対象の磁石は何か。"
    assert MeasureMineralsRoute(context).matches(analyse(recycled)) is None


def test_a_term_read_inside_a_longer_one_counts_once_with_it():
    read = frozenset({"レア", "アース", "レアアース", "磁石"})
    assert whole_terms(read) == {"レアアース", "磁石"}


def test_a_period_an_amount_or_a_condition_is_no_list_of_minerals(context):
    route = MeasureMineralsRoute(context)
    assert route.matches(analyse("製錬等事業支援でウランはいつまで対象とされるか。")) is None
    assert route.matches(analyse("製錬等事業支援の対象鉱種への予算額はいくらか。")) is None
    condition = "永久磁石製造設備の能力増強で支援対象となる製造能力の条件は何か。"
    assert route.matches(analyse(condition)) is None  # a requirement, not the products
    share = "製錬等事業支援で、品目の何%以上が現地で消費されれば事前相談の対象から外れるか。"
    assert route.matches(analyse(share)) is None
    how_much = "永久磁石製造設備の能力増強の対象になるには、年間どれだけの生産に寄与すべきか。"
    assert route.matches(analyse(how_much)) is None  # どれだけ asks how much, not which


def test_a_comparison_needs_a_measure_on_each_side(context):
    route = MeasureMineralsRoute(context)
    assert route.matches(analyse("製錬等事業支援の対象外の鉱種は何か。")) is None
    assert route.matches(analyse("製錬の支援対象ではなく、製錬等事業支援の対象は何か。")) is None


def test_declines_without_one_named_measure_or_without_facts(context, no_facts):
    assert _ask(context, "レドックスフロー電池向けの支援対象の鉱種は何か。") is None
    assert _ask(context, "支援の対象になっている鉱種はどれか。") is None  # 1 of 3, alike
    assert _ask(context, "探鉱・FS支援と鉱山開発支援の対象にない鉱種は何か。") is None
    route = MeasureMineralsRoute(no_facts)
    assert route.matches(analyse("製錬等事業支援の対象になる鉱種はいくつあるか。")) is None


@pytest.mark.parametrize(
    ("question", "listed", "quoted"),
    [
        (
            "鉱山開発支援で、航空機の原材料として対象とされている鉱種はどれか。",
            "チタン、マグネシウム",
            "航空機等の原材料となるチタン及びマグネシウム",
        ),
        (
            "探鉱・FS支援で、レドックスフロー電池の原料として対象になっている鉱種は何か。",
            "バナジウム",
            "レドックスフロー電池の原材料となるバナジウム",
        ),
        (
            "輸出規制で供給途絶の蓋然性が認められる間だけ鉱山開発支援の対象となる鉱種は何か。",
            "アンチモン、ガリウム、ゲルマニウム、シリコン、ジルコニウム、タングステン、タンタル、"
            "チタン、バナジウム、バリウム、フッ素、マグネシウム、リン",
            "供給途絶の蓋然性が認められる間",
        ),
    ],
)
def test_a_use_or_a_condition_asks_for_its_group_of_the_list(
    runtime, context, question, listed, quoted
):
    answer = _ask(context, question)
    assert answer is not None
    head, _, subjects = answer.answer.splitlines()[0].partition(": ")
    assert head.startswith("当面の間の施策の対象")
    assert subjects == listed
    assert quoted in answer.citations[0].quote
    assert_cited_verbatim(runtime, answer)
