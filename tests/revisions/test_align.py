import pytest

from policy_kg.revisions.align import align_in_order, heading_weight
from policy_kg.revisions.headings import (
    HeadingKey,
    Substitution,
    heading_key,
    subject_substitution,
)


@pytest.mark.parametrize(
    ("heading", "label", "title"),
    [
        ("第 5 節 実施体制", "第5節", "実施体制"),
        ("第3章 重要鉱物の取組", "第3章", "重要鉱物の取組"),
        ("（3）外部から行われる行為", "(3)", "外部から行われる行為"),
        ("（４）技術開発支援", "(4)", "技術開発支援"),
        ("① 重要鉱物の用途・特性", "1", "重要鉱物の用途・特性"),
        ("ア リチウム", "ア", "リチウム"),
        ("（ウ）取引先における管理", "(ウ)", "取引先における管理"),
        ("1. 概要", "1.", "概要"),
        ("はじめに", "", "はじめに"),
        ("サプライチェーンの構造", "", "サプライチェーンの構造"),
        ("G 7", "", "G7"),
    ],
)
def test_heading_key_strips_the_numbering_label(heading, label, title):
    assert heading_key(heading) == HeadingKey(label, title)


def _weight(a: str, b: str, substitution: Substitution | None = None) -> float | None:
    return heading_weight(heading_key(a), heading_key(b), substitution)


def test_renumbered_and_slightly_reworded_headings_correspond():
    assert _weight("(2) 鉱山開発", "(3) 鉱山開発") == 1.0
    assert _weight("(3) 状況の的確な把握及び調査の推進", "(3) 状況の適確な把握及び調査の推進")


def test_unrelated_headings_do_not_correspond_even_with_the_same_number():
    assert _weight("ア リチウム", "ア ネオジム磁石") is None
    assert _weight("日本", "中国") is None


def test_subject_substitution_makes_template_headings_correspond():
    substitution = Substitution("重要鉱物", "永久磁石")
    a, b = "第1節 重要鉱物を取り巻く状況", "第1節 永久磁石を取り巻く状況"
    assert _weight(a, b, substitution) == pytest.approx(1.05)


def test_subject_substitution_needs_two_agreeing_title_pairs():
    title = (
        "重要鉱物に係る安定供給確保を図るための取組方針",
        "永久磁石に係る安定供給確保を図るための取組方針",
    )
    chapter = (
        "第6章 重要鉱物の安定供給確保に当たって配慮すべき事項",
        "第6章 永久磁石の安定供給確保に当たって配慮すべき事項",
    )
    assert subject_substitution([title, chapter]) == Substitution("重要鉱物", "永久磁石")
    assert subject_substitution([title]) is None
    assert subject_substitution([(title[0], title[0]), (chapter[0], chapter[0])]) is None
    assert subject_substitution([("はじめに", "第1章 概要"), ("日本", "米国")]) is None


def test_align_in_order_keeps_order_and_reports_unmatched_items():
    a = ["x", "b", "c"]
    b = ["b", "new", "c"]
    pairs = align_in_order(3, 3, lambda i, j: 1.0 if a[i] == b[j] else None)
    assert pairs == [(0, None), (1, 0), (None, 1), (2, 2)]
