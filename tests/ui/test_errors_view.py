from policy_kg.graph.entities import UnknownEntityError
from policy_kg.revisions.trace import UnknownMineralError
from policy_kg.sparql.model import MalformedQuery
from policy_kg.ui.errors_view import MESSAGE_LIMIT, error_html, shown_error


def test_an_unknown_mineral_is_said_in_japanese_with_the_english_and_suggestions():
    shown = shown_error(UnknownMineralError("ネオジウン", ("ネオジウム (ネオジム)",)))
    assert shown.japanese == "鉱物「ネオジウン」は見つかりません。"
    assert shown.english.startswith("unknown mineral 'ネオジウン'")
    assert shown.suggestions == ("ネオジウム (ネオジム)",)
    html = error_html(shown)
    assert 'role="alert"' in html and "候補から選べます" in html


def test_an_unknown_entity_offers_close_names():
    shown = shown_error(UnknownEntityError("JOGMCE", suggestions=("JOGMEC",)))
    assert "見つかりません" in shown.japanese and shown.suggestions == ("JOGMEC",)


def test_a_sparql_error_keeps_the_engine_message_in_english():
    shown = shown_error(MalformedQuery("the prefix foo: is used but not declared"))
    assert shown.japanese == "クエリを実行できませんでした。"
    assert "foo:" in shown.english


def test_long_input_is_cut_and_markup_escaped():
    shown = shown_error(ValueError("<b>" + "x" * 5000))
    assert len(shown.english) <= MESSAGE_LIMIT
    assert "<b>" not in error_html(shown) and "&lt;b&gt;" in error_html(shown)
