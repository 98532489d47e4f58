import itertools

from policy_kg.corpus.sentences import sentence_around, sentence_spans, split_sentences


def test_terminators_inside_brackets_do_not_end_a_sentence():
    text = "法律（令和4年法律第43号。以下「法」という。）に基づく。次の文。"
    assert split_sentences(text) == [
        "法律（令和4年法律第43号。以下「法」という。）に基づく。",
        "次の文。",
    ]


def test_closing_bracket_stays_with_its_sentence():
    assert split_sentences("「目標とする。」とした。") == ["「目標とする。」とした。"]


def test_a_line_break_inside_a_bracketed_gloss_does_not_end_it():
    text = "（継ぎ目がない鋼管。  \n石油・天然ガスの掘削等に使用）\n次の行"
    assert split_sentences(text) == [
        "（継ぎ目がない鋼管。  \n石油・天然ガスの掘削等に使用）",
        "次の行",
    ]


def test_an_unclosed_bracket_does_not_swallow_the_lines_after_it():
    text = "（注\n" + "長い行。" * 30 + "\n（閉じる）"
    assert split_sentences(text)[0] == "（注"


def test_spans_cover_the_text_without_gaps():
    text = "一。二！三？\n四"
    spans = sentence_spans(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert split_sentences(text) == ["一。", "二！", "三？", "四"]


def test_sentence_around_an_offset():
    text = "一文目。 二文目は長い。三。"
    start, end = sentence_around(text, text.index("長"))
    assert text[start:end] == "二文目は長い。"
    assert sentence_around(text, 99) == (0, len(text))
