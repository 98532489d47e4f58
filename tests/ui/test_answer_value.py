from dataclasses import replace

from policy_kg.qa.model import Answer, Citation, Fact
from policy_kg.ui.answer_value import AnswerParts, answer_parts, value_spans

HEADING = "ニッケル"
SENTENCE = "国内需要の確保を目指す。"
NICKEL_TARGET = Fact("ニッケル", "目標", "約90000トン／年 (2030)")


def _answer(text: str, quote: str) -> Answer:
    """An answer citing one passage of the 取組方針 for `quote`."""
    cited = Citation("policy@2026-03-30", "2026-03-30", "第2節 目標", "policy@2026-03-30#t", quote)
    return Answer("q", text, False, citations=(cited,))


def _spanned(quote: str, parts: AnswerParts) -> list[str]:
    return [quote[start:end] for start, end in value_spans(quote, parts)]


def test_a_line_before_the_quote_is_the_value():
    answer = _answer(f"{HEADING}\n{SENTENCE}", SENTENCE)
    assert answer_parts(answer) == AnswerParts(HEADING, SENTENCE, (HEADING,))


def test_an_answer_that_is_its_quote_has_no_value_unless_facts_give_one():
    plain = _answer(SENTENCE, SENTENCE)
    assert answer_parts(plain) == AnswerParts("", SENTENCE)
    with_fact = replace(plain, facts=(NICKEL_TARGET,))
    assert answer_parts(with_fact).value == "ニッケル 約90000トン／年 (2030)"


def test_a_value_is_found_next_to_its_name_on_either_side_when_the_amount_agrees():
    parts = AnswerParts("中国 100%、中国 60%", "s", ("中国",))
    quote = "製錬量のほぼ100%が中国に集中し、輸入は中国が約60%、豪州が約20%である。"
    assert _spanned(quote, parts) == ["100%が中国", "中国が約60%"]


def test_a_number_of_another_amount_or_too_far_from_the_name_is_not_the_value():
    parts = AnswerParts("ニッケル 約90000トン／年 (2030)", "s", ("ニッケル",))
    near_other = "ニッケル約2万トン／年"  # another amount
    far = "ニッケル等のメタルについては約9万トン"  # more than MAX_GAP characters apart
    assert _spanned(near_other, parts) == [] and _spanned(far, parts) == []
    assert _spanned(f"{far}、ニッケル約9万トン／年", parts) == ["ニッケル約9万トン／年"]
