from policy_kg.revisions.diff_model import Change, Delta, DocumentDiff, EntityDeltas, SectionDiff
from policy_kg.revisions.diff_text import diff_lines


def _section(path: str, status: str, *changes: Change) -> SectionDiff:
    return SectionDiff(path, status, path, path, (), (), changes)


DIFF = DocumentDiff(
    "policy@2026",
    "policy@2027",
    (
        _section("一", "unchanged"),
        _section("二", "unchanged"),
        _section("三", "changed", Change("replace", "約10万トン", "約12万トン")),
        _section("四", "unchanged"),
    ),
    EntityDeltas(targets=Delta(changed=("リチウム (2030): 約10万 → 約12万",))),
)


def test_the_entity_summary_comes_before_the_sections():
    lines = list(diff_lines(DIFF))
    summary = lines.index("目標 targets: ~リチウム (2030): 約10万 → 約12万")
    assert summary < lines.index("[changed] 三")
    assert "節 sections: added 0 · removed 0 · changed 1 · unchanged 3" in lines


def test_runs_of_unchanged_sections_are_folded_into_one_line():
    lines = list(diff_lines(DIFF))
    assert lines[-4:] == [
        "[changed] 三",
        "  - 約10万トン",
        "  + 約12万トン",
        "  … 1 unchanged section(s)",
    ]
    assert "  … 2 unchanged section(s)" in lines
    assert not any(line.startswith("[unchanged]") for line in lines)


def test_no_entity_change_is_said_so():
    lines = list(diff_lines(DocumentDiff("a", "b", ())))
    assert "エンティティの差分なし (no entity changes)" in lines
