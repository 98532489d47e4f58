import hashlib
import json
from pathlib import Path

import pytest

from policy_kg.corpus.model import DocumentMeta, ParsedDocument, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.revisions.align import section_tree, tree_substitution
from policy_kg.revisions.diff import DocumentDiff, SectionDiff, diff_documents
from policy_kg.revisions.headings import Substitution

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).parents[2] / "corpus"
CRITICAL_MINERALS = CORPUS / "critical-minerals-policy-2026-03-30.txt"
PERMANENT_MAGNETS = CORPUS / "permanent-magnets-policy-2025-draft.txt"


def _parse(path: Path, doc_id: str, text: str | None = None, title: str | None = None):
    text = path.read_text(encoding="utf-8") if text is None else text
    if title is None:
        title = next(line.strip() for line in text.splitlines() if line.strip())
    series, _, revision = doc_id.partition("@")
    meta = DocumentMeta(doc_id, series, title, "経済産業省", revision, "", "final", path.name)
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    return parse_document(SourceDocument(meta, path, text, content_hash))


def _heading(path: str | None) -> str | None:
    return path.split(" > ")[-1] if path else None


def _find(diff: DocumentDiff, last_heading: str, parent: str = "") -> SectionDiff:
    found = [
        s
        for s in diff.sections
        if last_heading in (_heading(s.a_path), _heading(s.b_path)) and parent in s.path
    ]
    assert len(found) == 1, [s.path for s in found]
    return found[0]


def _local(passage_ids: tuple[str, ...]) -> list[str]:
    """Passage ids without their doc_id and duplicate-text suffix (`-2`, which depends on the rest
    of the document): equal for equal passages of two revisions."""
    return [pid.split("#", 1)[1].split("-")[0] for pid in passage_ids]


def _inline(change):
    return [
        (c.op, change.a_text[c.a_start : c.a_end], change.b_text[c.b_start : c.b_end])
        for c in change.inline
    ]


@pytest.fixture(scope="module")
def excerpt() -> ParsedDocument:
    return _parse(FIXTURES / "critical-minerals-excerpt.txt", "critical-minerals-policy@2026-03-30")


@pytest.fixture(scope="module")
def edited_diff(excerpt) -> DocumentDiff:
    edited = _parse(
        FIXTURES / "critical-minerals-excerpt-edited.txt", "critical-minerals-policy@2027-01-01"
    )
    return diff_documents(excerpt, edited)


def test_edited_revision_reports_exactly_the_four_edits(edited_diff):
    reported = {
        (s.status, _heading(s.a_path), _heading(s.b_path))
        for s in edited_diff.sections
        if s.status != "unchanged"
    }
    assert reported == {
        (
            "changed",
            "第2節 重要鉱物の安定供給確保に関する目標",
            "第2節 重要鉱物の安定供給確保に関する目標",
        ),
        ("changed", "第1節 取組の対象範囲", "第1節 取組の対象範囲"),
        ("added", None, "(2) 選鉱"),
        ("changed", "(2) 鉱山開発", "(3) 鉱山開発"),
        ("removed", "(4) 技術開発", None),
    }
    unchanged = [s for s in edited_diff.sections if s.status == "unchanged"]
    assert len(unchanged) == 9 + 1  # the nine untouched body sections and the title block
    assert all(_local(s.a_passage_ids) == _local(s.b_passage_ids) for s in unchanged)
    assert not any(s.changes for s in unchanged)


def test_mineral_removed_from_one_section_is_three_inline_deletions(edited_diff):
    section = _find(edited_diff, "第1節 取組の対象範囲")
    assert [c.op for c in section.changes] == ["replace"] * 3
    for change in section.changes:
        assert _inline(change) == [("delete", "ガリウム、", "")]
        assert "ガリウム" in change.a_text and "ガリウム" not in change.b_text


def test_changed_target_is_one_character_in_one_sentence(edited_diff):
    section = _find(edited_diff, "第2節 重要鉱物の安定供給確保に関する目標")
    (change,) = section.changes
    assert change.op == "replace"
    assert "リチウム約10万トン" in change.a_text and "リチウム約12万トン" in change.b_text
    assert _inline(change) == [("replace", "0", "2")]


def test_dropped_section_is_removed_with_its_text(edited_diff, excerpt):
    section = _find(edited_diff, "(4) 技術開発", parent="第4節")
    assert section.b_path is None and section.b_passage_ids == ()
    own = [p for p in excerpt.passages if p.section_path == section.a_path]
    assert section.a_passage_ids == tuple(p.passage_id for p in own)
    (change,) = section.changes
    assert change.op == "delete" and change.b_text == ""
    assert change.a_text.startswith("(4) 技術開発\n供給確保計画に基づく重要鉱物の生産の高効率化")


def test_renumbered_heading_aligns_with_its_old_number(edited_diff):
    inserted = _find(edited_diff, "(2) 選鉱")
    renumbered = _find(edited_diff, "(3) 鉱山開発")
    assert [(c.op, c.a_text, c.b_text) for c in renumbered.changes] == [
        ("replace", "(2) 鉱山開発", "(3) 鉱山開発")
    ]
    assert len(renumbered.a_passage_ids) == len(renumbered.b_passage_ids) == 9
    assert _local(renumbered.a_passage_ids)[1:] == _local(renumbered.b_passage_ids)[1:]
    assert [c.op for c in inserted.changes] == ["insert"]
    assert inserted.b_passage_ids and not inserted.a_passage_ids
    order = [s.path for s in edited_diff.sections]
    assert order.index(inserted.path) == order.index(renumbered.path) - 1
    # the same heading under 第4節 is another section and stays unchanged
    assert _find(edited_diff, "(2) 鉱山開発", parent="第4節").status == "unchanged"


def test_every_passage_is_in_exactly_one_section(edited_diff, excerpt):
    listed = [pid for s in edited_diff.sections for pid in s.a_passage_ids]
    assert sorted(listed) == sorted(p.passage_id for p in excerpt.passages)


def test_slightly_reworded_heading_keeps_its_subsections_aligned(excerpt):
    text = (FIXTURES / "critical-minerals-excerpt.txt").read_text(encoding="utf-8")
    reworded = text.replace("第2節 安定供給確保の目標", "第2節 安定供給確保に係る目標")
    diff = diff_documents(excerpt, _parse(FIXTURES / "reworded.txt", "reworded@1", text=reworded))
    changed = [s for s in diff.sections if s.status != "unchanged"]
    assert [(s.status, _heading(s.b_path)) for s in changed] == [
        ("changed", "第2節 安定供給確保に係る目標")
    ]
    (change,) = changed[0].changes
    assert _inline(change) == [("replace", "の", "に係る")]


def test_diff_with_itself_is_all_unchanged():
    document = _parse(CRITICAL_MINERALS, "critical-minerals-policy@2026-03-30")
    diff = diff_documents(document, document)
    assert diff.sections and all(s.status == "unchanged" for s in diff.sections)
    assert all(s.a_path == s.b_path == s.path and not s.changes for s in diff.sections)
    listed = [pid for s in diff.sections for pid in s.b_passage_ids]
    # every passage but the table of contents, which restates the headings
    body = [p.passage_id for p in document.passages if p.kind != "contents"]
    assert len(body) < len(document.passages) and sorted(listed) == sorted(body)


@pytest.fixture(scope="module")
def policies_diff() -> DocumentDiff:
    minerals = _parse(CRITICAL_MINERALS, "critical-minerals-policy@2026-03-30")
    magnets = _parse(PERMANENT_MAGNETS, "permanent-magnets-policy@2025")
    return diff_documents(minerals, magnets)


def test_policies_sharing_a_template_align_their_chapters(policies_diff):
    top = [s for s in policies_diff.sections if s.a_path and " > " not in s.a_path]
    chapters = [(_heading(s.a_path)[:3], _heading(s.b_path)) for s in top if s.a_path[0] == "第"]
    assert [a for a, _ in chapters] == [f"第{n}章" for n in range(1, 8)]
    assert all(b is not None and b.startswith(a) for a, b in chapters)
    assert all("永久磁石" in b for _, b in chapters)


@pytest.mark.parametrize(
    ("a_heading", "b_heading"),
    [
        (
            "(3) サプライチェーンの状況の適確な把握及び調査の推進",
            "(3) サプライチェーンの状況の的確な把握及び調査の推進",
        ),
        ("第3節 サイバーセキュリティの確保", "第3節 サイバーセキュリティの確保に向けた対応"),
        (
            "② 我が国及び諸外国・地域の政府及び民間の動向",
            "③ 我が国及び諸外国・地域の政府及び民間の動向",
        ),
        ("第 5 節 実施体制", "第5節 実施体制"),
        ("第2節 重要鉱物の安定供給確保に関する目標", "第2節 永久磁石の安定供給確保に関する目標"),
    ],
)
def test_policies_align_reworded_and_renumbered_headings(policies_diff, a_heading, b_heading):
    section = _find(policies_diff, b_heading)
    assert _heading(section.a_path) == a_heading


def test_policies_report_different_measures_as_removed_and_added(policies_diff):
    assert _find(policies_diff, "（1）探鉱・FS支援").status == "removed"
    assert _find(policies_diff, "(1) 永久磁石製造設備の能力増強").status == "added"


MINERALS_TEMPLATE = """重要鉱物に係る取組方針

令和8年3月30日

第1章 重要鉱物の概要

① 重要鉱物の用途

用途は多岐にわたる。

② 重要鉱物の市場

市場は拡大している。
"""
MAGNETS_TEMPLATE = """永久磁石に係る取組方針

令和7年〇月〇日

第1章 永久磁石の概要

① 永久磁石の現状

現状を述べる。

② 永久磁石の用途

用途は多岐にわたる。

③ 永久磁石の市場

市場は拡大している。
"""


def test_subject_substitution_aligns_renumbered_template_headings():
    minerals = _parse(Path("minerals.txt"), "minerals@1", text=MINERALS_TEMPLATE)
    magnets = _parse(Path("magnets.txt"), "magnets@1", text=MAGNETS_TEMPLATE)
    diff = diff_documents(minerals, magnets)
    assert [(s.status, _heading(s.a_path), _heading(s.b_path)) for s in diff.sections] == [
        ("changed", "表題", "表題"),  # the two title blocks differ in title and date
        ("changed", "第1章 重要鉱物の概要", "第1章 永久磁石の概要"),
        ("added", None, "① 永久磁石の現状"),
        ("changed", "① 重要鉱物の用途", "② 永久磁石の用途"),
        ("changed", "② 重要鉱物の市場", "③ 永久磁石の市場"),
    ]
    assert [(c.op, c.a_text, c.b_text) for c in diff.sections[3].changes] == [
        ("replace", "① 重要鉱物の用途", "② 永久磁石の用途")
    ]


def test_subject_is_found_from_the_chapters_without_document_titles():
    minerals = section_tree(_parse(CRITICAL_MINERALS, "a@1", title=""))
    magnets = section_tree(_parse(PERMANENT_MAGNETS, "b@1", title=""))
    assert tree_substitution(minerals, magnets, "", "") == Substitution("重要鉱物", "永久磁石")
    assert tree_substitution(minerals, minerals, "", "") is None


def test_json_has_the_spec_shape(edited_diff):
    document = json.loads(json.dumps(edited_diff.to_json(), ensure_ascii=False))
    assert document["a"] == "critical-minerals-policy@2026-03-30"
    assert document["b"] == "critical-minerals-policy@2027-01-01"
    section = next(s for s in document["sections"] if s["status"] == "changed")
    assert {"path", "status", "a_passage_ids", "b_passage_ids", "changes"} <= section.keys()
    assert {"op", "a_text", "b_text"} <= section["changes"][0].keys()
    assert document["entities"] == {
        kind: {"added": [], "removed": [], "changed": []}
        for kind in ("minerals", "measures", "agencies", "targets")
    }
