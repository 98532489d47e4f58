import pytest

from policy_kg.qa.question import analyse


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("中国が重レアアース7種の輸出管理措置を実施したのはいつか。", "date"),
        ("日本のリチウム輸入はどの国に依存しているか。", "place"),
        ("国家備蓄を担っている機関はどこか。", "agency"),
        ("令和4年度第2次補正予算で計上されたJOGMEC出資金の額は。", "money"),
        ("ニッケルについて、2030年までにどれだけの量を確保するのか。", "quantity"),
        ("採算性を調べることを何というか。", "definition"),
        ("製造能力の条件は何か。", "requirement"),
        ("製錬等事業支援の対象となるのはどの鉱種か。", "mineral"),
        ("日米枠組みの目的は。", "what"),
    ],
)
def test_question_type_from_cue_words(question, qtype):
    assert analyse(question).qtype == qtype


def test_years_and_normalisation():
    question = analyse("２０３０年と2040年の目標は？")
    assert question.years == ("2030", "2040")
    assert question.normalized == "2030年と2040年の目標は?"
