from policy_kg.corpus.model import DocumentMeta
from policy_kg.ui.compare_view import (
    change_cells,
    compare_html,
    default_pair,
    document_choices,
    marked,
)


def _section(path: str, status: str, **extra) -> dict:
    return {
        "path": path,
        "status": status,
        "a_path": path,
        "b_path": path,
        "a_passage_ids": [],
        "b_passage_ids": [],
        "changes": [],
        **extra,
    }


EMPTY = {"added": [], "removed": [], "changed": []}
ENTITIES = {"minerals": EMPTY, "measures": EMPTY, "agencies": EMPTY, "targets": EMPTY}


def test_marked_wraps_each_span_escapes_and_keeps_line_breaks():
    assert marked("a<b>c\nd", [(1, 4)], "del") == "a<del>&lt;b&gt;</del>c<br>d"
    assert marked("abc", [(2, 2), (0, 1)], "ins") == "<ins>a</ins>bc"  # empty span ignored


def test_a_replaced_sentence_marks_only_the_changed_characters():
    change = {
        "op": "replace",
        "a_text": "ニッケル約9万トン",
        "b_text": "ニッケル約12万トン",
        "inline": [{"op": "replace", "a_start": 5, "a_end": 6, "b_start": 5, "b_end": 7}],
    }
    assert change_cells(change) == ("ニッケル約<del>9</del>万トン", "ニッケル約<ins>12</ins>万トン")


def test_inserted_and_deleted_sentences_fill_one_side():
    assert change_cells({"op": "insert", "a_text": "", "b_text": "新しい文。"}) == (
        "",
        "<ins>新しい文。</ins>",
    )
    assert change_cells({"op": "delete", "a_text": "古い文。", "b_text": ""}) == (
        "<del>古い文。</del>",
        "",
    )


def test_entity_deltas_come_first_as_chips():
    entities = {
        **ENTITIES,
        "minerals": {"added": ["ガリウム"], "removed": ["ウラン"], "changed": []},
    }
    html = compare_html({"a": "x", "b": "y", "sections": [], "entities": entities}, _no_context())
    assert html.index("エンティティの差分") < html.index("pkg-diff")
    assert '<span class="pkg-chip pkg-chip-added">ガリウム</span>' in html
    assert '<span class="pkg-chip pkg-chip-removed">ウラン</span>' in html


def test_no_entity_change_is_said_so():
    html = compare_html({"a": "x", "b": "y", "sections": [], "entities": ENTITIES}, _no_context())
    assert "エンティティに差分はありません" in html


def test_sections_are_side_by_side_and_runs_of_unchanged_ones_are_folded(context):
    sections = [
        _section("一", "unchanged"),
        _section("二", "unchanged"),
        _section("三", "added", b_passage_ids=["magnets@2025#q1"]),
        _section("四", "removed", a_passage_ids=["magnets@2011-12#p3"]),
        _section("五", "unchanged"),
    ]
    diff = {"a": "magnets@2011-12", "b": "magnets@2025", "sections": sections, "entities": ENTITIES}
    html = compare_html(diff, context)
    assert (
        "A: レアメタル総合対策（2011-12）" in html
        and "B: 永久磁石の供給確保の取組方針（2025）" in html
    )
    assert "変更のない節 2 件" in html and "変更のない節 1 件" in html
    assert "<tr><td></td><td><ins>ネオジムの需要は倍増する。</ins></td></tr>" in html
    assert "<tr><td><del>中国が供給の9割を占める。</del></td><td></td></tr>" in html
    assert "追加 1 · 削除 1 · 変更 0 · 変更なし 3" in html


def test_a_moved_section_shows_both_paths(context):
    section = {**_section("新 > 節", "changed"), "a_path": "旧 > 節"}
    diff = {
        "a": "magnets@2011-12",
        "b": "magnets@2025",
        "sections": [section],
        "entities": ENTITIES,
    }
    assert "A: 旧 &gt; 節<br>B: 新 &gt; 節" in compare_html(diff, context)


def _meta(doc_id: str) -> DocumentMeta:
    series, _, revision = doc_id.partition("@")
    return DocumentMeta(doc_id, series, f"{series}の題", "経済産業省", revision, "", "final", "x")


def test_the_default_pair_is_the_two_newest_revisions_of_a_series():
    documents = {d: _meta(d) for d in ("b@2026", "a@2011-12", "a@2025-10-28", "a@2025")}
    assert default_pair(documents) == ("a@2025", "a@2025-10-28")
    choices = [doc_id for _, doc_id in document_choices(documents)]
    assert choices == ["a@2011-12", "a@2025", "a@2025-10-28", "b@2026"]


def test_without_a_series_of_several_revisions_the_default_is_two_documents():
    documents = {d: _meta(d) for d in ("b@2026", "a@2011-12")}
    assert default_pair(documents) == ("a@2011-12", "b@2026")


def _no_context():
    from policy_kg.ui.context import PassageContext

    return PassageContext({})
