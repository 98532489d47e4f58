"""The Trace tab: a timeline of a mineral across series and revisions, and each appearance.

The timeline is inline SVG drawn here (no plotting library is installed, and SVG text uses
the page's fonts, so Japanese renders wherever the page does). Rows are series, the x axis
is the revision date; filled dots are revisions whose text mentions the mineral, dashed
circles are revisions the texts name but whose text is not in the corpus (gaps: unknown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from policy_kg.corpus.dates import DateParseError, parse_iso_date
from policy_kg.ui.citations import citation_list
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, chips, esc

Json = Mapping[str, object]

WIDTH = 760
LEFT = 250  # room for the series titles
RIGHT = 30
TOP = 16
ROW = 56
DATE_GAP = 70  # closer date labels alternate above and below the dots
LABEL_CHARS = 18


@dataclass(frozen=True)
class Mark:
    series: str
    revision: str
    doc_id: str | None  # None: a revision without text
    first: bool = False
    detail: str = ""


def revision_date(revision: str | None) -> date | None:
    """A revision's earliest day (SPEC §2: partial dates sort so); None when not a date."""
    if not revision:
        return None
    try:
        return parse_iso_date(revision).earliest_day
    except DateParseError:
        return None


def series_title(series: str, context: PassageContext) -> str:
    """The title of the newest document of `series` in the build, or the series id."""
    metas = [m for d in context.documents.values() if (m := d.meta).series == series]
    if not metas:
        return series
    newest = max(metas, key=lambda m: revision_date(m.revision) or date.min)
    return newest.title


def timeline_marks(trace: Json) -> list[Mark]:
    first = (trace.get("first_seen") or {}).get("doc_id")
    marks = []
    for a in trace.get("appearances") or []:
        detail = f"施策 {len(a.get('measures') or [])} · 目標 {len(a.get('targets') or [])}"
        marks.append(
            Mark(a["series"], a.get("revision") or "", a["doc_id"], a["doc_id"] == first, detail)
        )
    for gap in trace.get("revisions_without_text") or []:
        marks.append(Mark(gap["series"], gap["revision"], None, detail="本文なし"))
    return marks


def timeline_svg(trace: Json, context: PassageContext) -> str:
    """The timeline; marks without a date are left out (the list below shows them)."""
    dated = [(m, d) for m in timeline_marks(trace) if (d := revision_date(m.revision))]
    if not dated:
        return ""
    days = [d.toordinal() for _, d in dated]
    low, high = _axis_range(min(days), max(days))
    rows = _series_rows(dated)
    height = TOP + ROW * len(rows) + 60

    def x(day: int) -> float:
        return LEFT + (day - low) / (high - low) * (WIDTH - LEFT - RIGHT)

    parts = [_axis(low, high, x, TOP + ROW * len(rows))]
    for n, series in enumerate(rows):
        y = TOP + ROW * n + ROW / 2
        points = sorted((d.toordinal(), m) for m, d in dated if m.series == series)
        parts.append(_row(series_title(series, context), y, [(x(day), m) for day, m in points]))
    parts.append(_legend(TOP + ROW * len(rows) + 38))
    return (
        f'<svg class="pkg-timeline" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="timeline">{"".join(parts)}</svg>'
    )


def _axis_range(low: int, high: int) -> tuple[int, int]:
    """Half a year of margin on each side, a year at least in all."""
    margin = max(183, (high - low) // 20)
    return low - margin, high + margin


def _series_rows(dated: Sequence[tuple[Mark, date]]) -> list[str]:
    """Series ordered by their earliest mark."""
    first: dict[str, date] = {}
    for mark, day in dated:
        first[mark.series] = min(day, first.get(mark.series, day))
    return sorted(first, key=lambda s: (first[s], s))


def _axis(low: int, high: int, x, bottom: float) -> str:
    first_year = date.fromordinal(low).year + 1
    last_year = date.fromordinal(high).year
    span = last_year - first_year
    step = 1 if span <= 10 else 2 if span <= 20 else 5
    ticks = []
    for year in range(first_year, last_year + 1):
        if (year - first_year) % step:
            continue
        px = x(date(year, 1, 1).toordinal())
        ticks.append(
            f'<line class="pkg-grid" x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{bottom}"/>'
            f'<text class="pkg-tick" x="{px:.1f}" y="{bottom + 16}" '
            f'text-anchor="middle">{year}</text>'
        )
    return "".join(ticks)


def _row(title: str, y: float, points: list[tuple[float, Mark]]) -> str:
    short = title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1] + "…"
    parts = [
        f'<text class="pkg-series" x="{LEFT - 12}" y="{y + 4:.1f}" text-anchor="end">'
        f"<title>{esc(title)}</title>{esc(short)}</text>"
    ]
    if len(points) > 1:
        parts.append(
            f'<line class="pkg-track" x1="{points[0][0]:.1f}" y1="{y:.1f}" '
            f'x2="{points[-1][0]:.1f}" y2="{y:.1f}"/>'
        )
    last, below = -float("inf"), False
    for px, mark in points:
        if mark.doc_id is not None:
            below = px - last < DATE_GAP and not below
            last = px
        parts.append(_point(px, y, mark, below))
    return "".join(parts)


def _point(px: float, y: float, mark: Mark, below: bool) -> str:
    name = mark.doc_id or mark.series
    tip = f"<title>{esc(name)} {esc(mark.revision)} — {esc(mark.detail)}</title>"
    if mark.doc_id is None:
        return f'<circle class="pkg-gap" cx="{px:.1f}" cy="{y:.1f}" r="7">{tip}</circle>'
    ring = f'<circle class="pkg-first" cx="{px:.1f}" cy="{y:.1f}" r="12"/>' if mark.first else ""
    return (
        f'{ring}<circle class="pkg-dot" cx="{px:.1f}" cy="{y:.1f}" r="7">{tip}</circle>'
        f'<text class="pkg-date" x="{px:.1f}" y="{y + (24 if below else -14):.1f}" '
        f'text-anchor="middle">{esc(mark.revision)}</text>'
    )


def _legend(y: float) -> str:
    items = [
        ('<circle class="pkg-dot" cx="0" cy="0" r="6"/>', "本文に記載 (mentioned)"),
        ('<circle class="pkg-gap" cx="0" cy="0" r="6"/>', "本文なしの改定 (no text: gap)"),
        ('<circle class="pkg-first" cx="0" cy="0" r="9"/>', "初出 (first seen)"),
    ]
    parts, left = [], LEFT
    for shape, label in items:
        parts.append(
            f'<g transform="translate({left},{y})">{shape}'
            f'<text class="pkg-legend" x="14" y="4">{esc(label)}</text></g>'
        )
        left += 40 + sum(12 if ord(char) > 0xFF else 7 for char in label)
    return "".join(parts)


def trace_html(trace: Json, context: PassageContext) -> str:
    """The mineral, its first appearance, every appearance with its measures, targets and
    citations (numbered across the page), and the revisions without text."""
    mineral = trace.get("mineral") or {}
    parts = [_mineral_header(mineral, trace.get("first_seen"), context)]
    number = 1
    for appearance in trace.get("appearances") or []:
        first = appearance["doc_id"] == (trace.get("first_seen") or {}).get("doc_id")
        parts.append(_appearance(appearance, first, number, context))
        number += len(appearance.get("citations") or [])
    parts.append(_gaps(trace.get("revisions_without_text") or [], context))
    return f'<div class="pkg-trace">{"".join(parts)}</div>'


def _mineral_header(mineral: Json, first_seen: Json | None, context: PassageContext) -> str:
    aliases = chips(mineral.get("aliases") or [])
    first = ""
    if first_seen:
        first = (
            f"<div>{bilingual('初出', 'First seen')}: "
            f"{esc(context.title(first_seen['doc_id']))}"
            f"（{esc(first_seen.get('revision') or '改定日不明')}）</div>"
        )
    return (
        f'<div class="pkg-entity-head"><h3>{esc(mineral.get("label", ""))}</h3>'
        f'<div class="pkg-aliases">{aliases}</div>'
        f'<div class="pkg-iri">{esc(mineral.get("iri", ""))}</div>{first}</div>'
    )


def _appearance(appearance: Json, first: bool, number: int, context: PassageContext) -> str:
    doc_id = appearance["doc_id"]
    badge = ' <span class="pkg-chip pkg-chip-first">初出 first seen</span>' if first else ""
    measures = chips(appearance.get("measures") or []) or "—"
    targets = appearance.get("targets") or []
    target_list = (
        "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in targets) + "</ul>" if targets else "—"
    )
    citations = citation_list(appearance.get("citations") or [], context, first=number)
    return (
        f'<div class="pkg-appearance"><h4>{esc(context.title(doc_id))}'
        f"（{esc(appearance.get('revision') or '改定日不明')}）{badge}</h4>"
        f'<div class="pkg-cite-meta">{esc(doc_id)}</div>'
        f"<div><strong>{bilingual('施策', 'Measures')}</strong>: {measures}</div>"
        f"<div><strong>{bilingual('目標', 'Targets')}</strong>: {target_list}</div>"
        f"{citations}</div>"
    )


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
