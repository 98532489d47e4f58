"""Build a mineral's per-series timeline: each revision's state and what changed for it.

The changes between two consecutive revisions with text are the ones a reader of Compare sees,
narrowed to the mineral: a target that changed (the target delta of `entities.py`, reused),
measures it joined or left, export controls that appeared, and whether the revision names it
at all. With the 2027 fixture added, ジルコニウム's 取組方針 timeline reads: three revisions
without text, named in 2026-03-30, not named in 2027-04-01 (dropped, leaving five measures).
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph

from policy_kg.graph import queries
from policy_kg.revisions.entities import entity_deltas
from policy_kg.revisions.trace_model import Appearance, RevisionState, RevisionStep, SeriesTimeline

NAMED_AGAIN = "記載あり（前の改定では記載なし） / named again"
FIRST_NAMED = "初めて記載 / first named"
DROPPED = "記載なし（前の改定では記載あり） / no longer named"


def series_timelines(
    graph: Graph, label: str, appearances: Mapping[str, Appearance]
) -> tuple[SeriesTimeline, ...]:
    """One timeline per series that names the mineral (`label`), in order of first naming."""
    series = dict.fromkeys(a.series for a in appearances.values())
    return tuple(_timeline(graph, name, label, appearances) for name in series)


def _timeline(
    graph: Graph, series: str, label: str, appearances: Mapping[str, Appearance]
) -> SeriesTimeline:
    steps: list[RevisionStep] = []
    previous: str | None = None  # the last revision with text
    named_before = False
    for record in queries.revisions(graph, series):
        state = _state(record, appearances)
        changes: tuple[str, ...] = ()
        if record.doc_id is not None:
            changes = _changes(graph, label, previous, record.doc_id, appearances, named_before)
            previous = record.doc_id
            named_before = named_before or state == "named"
        revision_label = record.labels[0] if record.labels else (record.revision or "")
        steps.append(RevisionStep(record.revision, revision_label, record.doc_id, state, changes))
    return SeriesTimeline(series, tuple(steps))


def _state(record: queries.RevisionRecord, appearances: Mapping[str, Appearance]) -> RevisionState:
    if record.doc_id is None:
        return "no_text"
    return "named" if record.doc_id in appearances else "not_named"


def _changes(
    graph: Graph,
    label: str,
    previous: str | None,
    current: str,
    appearances: Mapping[str, Appearance],
    named_before: bool,
) -> tuple[str, ...]:
    """What changed for the mineral from `previous` (a doc id, None for the first text)."""
    old, new = appearances.get(previous or ""), appearances.get(current)
    if previous is None or (old is None and new is None):
        return (FIRST_NAMED,) if new is not None else ()
    changes = []
    if old is None:
        changes.append(NAMED_AGAIN if named_before else FIRST_NAMED)
    elif new is None:
        changes.append(DROPPED)
    changes += _set_changes("施策に追加 / joined measure", old, new, "measures")
    changes += _set_changes("施策から除外 / left measure", new, old, "measures")
    changes += _set_changes("対象範囲に追加 / entered scope", old, new, "programme_scope")
    changes += _set_changes("対象範囲から除外 / left scope", new, old, "programme_scope")
    changes += _set_changes("輸出管理 / export control", old, new, "export_controls")
    changes += _target_changes(graph, label, previous, current)
    return tuple(changes)


def _set_changes(
    title: str, before: Appearance | None, after: Appearance | None, field: str
) -> list[str]:
    """Items of `field` in `after` and not in `before`, each prefixed by `title`."""
    had = set(getattr(before, field)) if before else set()
    has = getattr(after, field) if after else ()
    return [f"{title}: {item}" for item in has if item not in had]


def _target_changes(graph: Graph, label: str, previous: str, current: str) -> list[str]:
    """Compare's target delta, narrowed to targets whose subject is the mineral."""
    delta = entity_deltas(graph, previous, current).targets
    mine = f"{label} ("
    return (
        [f"目標変更 / target changed: {d}" for d in delta.changed if d.startswith(mine)]
        + [f"目標追加 / target added: {d}" for d in delta.added if d.startswith(mine)]
        + [f"目標削除 / target removed: {d}" for d in delta.removed if d.startswith(mine)]
    )
