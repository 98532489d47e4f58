import re

import pytest

from policy_kg.qa.question import analyse, asking_terms, holds_unit


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("中国が重レアアース7種の輸出管理措置を実施したのはいつか。", "date"),
        ("改められた取組方針は、何日から適用されるか。", "date"),
        ("日本のリチウム輸入はどの国に依存しているか。", "place"),
        ("国家備蓄を担っている機関はどこか。", "agency"),
        ("連名でコメントを出した韓国の役所はどこか。", "agency"),
        ("2021年に革新力強化戦略を公表したのはどこか。", "agency"),  # its author
        ("この取組方針はどの府省が作成したか。", "agency"),
        ("希土管理条例を公表したのはどこの国か。", "place"),
        ("レアアースの採掘が始まったのはどこか。", "place"),
        ("基金の管理を定めた節は何ページから始まるか。", "quantity"),
        ("令和4年度第2次補正予算で計上されたJOGMEC出資金の額は。", "money"),
        ("JOGMEC出資金は何億円か。", "money"),
        ("85億円が計上された支援は、どんな磁石を対象にしているか。", "what"),  # names one
        ("ニッケルについて、2030年までにどれだけの量を確保するのか。", "quantity"),
        ("採算性を調べることを何というか。", "definition"),
        ("継ぎ目のない鋼管は何と呼ばれるか。", "definition"),
        ("製造能力の条件は何か。", "requirement"),
        ("対象となる磁石の保磁力はいくら以上か。", "requirement"),  # a threshold
        ("補助額はいくら以上か。", "money"),  # an amount's threshold
        ("税額控除は1台当たり最大何ドルか。", "money"),
        # いくら of a measured quantity, no money named
        ("2024年のアルミの国内生産量はいくらか。", "quantity"),
        ("求められるトルク密度はいくらか。", "quantity"),
        ("アルミの国内生産量の最新の数値（2024年の行）はいくらか。", "quantity"),  # a number
        ("生産量の新しい方の数字はいくらか。", "quantity"),
        ("2024年の粗鋼の量は、マテリアル分野の資料ではいくらとされているか。", "quantity"),
        ("予算の数字はいくらか。", "money"),
        ("磁石の生産能力増強に出す補助金の量はいくらか。", "money"),
        # how much of a sum of money, in words any quantity shares
        ("研究開発への支援には、どれだけの予算が付けられたのか。", "money"),
        ("処理工場に出した資金はどれくらいか。", "money"),
        ("NEDOに作られた基金はどれくらいの規模か。", "money"),
        ("対象工程の費用をどれだけ下げる取組である必要があるか。", "quantity"),  # a cut
        ("製錬等事業支援の対象となるのはどの鉱種か。", "mineral"),
        ("日米枠組みの目的は。", "what"),
        # a reason, an outcome or a form, though a 目標 is named
        ("一律の自給率目標を置いていないのはなぜか。", "what"),
        ("この助成は、日本企業がどうなることを目標にしているか。", "what"),
        ("達成目標をどのような形で書き込むことが求められるか。", "what"),
        ("2030年までに確保する目標量はどれだけか。", "quantity"),
        # what is aimed at, or a 目標 named outside the clause that asks
        ("鉱山開発への助成は、何を確保することを目標にしているか。", "what"),
        ("確保目標を達成する施策のうち、国産資源の開発はどの範囲まで行うか。", "what"),
        ("2030年に向けたコバルトの確保目標量を教えてください。", "quantity"),
        ("使用量をどこまで減らす目標を掲げていますか。", "quantity"),
    ],
)
def test_question_type_from_cue_words(question, qtype):
    assert analyse(question).qtype == qtype


def test_years_and_normalisation():
    question = analyse("２０３０年と2040年の目標は？")
    assert question.years == ("2030", "2040")
    assert question.normalized == "2030年と2040年の目標は?"


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("通知から何日で終了するか。", "days"),
        ("生産開始から何年以上続けるか。", "duration"),
        ("枠組みの有効期間は何年か。", "duration"),
        ("量産開始から最低何年続けるか。", "duration"),
        ("この計画は何年継続するか。", "duration"),
        ("中国産はどれくらいの割合を占めるのか。", "percent"),
        ("国内生産の比率はどこまで下がったか。", "percent"),
        ("モーターの内部が何度を超えるときか。", "temperature"),
        ("年間何トン確保するか。", "tonnage"),
        ("指定鉱種はいくつか。", "count"),
        ("何日分を蓄えるかは、いくつの項目で決めるか。", "count"),  # the last asks
        ("最も大きな割合を占める用途は何か。", None),
        ("何度も改定された方針は何か。", None),
        ("資料は何年何月何日付のものか。", None),  # a date, not a number of days
        ("改められた取組方針は、何日から適用されるか。", None),  # the day it applies from
        ("1台に磁石は何キログラム使われるか。", "mass"),
        ("1台のモーターにはどれくらいの重さの磁石が使われるか。", "mass"),
        ("重さのどのくらいをサマリウムが占めるか。", None),  # a share of the weight
        ("審査の期間を何か月短くするか。", "duration"),
        ("何週間で届くか。", "duration"),
        ("モーターの最高出力は何キロワット以上か。", "power"),
        ("出力は何kWか。", "power"),
        ("蓄電池の製造能力は何GWhか。", None),  # energy, not power
        ("目次で、サイバー対策の節は何ページにあるか。", "page"),
    ],
)
def test_the_unit_of_the_value_asked_for(question, unit):
    assert analyse(question).unit == unit


def test_a_budget_question_names_one_fiscal_year_in_any_era():
    assert analyse("令和4年度第2次補正予算の額は。").fiscal_year == 2022
    assert analyse("平成24年度の予算要求額はいくらか。").fiscal_year == 2012
    assert analyse("令和元年度の予算額はいくらか。").fiscal_year == 2019
    assert analyse("2024年度の予算額はいくらか。").fiscal_year == 2024
    assert analyse("令和4年度と令和5年度の予算額はいくらか。").fiscal_year is None
    assert analyse("令和4年度に何を始めたか。").fiscal_year is None  # not a budget question


def test_holds_unit_reads_full_width_text():
    assert holds_unit("percent", "シェアは１５％")
    assert holds_unit("days", "３０日以内")
    assert not holds_unit("temperature", "温度が上がる")
    assert holds_unit("temperature", "内部温度が100℃を超える")
    assert analyse("何℃まで使えるか。").unit == "temperature"


def test_a_count_is_a_number_with_its_counter():
    assert holds_unit("count", "重レアアース５種")
    assert holds_unit("count", "有識者15名")
    assert holds_unit("count", "「５つの基本的考え方」")
    assert not holds_unit("count", "1. 大胆な政策パッケージによって民間投資を引き出す")
    assert holds_unit("count", "国内企業は数社にまで減っており")
    assert not holds_unit("count", "多数の企業が参入している")


def test_the_range_of_a_list_s_items_states_their_count():
    assert holds_unit("count", "次の（１）から（４）までのいずれにも該当する体制")
    assert holds_unit("count", "次の (1) から (3) までのいずれにも該当するもの")
    assert not holds_unit("count", "(1) 重要性")


def test_a_lists_later_circled_enumerator_states_its_count():
    assert holds_unit("count", "リサイクルは①量の確保と②コスト低減が課題。")
    assert holds_unit("count", "(個別課題③) ネオジム磁石のリサイクルが進められていない")
    assert not holds_unit("count", "①上流投資に伴うカントリーリスク")
    assert not holds_unit("percent", "②コスト低減")


def test_until_when_is_a_date_question_of_its_own():
    assert analyse("支援対象とされるのはいつまでか。").until
    assert not analyse("支援対象とされたのはいつか。").until


def test_a_duration_is_a_length_of_time_not_a_date():
    assert holds_unit("duration", "生産が開始された時点から5年以上とする")
    assert holds_unit("duration", "過去五年間において")
    assert holds_unit("duration", "6か月以内に")
    assert not holds_unit("duration", "2025年10月28日")
    assert not holds_unit("duration", "令和5年1月19日")
    assert not holds_unit("duration", "令和5年度予算")
    # an era and its year written apart: the date of a law, not 22 years
    assert not holds_unit("duration", "労働基準法（昭和 22 年法律第 49 号）")
    assert not holds_unit("duration", "令和 ７ 年度")


def test_a_mass_or_a_power_is_a_number_with_its_unit():
    assert holds_unit("mass", "1台あたり約１ｋｇ") and holds_unit("mass", "0.5キログラム")
    assert holds_unit("power", "出力100kW以上") and holds_unit("power", "2メガワット")
    assert not holds_unit("mass", "150GWh") and not holds_unit("power", "150GWhの製造基盤")


def test_a_page_is_the_number_a_line_of_the_table_of_contents_ends_with():
    assert holds_unit("page", "第3節 サイバーセキュリティの確保\t39")
    assert not holds_unit("page", "第3節 サイバーセキュリティの確保")
    assert not holds_unit("page", "有識者 39")  # a number ending a line is no page


@pytest.mark.parametrize(
    ("question", "rate"),
    [
        ("設備投資に対する国の補助率は何パーセントか。", "補助率"),
        ("日本の自給率はどのくらいの割合か。", "自給率"),
        ("国内生産の比率はどこまで下がったか。", None),  # 比率 names no rate
        ("補助率の上限はいくらか。", None),  # no percentage asked
    ],
)
def test_the_named_rate_a_percentage_is_asked_of(question, rate):
    assert analyse(question).rate == rate


def _runs(text: str) -> list[str]:
    """Terms for these tests: runs of two or more kanji or katakana."""
    return re.findall(r"[一-龥ァ-ヶー]{2,}", text)


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        # the last clause asks; what comes before it sets the scene
        (
            "マレーシアが輸出禁止を決定したことは、豪州産レアアースの処理にどう影響するか",
            ["豪州産レアアース", "処理", "影響"],
        ),
        # a last clause of too few terms asks with the clause before it
        ("ガリウムの輸出管理を開始したのは、どこか", ["ガリウム", "輸出管理", "開始"]),
        # one clause: all of it asks
        ("国家備蓄の対象鉱種は何か", ["国家備蓄", "対象鉱種"]),
        ("", []),
    ],
)
def test_the_asking_clause_is_the_last(question, terms):
    assert asking_terms(analyse(question), _runs) == terms
