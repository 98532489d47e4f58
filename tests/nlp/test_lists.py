"""nlp/lists.py: names listed together form one run, whatever joins them of 、 及び 並びに 又は
and brackets; や joins only where asked (the extraction of uses); other words split runs."""

import re

from policy_kg.nlp.lists import LIST_JOINT_OR_YA, Run, group_runs


def _mentions(text: str, names: tuple[str, ...]) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), name) for name in names for m in re.finditer(name, text)]
    return sorted(found)


def test_names_joined_by_commas_and_conjunctions_and_brackets_are_one_run():
    text = "マンガン、ニッケル及びグラファイト（黒鉛）を対象とする"
    names = ("マンガン", "ニッケル", "グラファイト", "黒鉛")
    runs = group_runs(text, _mentions(text, names))
    assert runs == [Run(0, text.index("）"), ("マンガン", "ニッケル", "グラファイト", "黒鉛"))]


def test_words_between_two_names_start_a_new_run():
    text = "電池の原料となるリチウム、並びに航空機の原料となるチタン及びマグネシウム"
    runs = group_runs(text, _mentions(text, ("リチウム", "チタン", "マグネシウム")))
    assert [run.items for run in runs] == [("リチウム",), ("チタン", "マグネシウム")]
    assert text[runs[1].start : runs[1].end] == "チタン及びマグネシウム"


def test_ya_joins_only_when_the_reader_asks_for_it():
    text = "ガリウムやインジウムに使われる"
    mentions = _mentions(text, ("ガリウム", "インジウム"))
    assert [run.items for run in group_runs(text, mentions)] == [("ガリウム",), ("インジウム",)]
    joined = group_runs(text, mentions, LIST_JOINT_OR_YA)
    assert [run.items for run in joined] == [("ガリウム", "インジウム")]
