"""The Trace tab's timeline: a mineral's state in each revision of each series, as inline SVG.

The SVG is drawn here (no plotting library is installed, and SVG text uses the page's fonts, so
Japanese renders wherever the page does). Rows are series, the x axis is the revision date:
filled dots are revisions whose text names the mineral, hollow rings revisions whose text is in
the corpus and does not name it, dashed circles revisions without text (unknown). The first
revision of each series naming it is ringed in orange; the one where it disappears, in red.
On a narrow screen the SVG keeps its drawn width and its container scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from policy_kg.corpus.dates import DateParseError, parse_iso_date
from policy_kg.revisions.trace_model import RevisionState, Trace
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import esc

WIDTH = 760
LEFT = 250  # room for the series titles
RIGHT = 30
TOP = 16
ROW = 56
DATE_GAP = 70  # closer date labels alternate above and below the dots
LABEL_CHARS = 18
LEGEND_ROW = 22
LEGEND_PER_ROW = 3

_STATE_CLASS = {"named": "pkg-dot", "not_named": "pkg-absent", "no_text": "pkg-gap"}
_STATE_TEXT = {"named": "記載あり", "not_named": "記載なし", "no_text": "本文なし"}


@dataclass(frozen=True)
class Mark:
    series: str
    revision: str
    doc_id: str | None  # None: a revision without text
    state: RevisionState  # named, not_named, no_text
    first: bool = False  # the first revision of its series naming the mineral
    dropped: bool = False  # the first revision of its series no longer naming it
    detail: str = ""


def revision_date(revision: str | None) -> date | None:
    """A revision's earliest day (partial dates sort so); None when not a date."""
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


def timeline_marks(trace: Trace) -> list[Mark]:
    """A mark per revision of every series timeline in the trace."""
    marks = []
    for timeline in trace.series:
        first = timeline.first_named.revision if timeline.first_named else None
        dropped = timeline.dropped_in.revision if timeline.dropped_in else None
        for step in timeline.steps:
            revision = step.revision or ""
            state = step.state
            detail = " / ".join([_STATE_TEXT[state], *step.changes])
            marks.append(
                Mark(
                    timeline.series,
                    revision,
                    step.doc_id,
                    state,
                    first=state == "named" and revision == first,
                    dropped=state == "not_named" and revision == dropped,
                    detail=detail,
                )
            )
    return marks


def timeline_svg(trace: Trace, context: PassageContext) -> str:
    """The timeline; marks without a date are left out (the list below shows them)."""
    dated = [(m, d) for m in timeline_marks(trace) if (d := revision_date(m.revision))]
    if not dated:
        return ""
    days = [d.toordinal() for _, d in dated]
    low, high = _axis_range(min(days), max(days))
    rows = _series_rows(dated)
    bottom = TOP + ROW * len(rows)
    height = bottom + 44 + LEGEND_ROW * 2

    def x(day: int) -> float:
        return LEFT + (day - low) / (high - low) * (WIDTH - LEFT - RIGHT)

    parts = [_axis(low, high, x, bottom)]
    for n, series in enumerate(rows):
        y = TOP + ROW * n + ROW / 2
        points = sorted(
            ((d.toordinal(), m) for m, d in dated if m.series == series),
            key=lambda point: point[0],
        )
        parts.append(_row(series_title(series, context), y, [(x(day), m) for day, m in points]))
    parts.append(_legend(bottom + 38))
    return (
        f'<div class="pkg-timeline-scroll"><svg class="pkg-timeline" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" role="img" aria-label="timeline">'
        f"{''.join(parts)}</svg></div>"
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


def _axis(low: int, high: int, x: Callable[[int], float], bottom: float) -> str:
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
    shape = f'<circle class="{_STATE_CLASS[mark.state]}" cx="{px:.1f}" cy="{y:.1f}" r="7">{tip}'
    if mark.doc_id is None:
        return f"{shape}</circle>"
    ring = ""
    if mark.first or mark.dropped:
        css = "pkg-first" if mark.first else "pkg-dropped"
        ring = f'<circle class="{css}" cx="{px:.1f}" cy="{y:.1f}" r="12"/>'
    return (
        f"{ring}{shape}</circle>"
        f'<text class="pkg-date" x="{px:.1f}" y="{y + (24 if below else -14):.1f}" '
        f'text-anchor="middle">{esc(mark.revision)}</text>'
    )


def _legend(y: float) -> str:
    items = [
        ('<circle class="pkg-dot" cx="0" cy="0" r="6"/>', "記載あり (named)"),
        ('<circle class="pkg-absent" cx="0" cy="0" r="6"/>', "本文あり・記載なし (not named)"),
        ('<circle class="pkg-gap" cx="0" cy="0" r="6"/>', "本文なし (no text: unknown)"),
        ('<circle class="pkg-first" cx="0" cy="0" r="9"/>', "系列の初出 (first in series)"),
        ('<circle class="pkg-dropped" cx="0" cy="0" r="9"/>', "記載が消えた改定 (dropped)"),
    ]
    parts = []
    for n, (shape, label) in enumerate(items):
        left = 20 + (n % LEGEND_PER_ROW) * (WIDTH - 40) / LEGEND_PER_ROW
        top = y + (n // LEGEND_PER_ROW) * LEGEND_ROW
        parts.append(
            f'<g transform="translate({left:.0f},{top})">{shape}'
            f'<text class="pkg-legend" x="14" y="4">{esc(label)}</text></g>'
        )
    return "".join(parts)
