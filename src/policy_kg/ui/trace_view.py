"""The Trace tab's cards: the mineral, where each series first names it, and each revision.

A card per revision that names the mineral (measures, targets as written, export controls,
what changed since the revision before, and its citations, the sentences naming it first),
a short card per revision whose text no longer names it, and the revisions without text.
The timeline above the cards is `timeline.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policy_kg.ui.citations import citation_list
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, chips, esc
from policy_kg.ui.timeline import series_title

Json = Mapping[str, object]


def trace_html(trace: Json, context: PassageContext) -> str:
    """The mineral, its first appearances, every revision's card (citations numbered across
    the page), and the revisions without text."""
    mineral = trace.get("mineral") or {}
    steps = _steps_by_doc(trace)
    parts = [_mineral_header(mineral, trace, context)]
    number = 1
    for appearance in trace.get("appearances") or []:
        parts.append(_appearance(appearance, steps.get(appearance["doc_id"], {}), number, context))
        number += len(appearance.get("citations") or [])
    parts += [_not_named(step, context) for step in _not_named_steps(trace)]
    parts.append(_gaps(trace.get("revisions_without_text") or [], context))
    return f'<div class="pkg-trace">{"".join(parts)}</div>'


def _steps_by_doc(trace: Json) -> dict[str, Json]:
    """Each revision with text, by doc id, with `first` set on its series' first naming."""
    found: dict[str, Json] = {}
    for timeline in trace.get("series") or []:
        first = (timeline.get("first_named") or {}).get("doc_id")
        for step in timeline.get("revisions") or []:
            if step.get("doc_id"):
                found[step["doc_id"]] = {**step, "first": step["doc_id"] == first}
    return found


def _not_named_steps(trace: Json) -> list[Json]:
    return [
        {**step, "series": timeline["series"]}
        for timeline in trace.get("series") or []
        for step in timeline.get("revisions") or []
        if step["state"] == "not_named"
    ]


def _mineral_header(mineral: Json, trace: Json, context: PassageContext) -> str:
    aliases = chips(mineral.get("aliases") or [])
    lines = []
    first_seen = trace.get("first_seen")
    if first_seen:
        lines.append(
            f"<li>{bilingual('全文書での初出', 'First seen in any document')}: "
            f"{esc(context.title(first_seen['doc_id']))}"
            f"（{esc(first_seen.get('revision') or '改定日不明')}）</li>"
        )
    for timeline in trace.get("series") or []:
        lines.append(_series_line(timeline, context))
    return (
        f'<div class="pkg-entity-head"><h3>{esc(mineral.get("label", ""))}</h3>'
        f'<div class="pkg-aliases">{aliases}</div>'
        f'<div class="pkg-iri">{esc(mineral.get("iri", ""))}</div>'
        f'<ul class="pkg-first-lines">{"".join(lines)}</ul></div>'
    )


def _series_line(timeline: Json, context: PassageContext) -> str:
    """系列の初出: the first revision of a series naming it, what came before, and a drop."""
    title = esc(series_title(timeline["series"], context))
    first = timeline.get("first_named") or {}
    text = f"{bilingual('系列の初出', 'First in series')}: {title}（{esc(first.get('label', ''))}）"
    unknown = timeline.get("unknown_before") or []
    if unknown:
        text += f" — 本文なしのため不明 (not known for): {esc('、'.join(unknown))}"
    dropped = timeline.get("dropped_in")
    if dropped:
        text += f" — 記載なし (dropped in): {esc(dropped.get('label', ''))}"
    return f"<li>{text}</li>"


def _appearance(appearance: Json, step: Json, number: int, context: PassageContext) -> str:
    doc_id = appearance["doc_id"]
    badge = ' <span class="pkg-chip pkg-chip-first">系列の初出 first in series</span>'
    groups = appearance.get("covered_as") or []
    via = f"（{esc('、'.join(groups))} として / as a member of）" if groups else ""
    rows = [
        (bilingual("施策", "Measures"), (chips(appearance.get("measures") or []) or "—") + via),
        (bilingual("目標", "Targets"), _items(appearance.get("targets") or [])),
        (bilingual("輸出管理", "Export controls"), _items(appearance.get("export_controls") or [])),
    ]
    changes = step.get("changes") or []
    if changes:
        rows.append((bilingual("前の改定からの変化", "Changes"), _items(changes)))
    body = "".join(f"<div><strong>{name}</strong>: {value}</div>" for name, value in rows)
    return (
        f'<div class="pkg-appearance"><h4>{esc(context.title(doc_id))}'
        f"（{esc(appearance.get('revision') or '改定日不明')}）{badge if step.get('first') else ''}"
        f'</h4><div class="pkg-cite-meta">{esc(doc_id)}</div>{body}'
        f"{_citations(appearance, number, context)}</div>"
    )


def _citations(appearance: Json, number: int, context: PassageContext) -> str:
    """The citations, those naming the mineral first; a note on the rest and on any not shown."""
    citations = appearance.get("citations") or []
    naming = appearance.get("naming_citations", len(citations))
    notes = []
    if naming < len(citations):
        notes.append(f"[{number + naming}] 以降は名前を挙げず上位概念で対象とする記述")
    hidden = (appearance.get("citations_total") or len(citations)) - len(citations)
    if hidden > 0:
        notes.append(f"ほか {hidden} 件 (+{hidden} more)")
    note = f'<div class="pkg-cite-note">{esc(" · ".join(notes))}</div>' if notes else ""
    return citation_list(citations, context, first=number) + note


def _not_named(step: Json, context: PassageContext) -> str:
    title = esc(context.title(step["doc_id"]))
    changes = _items(step.get("changes") or [])
    return (
        f'<div class="pkg-appearance pkg-not-named"><h4>{title}（{esc(step.get("label", ""))}）'
        f' <span class="pkg-chip pkg-chip-removed">記載なし not named</span></h4>'
        f'<div class="pkg-cite-meta">{esc(step["doc_id"])}</div>'
        f"<div><strong>{bilingual('前の改定からの変化', 'Changes')}</strong>: {changes}</div></div>"
    )


def _items(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>" if items else "—"


def _gaps(gaps: Sequence[Json], context: PassageContext) -> str:
    if not gaps:
        return ""
    items = "".join(
        f"<li>{esc(series_title(g['series'], context))}（{esc(g['revision'])}）</li>" for g in gaps
    )
    return (
        f'<div class="pkg-gaps"><h4>{bilingual("本文のない改定", "Revisions without text")}</h4>'
        f"<ul>{items}</ul><p>これらの改定の本文はコーパスにないため、"
        "この鉱物が記載されていたかは分かりません。</p></div>"
    )
