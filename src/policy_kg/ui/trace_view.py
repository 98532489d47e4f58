"""The Trace tab's cards: the mineral, where each series first names it, and each revision.

A card per revision that names the mineral (measures, targets as written with the normalised
amount and their year, export controls with their date, supply shares with their year, what
changed since the revision before, and its citations: the sentences naming it first, then
those covering it through a broader term, labelled 「希土類金属 として」, the first
`citations_shown` open to read and the rest behind 「+N 件」), a short card per revision whose
text no longer names it, and the revisions without text. The timeline above is `timeline.py`.
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
        (
            bilingual("取組の対象範囲", "Programme scope"),
            _items(appearance.get("programme_scope") or []),
        ),
        (bilingual("目標", "Targets"), _facts(appearance, "target_facts")),
        (
            bilingual("輸出管理", "Export controls"),
            _facts(appearance, "export_control_facts"),
        ),
    ]
    if appearance.get("supply_shares"):
        rows.append((bilingual("供給シェア", "Supply shares"), _facts(appearance, "supply_shares")))
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


def _facts(appearance: Json, field: str) -> str:
    """Each fact's text (its date or year beside the amount) above its quote, as written."""
    items = "".join(
        f"<li>{esc(fact.get('text', ''))}{_fact_quote(fact)}</li>"
        for fact in appearance.get(field) or []
    )
    return f"<ul>{items}</ul>" if items else "—"


def _fact_quote(fact: Json) -> str:
    quote = fact.get("quote")
    return f'<div class="pkg-fact-quote">「{esc(quote)}」</div>' if quote else ""


def _citations(appearance: Json, number: int, context: PassageContext) -> str:
    """The citations, those naming the mineral first, each covered only through a broader
    term labelled so; the first `citations_shown` listed, the rest behind 「+N 件」."""
    citations = list(appearance.get("citations") or [])
    shown = int(appearance.get("citations_shown", len(citations)))
    first = _labelled(citations[:shown], context, number)
    rest = citations[shown:]
    if not rest:
        return first
    more = _labelled(rest, context, number + shown)
    return (
        f'{first}<details class="pkg-more-citations"><summary>+{len(rest)} 件 '
        f"(+{len(rest)} more)</summary>{more}</details>"
    )


def _labelled(citations: Sequence[Json], context: PassageContext, number: int) -> str:
    """The citations in order; before the first that covers it through a broader term, that
    term (「希土類金属 として」)."""
    parts, start, via = [], 0, None
    for n, citation in enumerate(citations):
        if citation.get("via") and citation.get("via") != via:
            parts.append(citation_list(citations[start:n], context, first=number + start))
            via = citation["via"]
            note = f"{via} として (as {via}, a broader term): 名前を挙げずに対象とする記述"
            parts.append(f'<div class="pkg-cite-note">{esc(note)}</div>')
            start = n
    parts.append(citation_list(citations[start:], context, first=number + start))
    return "".join(parts)


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
