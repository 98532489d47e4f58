from dataclasses import replace

from policy_kg.corpus.model import DocumentMeta
from policy_kg.revisions.diff_model import (
    Change,
    CharChange,
    Delta,
    DocumentDiff,
    EntityDeltas,
    SectionDiff,
    SectionStatus,
)
from policy_kg.ui.compare_view import (
    change_cells,
    compare_html,
    default_pair,
    document_choices,
    marked,
)


def _section(path: str, status: SectionStatus, **fields) -> SectionDiff:
    """A section at `path` on both sides, without passages or changes unless given."""
    return replace(SectionDiff(path, status, path, path, (), ()), **fields)


def _diff(sections: tuple[SectionDiff, ...]) -> DocumentDiff:
    """The two documents of the `context` fixture compared."""
    return DocumentDiff("magnets@2011-12", "magnets@2025", sections)


def test_marked_wraps_each_span_escapes_and_keeps_line_breaks():
    assert marked("a<b>c\nd", [(1, 4)], "del") == "a<del>&lt;b&gt;</del>c<br>d"
    assert marked("abc", [(2, 2), (0, 1)], "ins") == "<ins>a</ins>bc"  # empty span ignored


def test_a_replaced_sentence_marks_only_the_changed_characters():
    inline = (CharChange("replace", 5, 6, 5, 7),)
    change = Change("replace", "ニッケル約9万トン", "ニッケル約12万トン", inline)
    assert change_cells(change) == ("ニッケル約<del>9</del>万トン", "ニッケル約<ins>12</ins>万トン")


def test_inserted_and_deleted_sentences_fill_one_side():
    assert change_cells(Change("insert", "", "新しい文。")) == (
        "",
        "<ins>新しい文。</ins>",
    )
    assert change_cells(Change("delete", "古い文。", "")) == (
        "<del>古い文。</del>",
        "",
    )


def test_entity_deltas_come_first_as_chips():
    entities = EntityDeltas(minerals=Delta(added=("ガリウム",), removed=("ウラン",)))
    html = compare_html(DocumentDiff("x", "y", (), entities), _no_context())
    assert html.index("エンティティの差分") < html.index("pkg-diff")
    assert '<span class="pkg-chip pkg-chip-added">ガリウム</span>' in html
    assert '<span class="pkg-chip pkg-chip-removed">ウラン</span>' in html


def test_an_entity_chip_links_to_the_first_section_that_mentions_it():
    change = Change("replace", "リチウム約10万トン", "リチウム約12万トン")
    sections = (_section("一", "unchanged"), _section("二", "changed", changes=(change,)))
    entities = EntityDeltas(targets=Delta(changed=("リチウム (2030): 10万 → 12万",)))
    html = compare_html(DocumentDiff("x", "y", sections, entities), _no_context())
    assert '<a class="pkg-chip pkg-chip-changed" href="#pkg-sec-1">リチウム (2030)' in html
    assert 'id="pkg-sec-1"' in html


def test_no_entity_change_is_said_so():
    html = compare_html(DocumentDiff("x", "y", ()), _no_context())
    assert "エンティティに差分はありません" in html


def test_sections_are_side_by_side_and_runs_of_unchanged_ones_are_folded(context):
    sections = (
        _section("一", "unchanged"),
        _section("二", "unchanged"),
        _section("三", "added", b_passage_ids=("magnets@2025#q1",)),
        _section("四", "removed", a_passage_ids=("magnets@2011-12#p3",)),
        _section("五", "unchanged"),
    )
    html = compare_html(_diff(sections), context)
    assert (
        "A: レアメタル総合対策（2011-12）" in html
        and "B: 永久磁石の供給確保の取組方針（2025）" in html
    )
    assert "変更のない節 2 件" in html and "変更のない節 1 件" in html
    assert "<tr><td></td><td><ins>ネオジムの需要は倍増する。</ins></td></tr>" in html
    assert "<tr><td><del>中国が供給の9割を占める。</del></td><td></td></tr>" in html
    assert "追加 1 · 削除 1 · 変更 0 · 変更なし 3" in html


def test_a_moved_section_shows_both_paths(context):
    section = _section("新 > 節", "changed", a_path="旧 > 節")
    assert "A: 旧 &gt; 節<br>B: 新 &gt; 節" in compare_html(_diff((section,)), context)


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


def test_without_a_series_of_several_revisions_the_default_pair_shares_a_title_pattern():
    titles = {
        "deck@2026-02-19": "経済安全保障上の課題への対応（素材）",
        "magnets@2025": "永久磁石に係る安定供給確保を図るための取組方針",
        "overview@2011-12": "レアメタル総合対策",
        "minerals@2026-03-30": "重要鉱物に係る安定供給確保を図るための取組方針",
    }
    documents = {d: replace(_meta(d), title=title) for d, title in titles.items()}
    assert default_pair(documents) == ("magnets@2025", "minerals@2026-03-30")


def test_two_documents_sharing_no_template_are_warned_of_and_their_runs_folded(context):
    removed = [
        _section(f"旧{n}", "removed", a_passage_ids=("magnets@2011-12#p3",)) for n in range(5)
    ]
    added = _section("新", "added", b_passage_ids=("magnets@2025#q1",))
    html = compare_html(_diff((*removed, added)), context)
    assert "share no template" in html
    assert "削除された節 5 件" in html and html.count("<details>") == 1
    assert "<ins>ネオジムの需要は倍増する。</ins>" in html  # a single section stays open


def test_documents_sharing_a_template_get_no_warning(context):
    sections = (_section("一", "changed"), _section("二", "unchanged"), _section("三", "added"))
    assert "share no template" not in compare_html(_diff(sections), context)


def _no_context():
    from policy_kg.ui.context import PassageContext

    return PassageContext({})
