"""What a comparison of two documents is (`diff` in docs/interface.md §3): aligned sections
with their changes.

Entity deltas (minerals, measures, agencies, targets added, removed or changed) come from the
graph, which this stage does not read; `diff_documents` leaves them empty and the caller that
holds the graph fills them in with `dataclasses.replace(diff, entities=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ChangeOp = Literal["insert", "delete", "replace"]
SectionStatus = Literal["added", "removed", "changed", "unchanged"]


@dataclass(frozen=True)
class CharChange:
    """An inline edit inside a replaced sentence: `a_text[a_start:a_end]` became
    `b_text[b_start:b_end]` (an empty span on one side for insert/delete)."""

    op: ChangeOp
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True)
class Change:
    """A sentence-level edit. Runs of inserted or deleted sentences are one change, joined by
    line breaks; a replaced sentence pair carries its character-level edits in `inline`."""

    op: ChangeOp
    a_text: str
    b_text: str
    inline: tuple[CharChange, ...] = ()


@dataclass(frozen=True)
class SectionDiff:
    """One aligned section. `path` is B's heading path (A's for a removed section), joined with
    ` > `; `a_path`/`b_path` are each side's own path, None on the side that lacks the section."""

    path: str
    status: SectionStatus
    a_path: str | None
    b_path: str | None
    a_passage_ids: tuple[str, ...]
    b_passage_ids: tuple[str, ...]
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Delta:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def to_json(self) -> dict[str, list[str]]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": list(self.changed),
        }


@dataclass(frozen=True)
class EntityDeltas:
    """Graph-level differences; `targets.changed` entries name the old and the new value."""

    minerals: Delta = field(default_factory=Delta)
    measures: Delta = field(default_factory=Delta)
    agencies: Delta = field(default_factory=Delta)
    targets: Delta = field(default_factory=Delta)

    def to_json(self) -> dict[str, dict[str, list[str]]]:
        return {
            "minerals": self.minerals.to_json(),
            "measures": self.measures.to_json(),
            "agencies": self.agencies.to_json(),
            "targets": self.targets.to_json(),
        }


@dataclass(frozen=True)
class DocumentDiff:
    """A diff of document `a` (doc_id) against `b`, sections in merged reading order."""

    a: str
    b: str
    sections: tuple[SectionDiff, ...]
    entities: EntityDeltas = field(default_factory=EntityDeltas)

    def to_json(self) -> dict[str, object]:
        """The `diff` document of docs/interface.md §3: sections with each side's path and
        the inline character edits, and the entity deltas."""
        return {
            "a": self.a,
            "b": self.b,
            "sections": [_section_json(s) for s in self.sections],
            "entities": self.entities.to_json(),
        }


def _section_json(section: SectionDiff) -> dict[str, object]:
    return {
        "path": section.path,
        "status": section.status,
        "a_path": section.a_path,
        "b_path": section.b_path,
        "a_passage_ids": list(section.a_passage_ids),
        "b_passage_ids": list(section.b_passage_ids),
        "changes": [_change_json(c) for c in section.changes],
    }


def _change_json(change: Change) -> dict[str, object]:
    return {
        "op": change.op,
        "a_text": change.a_text,
        "b_text": change.b_text,
        "inline": [c.__dict__ for c in change.inline],
    }
