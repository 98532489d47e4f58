"""A revision added to a copy of the corpus: after a rebuild, trace and diff report its edits.

The corpus here holds the critical-minerals policy of 2026-03-30 (copied from `corpus/`), built
first on its own; then the fixture revision 2027-04-01 is added and the corpus rebuilt. The
fixture is the 2026 text with the edits listed in tests/fixtures/added_revision/README.md:
ジルコニウム removed everywhere, the リチウム target changed, 第6章 第3節 dropped and a
subsection inserted in 第5章 第3節 so that the next one is renumbered. Trace and diff must
report exactly those edits and nothing else.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_kg.config import Paths
from policy_kg.revisions.diff_model import Change, DocumentDiff
from policy_kg.revisions.trace import UnknownMineralError
from policy_kg.runtime import Runtime, UnknownDocumentError

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "added_revision"
OLD_STEM = "critical-minerals-policy-2026-03-30"
NEW_STEM = "critical-minerals-policy-2027-04-01"
OLD = "critical-minerals-policy@2026-03-30"
NEW = "critical-minerals-policy@2027-04-01"
SERIES = "critical-minerals-policy"
EARLIER_REVISIONS = ("2023-01-19", "2024-03-29", "2025-06-19")

REMOVED_MINERAL = "ジルコニウム"
# The measures that cover ジルコニウム in the 2026 text (第2章 第2節 (1)-(4); 第3章 第1節
# 取組の対象範囲 is the programme's scope, not a measure).
ZIRCONIUM_MEASURES = {
    "探鉱・FS支援",
    "鉱山開発支援",
    "製錬等事業支援",
    "技術開発支援",
}
# a target as the trace shows it: its amount as written, the normalised one beside, its year
OLD_LITHIUM_TARGET = "リチウム 約10万トン／年（約100000トン／年） — 2030年まで"
NEW_LITHIUM_TARGET = "リチウム 約12万トン／年（約120000トン／年） — 2030年まで"
LITHIUM_TARGET_CHANGE = (
    "リチウム (2030): 約10万トン／年（約100000トン／年） → 約12万トン／年（約120000トン／年）"
)
REMOVED_AGENCY = "独立行政法人情報処理推進機構"  # named only in the dropped 第6章 第3節

# The fixture's text edits (README, edits 1 and 2): each turns an old sentence into the new one.
TEXT_EDITS = (
    ("ルビジウム、ジルコニウム、インジウム", "ルビジウム、インジウム"),
    ("ルビジウム鉱、ジルコニウム鉱、インジウム鉱", "ルビジウム鉱、インジウム鉱"),
    ("アンチモン、ジルコニウム、バリウム", "アンチモン、バリウム"),
    ("アンチモン、ジルコニウム及びバリウムについては", "アンチモン及びバリウムについては"),
    ("先端電子部品等に用いられるジルコニウム及びバリウム", "先端電子部品等に用いられるバリウム"),
    ("原材料となるジルコニウム及びバリウム", "原材料となるバリウム"),
    ("ジルコニウム及びバリウムは、先端電子部品", "バリウムは、先端電子部品"),
    ("リチウム約10万トン／年", "リチウム約12万トン／年"),
)

CH1 = "第1章 重要鉱物の安定供給確保のための取組の基本的な方向に関する事項"
SITUATION = f"{CH1} > 第1節 重要鉱物を取り巻く状況"
CH2 = "第2章 重要鉱物の安定供給確保のための取組に関し主務大臣が実施する施策に関する事項"
MEASURES = f"{CH2} > 第2節 実施する個別施策"
ENVIRONMENT = f"{CH2} > 第3節 施策に係る留意事項 > (1) 関連する戦略・取組及び施策を取り巻く環境"
CH3 = (
    "第3章 重要鉱物の安定供給確保のための取組の内容に関する事項及び"
    "当該取組ごとを取組を行うべき期間又は取組を行うべき期限"
)
CH5 = "第5章 重要鉱物に係る法第四十四条第一項の規定による指定に関する事項"
CH5_OTHER = f"{CH5} > 第3節 その他留意事項"
CH6 = "第6章 重要鉱物の安定供給確保に当たって配慮すべき事項"

# The title block (README, edit 0) is a section of its own: it gains one date line.
TITLE_BLOCK = "表題"
NEW_DATE_LINE = "令和9年4月1日改定"

# Sections holding a text edit (ジルコニウム or the リチウム target), by heading path.
TEXT_EDITED = {
    "はじめに",
    f"{SITUATION} > (1) 重要性 > ① 重要鉱物の用途・特性",
    f"{SITUATION} > (1) 重要性 > ② 重要鉱物の市場動向及び関連産業への影響",
    f"{SITUATION} > （3）外部から行われる行為による供給途絶等の蓋然性",
    f"{CH1} > 第2節 重要鉱物の安定供給確保に関する目標",
    f"{MEASURES} > （1）探鉱・FS支援 > ① 施策の対象となる品目",
    f"{MEASURES} > （2）鉱山開発支援 > ① 施策の対象となる品目",
    f"{MEASURES} > (3) 製錬等事業支援 > ① 施策の対象となる品目",
    f"{MEASURES} > （４）技術開発支援 > ① 施策の対象となる品目",
    ENVIRONMENT,
    f"{ENVIRONMENT} > ② JOGMECによる資源探査 > ア 海外地質構造調査",
    f"{ENVIRONMENT} > ⑥ JOGMECによるレアメタル備蓄制度の継続的な運用、不断の運用改善",
    f"{CH3} > 第1節 取組の対象範囲",
}
DEPENDENCE = f"{SITUATION} > (2) 外部依存性 > ① 供給先の動向及び供給途絶の影響に関する認識"
ZIRCONIUM_SECTION = f"{DEPENDENCE} > チ ジルコニウム"
DROPPED_SECTION = f"{CH6} > 第3節 サイバーセキュリティの確保"
INSERTED_SECTION = f"{CH5_OTHER} > （2）関係国との情報共有に関する事項"
RENUMBERED_OLD = f"{CH5_OTHER} > （2）輸送手段の確保に関する事項"
RENUMBERED_NEW = f"{CH5_OTHER} > （3）輸送手段の確保に関する事項"


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for suffix in (".txt", ".yaml"):
        shutil.copy(REPO / "corpus" / f"{OLD_STEM}{suffix}", folder)
    return folder


@pytest.fixture(scope="module")
def before(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory, shared_cache: Path):
    """The corpus with the 2026-03-30 revision only, built."""
    indexes = tmp_path_factory.mktemp("indexes")
    return Runtime.start(Paths(corpus_dir, indexes, shared_cache))


@pytest.fixture(scope="module")
def after(before: Runtime, corpus_dir: Path) -> Runtime:
    """The same corpus and indexes once the 2027-04-01 revision is added, rebuilt."""
    for suffix in (".txt", ".yaml"):
        shutil.copy(FIXTURE / f"{NEW_STEM}{suffix}", corpus_dir)
    return Runtime.start(before.paths)


@pytest.fixture(scope="module")
def revision_diff(after: Runtime) -> DocumentDiff:
    return after.diff(OLD, NEW)


def _apply_text_edits(text: str) -> str:
    for old, new in TEXT_EDITS:
        text = text.replace(old, new)
    return text


def _apply_inline(change: Change) -> str:
    """`a_text` with the change's character-level edits applied: `b_text` if they are right."""
    text = change.a_text
    for edit in reversed(change.inline):
        text = text[: edit.a_start] + change.b_text[edit.b_start : edit.b_end] + text[edit.a_end :]
    return text


def _section_paths(runtime: Runtime, doc_id: str) -> set[str]:
    """The sections a diff lists: the table of contents restates the headings, and is not one."""
    passages = runtime.document(doc_id).passages
    return {" > ".join(p.section) for p in passages if p.kind != "contents"}


def _assert_citations_quote(runtime: Runtime, appearance: dict, doc_id: str) -> None:
    assert appearance["citations"]
    for citation in appearance["citations"]:
        assert citation["doc_id"] == doc_id
        assert citation["quote"] in runtime.passage(citation["passage_id"]).text


def _silent_revisions() -> list[dict[str, str]]:
    return [{"series": SERIES, "revision": revision} for revision in EARLIER_REVISIONS]


def test_rebuild_adds_the_revision_and_parses_only_it(before, after):
    assert set(before.documents) == {OLD}
    assert set(after.documents) == {OLD, NEW}
    assert {d.doc_id: d.rebuilt for d in after.report.documents} == {OLD: False, NEW: True}
    meta = after.documents[NEW]
    assert (meta.series, meta.revision, meta.revision_label) == (
        SERIES,
        "2027-04-01",
        "令和9年4月1日改定",
    )


def test_trace_before_the_revision_was_added_knows_only_the_old_text(before):
    trace = before.trace("リチウム").to_json()
    assert [a["doc_id"] for a in trace["appearances"]] == [OLD]
    assert trace["revisions_without_text"] == _silent_revisions()


def test_trace_of_the_removed_mineral_ends_with_the_old_revision(after):
    trace = after.trace(REMOVED_MINERAL).to_json()
    assert trace["mineral"]["label"] == REMOVED_MINERAL
    assert [a["doc_id"] for a in trace["appearances"]] == [OLD]
    assert trace["first_seen"]["doc_id"] == OLD
    assert set(trace["first_seen"]["measures"]) == ZIRCONIUM_MEASURES
    _assert_citations_quote(after, trace["first_seen"], OLD)
    assert trace["revisions_without_text"] == _silent_revisions()


def test_the_revision_that_no_longer_names_the_mineral_is_on_its_timeline(after):
    (timeline,) = after.trace(REMOVED_MINERAL).to_json()["series"]
    states = [(r["revision"], r["doc_id"], r["state"]) for r in timeline["revisions"]]
    assert states == [
        *((revision, None, "no_text") for revision in EARLIER_REVISIONS),
        ("2026-03-30", OLD, "named"),
        ("2027-04-01", NEW, "not_named"),
    ]
    assert timeline["first_named"]["doc_id"] == OLD
    assert timeline["dropped_in"]["doc_id"] == NEW
    assert timeline["unknown_before"] == list(EARLIER_REVISIONS)
    changes = timeline["revisions"][-1]["changes"]
    left = {c.partition(": ")[2] for c in changes if c.startswith("施策から除外")}
    assert left == ZIRCONIUM_MEASURES  # it left every measure it was under
    scope = {c.partition(": ")[2] for c in changes if c.startswith("対象範囲から除外")}
    assert scope == {  # and the programme's scope, in both senses
        "取組の対象範囲: 法令上の対象 legal scope",
        "取組の対象範囲: 当面の対象 current focus",
    }
    assert all(c.startswith(("施策から除外", "対象範囲から除外", "記載なし")) for c in changes)


def test_the_timeline_reports_the_target_change_between_the_revisions(after):
    (timeline,) = after.trace("リチウム").to_json()["series"][-1:]
    assert timeline["series"] == SERIES and timeline["dropped_in"] is None
    new = timeline["revisions"][-1]
    assert (new["doc_id"], new["state"]) == (NEW, "named")
    assert new["changes"] == [f"目標変更 / target changed: {LITHIUM_TARGET_CHANGE}"]


def test_trace_shows_the_changed_target_in_the_new_revision(after):
    trace = after.trace("リチウム").to_json()
    old, new = trace["appearances"]
    assert (old["doc_id"], new["doc_id"]) == (OLD, NEW)
    assert (old["revision"], new["revision"]) == ("2026-03-30", "2027-04-01")
    assert trace["first_seen"]["doc_id"] == OLD
    assert OLD_LITHIUM_TARGET in old["targets"]
    assert NEW_LITHIUM_TARGET in new["targets"]
    assert OLD_LITHIUM_TARGET not in new["targets"]
    other_old = [t for t in old["targets"] if t != OLD_LITHIUM_TARGET]
    assert other_old == [t for t in new["targets"] if t != NEW_LITHIUM_TARGET]
    assert new["measures"] == old["measures"]
    _assert_citations_quote(after, new, NEW)
    assert trace["revisions_without_text"] == _silent_revisions()


def test_diff_marks_exactly_the_edited_sections(after, revision_diff):
    by_status: dict[str, set[str | None]] = {}
    for section in revision_diff.sections:
        by_status.setdefault(section.status, set()).add(section.a_path)
    assert by_status["removed"] == {ZIRCONIUM_SECTION, DROPPED_SECTION}
    assert by_status["added"] == {None}
    assert by_status["changed"] == TEXT_EDITED | {RENUMBERED_OLD, TITLE_BLOCK}
    added = [s.b_path for s in revision_diff.sections if s.status == "added"]
    assert added == [INSERTED_SECTION]
    renumbered = next(s for s in revision_diff.sections if s.a_path == RENUMBERED_OLD)
    assert renumbered.b_path == RENUMBERED_NEW
    for section in revision_diff.sections:
        if section.status == "unchanged":
            assert section.a_path == section.b_path
            assert section.changes == ()
    # Every section of either side is listed once.
    a_paths = [s.a_path for s in revision_diff.sections if s.a_path is not None]
    b_paths = [s.b_path for s in revision_diff.sections if s.b_path is not None]
    assert sorted(a_paths) == sorted(_section_paths(after, OLD))
    assert sorted(b_paths) == sorted(_section_paths(after, NEW))


def test_changed_sections_hold_only_the_edits(revision_diff):
    for section in revision_diff.sections:
        if section.status != "changed":
            continue
        assert section.changes, section.path
        if section.a_path == TITLE_BLOCK:
            assert [(c.op, c.b_text) for c in section.changes] == [("insert", NEW_DATE_LINE)]
            continue
        for change in section.changes:
            assert change.op == "replace", (section.path, change)
            assert _apply_inline(change) == change.b_text
            if section.a_path == RENUMBERED_OLD:
                assert (change.a_text, change.b_text) == (
                    "（2）輸送手段の確保に関する事項",
                    "（3）輸送手段の確保に関する事項",
                )
            else:
                assert change.a_text != change.b_text
                assert _apply_text_edits(change.a_text) == change.b_text


def test_removed_and_added_sections_carry_their_whole_text(after, revision_diff):
    old_ids = {p.passage_id for p in after.document(OLD).passages}
    new_ids = {p.passage_id for p in after.document(NEW).passages}
    sections = {s.a_path or s.b_path: s for s in revision_diff.sections}
    for path, words in (
        (ZIRCONIUM_SECTION, "オキシ塩化ジルコニウム"),
        (DROPPED_SECTION, "サイバー攻撃"),
    ):
        removed = sections[path]
        assert removed.b_passage_ids == ()
        assert set(removed.a_passage_ids) <= old_ids
        assert [c.op for c in removed.changes] == ["delete"]
        assert words in removed.changes[0].a_text
    inserted = sections[INSERTED_SECTION]
    assert inserted.a_passage_ids == ()
    assert inserted.b_passage_ids
    assert set(inserted.b_passage_ids) <= new_ids
    assert [c.op for c in inserted.changes] == ["insert"]
    assert "同志国との間で需給の状況に関する情報を適時に共有" in inserted.changes[0].b_text


def test_entity_deltas_are_exactly_the_edits(revision_diff):
    assert revision_diff.to_json()["entities"] == {
        "minerals": {"added": [], "removed": [REMOVED_MINERAL], "changed": []},
        "measures": {
            "added": [],
            "removed": [],
            "changed": sorted(f"{m}: −{REMOVED_MINERAL}" for m in ZIRCONIUM_MEASURES),
        },
        "agencies": {"added": [], "removed": [REMOVED_AGENCY], "changed": []},
        "targets": {"added": [], "removed": [], "changed": [LITHIUM_TARGET_CHANGE]},
    }


def test_diff_of_a_revision_with_itself_is_all_unchanged(after):
    diff = after.diff(NEW, NEW).to_json()
    assert diff["sections"]
    assert {s["status"] for s in diff["sections"]} == {"unchanged"}
    assert all(s["changes"] == [] for s in diff["sections"])
    empty = {"added": [], "removed": [], "changed": []}
    assert diff["entities"] == dict.fromkeys(("minerals", "measures", "agencies", "targets"), empty)


def test_diff_with_an_unknown_doc_id_lists_the_valid_ones(after):
    with pytest.raises(UnknownDocumentError) as raised:
        after.diff(OLD, "critical-minerals-policy@2028-04-01")
    assert set(raised.value.known) == {OLD, NEW}
    assert OLD in str(raised.value)
    assert NEW in str(raised.value)


def test_trace_of_a_misspelt_mineral_suggests_close_names(after):
    with pytest.raises(UnknownMineralError) as raised:
        after.trace("ネオジウン")
    assert any("ネオジム" in s for s in raised.value.suggestions)
    assert "did you mean" in str(raised.value)
