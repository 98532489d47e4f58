import pytest

from policy_kg.revisions.diff import char_changes
from policy_kg.revisions.textdiff import sentence_changes


def _spans(a: str, b: str) -> list[tuple[str, str, str]]:
    return [(c.op, a[c.a_start : c.a_end], b[c.b_start : c.b_end]) for c in char_changes(a, b)]


def _apply(a: str, b: str) -> str:
    """`a` with each inline edit replaced by its `b` side."""
    out, at = [], 0
    for c in char_changes(a, b):
        out += [a[at : c.a_start], b[c.b_start : c.b_end]]
        at = c.a_end
    return "".join([*out, a[at:]])


def test_identical_text_has_no_changes():
    assert char_changes("リチウム約10万トン／年", "リチウム約10万トン／年") == ()


def test_a_changed_digit_is_one_replacement():
    assert _spans("リチウム約10万トン／年", "リチウム約12万トン／年") == [("replace", "0", "2")]


def test_a_deleted_list_item_ends_at_its_comma():
    a = "ベリリウム、ガリウム、ゲルマニウム、セレン"
    b = "ベリリウム、ゲルマニウム、セレン"
    assert _spans(a, b) == [("delete", "ガリウム、", "")]


def test_an_inserted_list_item_ends_at_its_comma():
    a = "ニッケル、コバルト"
    b = "ニッケル、マンガン、コバルト"
    assert _spans(a, b) == [("insert", "", "マンガン、")]


def test_edits_around_a_single_particle_are_one_replacement():
    assert _spans("技術開発の支援を行う", "設備投資の促進を行う") == [
        ("replace", "技術開発の支援", "設備投資の促進")
    ]


def test_white_space_and_character_width_are_not_changes():
    assert char_changes("（２）供給能力の 維持", "(2) 供給能力の維持") == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("リチウム約10万トン／年", "リチウム約12万トン／年、ニッケル約9万トン／年"),
        ("ベリリウム、ガリウム、ゲルマニウム", "ベリリウム、ゲルマニウム、ガリウム"),
        ("重要鉱物の安定供給確保", "永久磁石等の安定供給確保"),
        ("", "新しい文。"),
        ("古い文。", ""),
    ],
)
def test_inline_edits_turn_a_into_b(a, b):
    assert _apply(a, b) == b


def test_sentence_changes_pair_similar_sentences_and_join_runs():
    a = ["第一文である。", "第二文は削除される。", "第三文も削除される。", "第四文は変更される。"]
    b = ["第一文である。", "第四文は変更された。", "追加の文。", "もう一つ追加。"]
    changes = sentence_changes(a, b)
    assert [(c.op, c.a_text, c.b_text) for c in changes] == [
        ("delete", "第二文は削除される。\n第三文も削除される。", ""),
        ("replace", "第四文は変更される。", "第四文は変更された。"),
        ("insert", "", "追加の文。\nもう一つ追加。"),
    ]
    assert changes[1].inline


def test_sentence_changes_ignore_white_space():
    assert sentence_changes(["第 5 節 実施体制"], ["第5節 実施体制"]) == ()
