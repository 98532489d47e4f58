"""Compare two documents (two revisions of a series, or two documents sharing a template).

Sections are aligned by heading path (`align.py`); an aligned section is unchanged when its own
passages' texts are identical once white space is removed and character widths are unified
(NFKC: （２） and (2) are the same), otherwise its sentence-level changes are listed
(`textdiff.py`). A section present on one side only is added or removed, with its
whole text as one insert or delete.
"""

from __future__ import annotations

from policy_kg.corpus.model import ParsedDocument, section_path
from policy_kg.corpus.structure import compared_form
from policy_kg.revisions.align import (
    Section,
    SectionPair,
    align_sections,
    section_tree,
    tree_substitution,
)
from policy_kg.revisions.diff_model import (
    Change,
    ChangeOp,
    CharChange,
    Delta,
    DocumentDiff,
    EntityDeltas,
    SectionDiff,
    SectionStatus,
)
from policy_kg.revisions.textdiff import char_changes, sentence_changes, sentences

__all__ = [
    "Change",
    "ChangeOp",
    "CharChange",
    "Delta",
    "DocumentDiff",
    "EntityDeltas",
    "SectionDiff",
    "SectionStatus",
    "char_changes",
    "diff_documents",
]


def diff_documents(a: ParsedDocument, b: ParsedDocument) -> DocumentDiff:
    """Aligned sections of `a` and `b` with their changes; entity deltas are left empty."""
    a_tree, b_tree = section_tree(a), section_tree(b)
    substitution = tree_substitution(a_tree, b_tree, a.meta.title, b.meta.title)
    sections = tuple(
        _section_diff(pair)
        for pair in align_sections(a_tree, b_tree, substitution)
        if _has_passages(pair)
    )
    return DocumentDiff(a.meta.doc_id, b.meta.doc_id, sections)


def _has_passages(pair: SectionPair) -> bool:
    """Whether a pair is worth listing: a heading path that holds no passage on either side
    (the root, usually) is structure only."""
    return any(section is not None and section.passages for section in (pair.a, pair.b))


def _texts(section: Section | None) -> list[str]:
    return [p.text for p in section.passages] if section else []


def _ids(section: Section | None) -> tuple[str, ...]:
    return tuple(p.passage_id for p in section.passages) if section else ()


def _path(section: Section | None) -> str | None:
    return section_path(section.path) if section else None


def _section_diff(pair: SectionPair) -> SectionDiff:
    a_texts, b_texts = _texts(pair.a), _texts(pair.b)
    status: SectionStatus
    changes: tuple[Change, ...] = ()
    if pair.b is None:
        status = "removed"
        changes = _whole("delete", sentences(a_texts))
    elif pair.a is None:
        status = "added"
        changes = _whole("insert", sentences(b_texts))
    elif compared_form("".join(a_texts)) == compared_form("".join(b_texts)):
        status = "unchanged"
    else:
        status = "changed"
        changes = sentence_changes(sentences(a_texts), sentences(b_texts))
    path = _path(pair.b) if pair.b is not None else _path(pair.a)
    return SectionDiff(
        path=path or "",
        status=status,
        a_path=_path(pair.a),
        b_path=_path(pair.b),
        a_passage_ids=_ids(pair.a),
        b_passage_ids=_ids(pair.b),
        changes=changes,
    )


def _whole(op: ChangeOp, lines: list[str]) -> tuple[Change, ...]:
    if not lines:
        return ()
    text = "\n".join(lines)
    return (Change(op, text if op == "delete" else "", text if op == "insert" else ""),)
