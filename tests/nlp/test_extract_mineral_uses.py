"""Uses stated for listed minerals: before the list, or after it as its topic."""

from __future__ import annotations

TEXT = "\n".join(
    (
        "第1章 用途",
        "",
        (
            "当面の間、リチウムイオン電池の原材料となるマンガン、ニッケル及びコバルト、"
            "レドックスフロー電池の原材料となるバナジウムを施策の対象とする。"
        ),
        "",
        "また、ウランについては、原子力発電の燃料等に使用されている。",
        "",
        "タングステンは、超硬工具に使用されるほか、半導体の金属配線等に用いられている。",
        "",
        "コバルトは、海外からの輸入に依存しており、フィンランドが約37%となっている。",
        "",
    )
)


def _uses(facts_of) -> list[tuple]:
    return [(u.minerals, u.use) for u in facts_of(TEXT).mineral_uses]


def test_each_run_of_a_list_gets_the_use_stated_before_it(facts_of):
    assert _uses(facts_of)[:2] == [
        (("manganese", "nickel", "cobalt"), "当面の間、リチウムイオン電池の原材料となる"),
        (("vanadium",), "レドックスフロー電池の原材料となる"),
    ]


def test_a_use_stated_after_a_topic(facts_of):
    assert _uses(facts_of)[2:] == [
        (("uranium",), "原子力発電の燃料等"),
        (("tungsten",), "超硬工具"),
    ]


def test_a_mineral_inside_a_longer_word_and_a_sentence_stating_no_use_give_none(facts_of):
    # リチウム of リチウムイオン電池 is part of a use; the sentence on cobalt imports states none
    assert all("lithium" not in minerals for minerals, _ in _uses(facts_of))
    assert len(_uses(facts_of)) == 4


def test_the_quote_is_the_whole_sentence(facts_of):
    quotes = [u.evidence.quote for u in facts_of(TEXT).mineral_uses]
    assert quotes[2] == "また、ウランについては、原子力発電の燃料等に使用されている。"
