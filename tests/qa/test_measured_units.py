import pytest

from policy_kg.qa.measured_units import QuestionTerms

CORPUS = {"ニッケル", "輸入", "国", "リサイクル"}


def _terms(*question: str, expansions=None) -> QuestionTerms:
    weights = dict.fromkeys(question, 1.0)
    return QuestionTerms.of(weights, expansions or {}, CORPUS.__contains__, set())


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (("ヘリウム", "輸入", "国"), True),  # a substance the texts never name
        (("cbam", "輸入"), True),  # a scheme, in Latin letters
        (("ニッケル", "輸入", "国"), False),  # named by the texts
        (("日本語", "輸入"), False),  # a paraphrase in Japanese words
        (("スライド", "リサイクル"), False),  # a part of the document, not a thing asked about
    ],
)
def test_a_katakana_or_latin_word_the_corpus_never_uses_is_an_unknown_name(question, named):
    assert _terms(*question).unknown_name is named


def test_a_name_the_corpus_knows_through_a_synonym_is_no_unknown_name():
    terms = _terms(
        "バッテリーメタル", "輸入", expansions={"バッテリーメタル": frozenset({"ニッケル"})}
    )
    assert terms.unknown_name is False
    assert terms.unknown_share == 0.0
