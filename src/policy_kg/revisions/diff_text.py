"""A diff as plain text for the terminal: what changed in the graph first, then the sections.

A reader of `policy-kg diff` asks first which minerals, measures, agencies and targets
changed; the section list of two 取組方針 runs to 150 sections, most of them unchanged, so a
run of unchanged sections is one line naming how many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import groupby

from policy_kg.revisions.diff_model import Delta, DocumentDiff, SectionDiff

ENTITY_KINDS = (
    ("minerals", "鉱物 minerals"),
    ("measures", "施策 measures"),
    ("agencies", "機関 agencies"),
    ("targets", "目標 targets"),
)
STATUSES = ("added", "removed", "changed", "unchanged")


def diff_lines(diff: DocumentDiff) -> Iterator[str]:
    """The entity summary, the section counts, then each section with its changes."""
    yield f"A: {diff.a}"
    yield f"B: {diff.b}"
    yield from _entity_lines(diff)
    counts = Counter(s.status for s in diff.sections)
    yield "節 sections: " + " · ".join(f"{status} {counts[status]}" for status in STATUSES)
    for unchanged, run in groupby(diff.sections, key=lambda s: s.status == "unchanged"):
        sections = list(run)
        if unchanged:
            yield f"  … {len(sections)} unchanged section(s)"
        else:
            for section in sections:
                yield from _section_lines(section)


def _entity_lines(diff: DocumentDiff) -> Iterator[str]:
    lines = [
        f"{title}: {_delta_text(delta)}"
        for key, title in ENTITY_KINDS
        if _has_changes(delta := getattr(diff.entities, key))
    ]
    yield from lines or ["エンティティの差分なし (no entity changes)"]


def _has_changes(delta: Delta) -> bool:
    return bool(delta.added or delta.removed or delta.changed)


def _delta_text(delta: Delta) -> str:
    parts = [f"+{item}" for item in delta.added] + [f"−{item}" for item in delta.removed]
    parts += [f"~{item}" for item in delta.changed]
    return ", ".join(parts)


def _section_lines(section: SectionDiff) -> Iterator[str]:
    yield f"[{section.status}] {section.path}"
    for change in section.changes:
        if change.a_text:
            yield f"  - {change.a_text}"
        if change.b_text:
            yield f"  + {change.b_text}"
