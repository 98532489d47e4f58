import pytest

from policy_kg.nlp.names import name_finder
from policy_kg.nlp.userdict import system_tokenizer

NAMES = name_finder(system_tokenizer())


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("TSMCの熊本工場に出した補助金は。", ["TSMC", "熊本"]),  # an acronym, a place
        ("鹿児島県の菱刈鉱山の産出量は。", ["鹿児島県", "菱刈"]),
        ("ＣＢＡＭの対象製品は。", ["CBAM"]),  # full-width letters read as NFKC
        ("豪州と中国の鉱山。", ["豪州", "中国"]),
        ("中国と中国の鉱山。", ["中国"]),  # each name once
        ("ラピダスへの支援額は。", ["ラピダス"]),  # a word the dictionary does not know
        ("液体ヘリウムの供給は。", ["ヘリウム"]),  # an element
        ("沃素の輸入先は。", ["ヨウ素"]),  # an element goes by its own name
        ("ホウ素（ボロン）の用途は。", ["ホウ素"]),  # one word to Sudachi
        ("アルニコ磁石の生産は。", ["アルニコ"]),  # a kind of magnet, by its word
        ("窒化鉄磁石の量産は。", ["窒化鉄"]),
        ("モーター用磁石の耐熱性は。", ["モーター"]),  # a one-character suffix between
    ],
)
def test_places_organisations_acronyms_and_elements_are_names(text, surfaces):
    assert [name.surface for name in NAMES(text)] == surfaces


@pytest.mark.parametrize(
    "text",
    [
        "マテリアル分野の課題をまとめたスライド資料はどの局か。",  # スライド reads as a surname
        "「MSP」は日本語で何と呼ばれているか。",  # a quoted name is what is asked about
        "CO2の排出を何%減らすか。",  # letters with a digit: a formula, not an acronym
        "最大エネルギー積は何kJ/m3か。",  # a unit
        "2035年の回収量は。",  # a number the dictionary does not list
        "鉄と金と窒化鉄の用途は。",  # one-character elements, a compound named after one
        "重希土類フリー永久磁石の開発は。",  # a magnet named by several words
        "廃磁石の回収は。",  # by one character
    ],
)
def test_person_readings_quoted_names_formulas_units_and_compounds_are_not_names(text):
    assert NAMES(text) == ()


def test_a_name_keeps_the_form_search_terms_are_written_in():
    (name,) = NAMES("JOGMECの出資。")
    assert (name.surface, name.form) == ("JOGMEC", "jogmec")


def test_a_name_written_with_another_spelling_in_brackets_carries_it_as_its_gloss():
    names = {n.surface: n.glosses for n in NAMES("粗鋼生産に占める旧ソ連圏（CIS）のシェアは")}
    assert names == {"ソ連": ("CIS",), "CIS": ("旧ソ連圏",)}
    assert NAMES("TSMCの熊本工場への出資額は")[0].glosses == ()
