"""The Trace tab's cards: the mineral, where each series first names it, and each revision.

A card per revision that names the mineral (measures, targets as written with the normalised
amount and their year, export controls with their date, supply shares with their year, what
changed since the revision before, and its citations: the sentences naming it first, then
those covering it through a broader term, labelled 「希土類金属 として」, the first
`citations_shown` open to read and the rest behind 「+N 件」), a short card per revision whose
text no longer names it, and the revisions without text. The timeline above is `timeline.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policy_kg.revisions.trace_facts import ControlFact, ShareFact, TargetFact
from policy_kg.revisions.trace_model import (
    Appearance,
    RevisionStep,
    SeriesTimeline,
    Trace,
    TraceQuote,
)
from policy_kg.ui.citations import citation_list
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, chips, esc
from policy_kg.ui.timeline import series_title

TraceFact = TargetFact | ControlFact | ShareFact  # what a card lists, each with its quote


@dataclass(frozen=True)
class CardStep:
    """A revision with text as its card shows it: the step, and whether it is the first of
    its series to name the mineral."""

    step: RevisionStep
    first: bool


def trace_html(trace: Trace, context: PassageContext) -> str:
    """The mineral, its first appearances, every revision's card (citations numbered across
    the page), and the revisions without text."""
    steps = _steps_by_doc(trace)
    parts = [_mineral_header(trace, context)]
    number = 1
    for appearance in trace.appearances:
        parts.append(_appearance(appearance, steps.get(appearance.doc_id), number, context))
        number += len(appearance.quotes)
    parts += [_not_named(step, context) for step in _not_named_steps(trace)]
    parts.append(_gaps(trace.revisions_without_text, context))
    return f'<div class="pkg-trace">{"".join(parts)}</div>'


def _steps_by_doc(trace: Trace) -> dict[str, CardStep]:
    """Each revision with text, by doc id, marked when it is its series' first naming."""
    found: dict[str, CardStep] = {}
    for timeline in trace.series:
        first = timeline.first_named
        for step in timeline.steps:
            if step.doc_id:
                is_first = first is not None and step.doc_id == first.doc_id
                found[step.doc_id] = CardStep(step, is_first)
    return found


def _not_named_steps(trace: Trace) -> list[RevisionStep]:
    return [
        step for timeline in trace.series for step in timeline.steps if step.state == "not_named"
    ]


def _mineral_header(trace: Trace, context: PassageContext) -> str:
    aliases = chips(trace.mineral.aliases)
    lines = []
    first_seen = trace.first_seen
    if first_seen:
        lines.append(
            f"<li>{bilingual('全文書での初出', 'First seen in any document')}: "
            f"{esc(context.title(first_seen.doc_id))}"
            f"（{esc(first_seen.revision or '改定日不明')}）</li>"
        )
    for timeline in trace.series:
        lines.append(_series_line(timeline, context))
    return (
        f'<div class="pkg-entity-head"><h3>{esc(trace.mineral.label)}</h3>'
        f'<div class="pkg-aliases">{aliases}</div>'
        f'<div class="pkg-iri">{esc(trace.iri)}</div>'
        f'<ul class="pkg-first-lines">{"".join(lines)}</ul></div>'
    )


def _series_line(timeline: SeriesTimeline, context: PassageContext) -> str:
    """系列の初出: the first revision of a series naming it, what came before, and a drop."""
    title = esc(series_title(timeline.series, context))
    first = timeline.first_named
    label = first.label if first else ""
    text = f"{bilingual('系列の初出', 'First in series')}: {title}（{esc(label)}）"
    unknown = timeline.unknown_before
    if unknown:
        text += f" — 本文なしのため不明 (not known for): {esc('、'.join(unknown))}"
    dropped = timeline.dropped_in
    if dropped:
        text += f" — 記載なし (dropped in): {esc(dropped.label)}"
    return f"<li>{text}</li>"


def _appearance(
    appearance: Appearance, card: CardStep | None, number: int, context: PassageContext
) -> str:
    doc_id = appearance.doc_id
    badge = ' <span class="pkg-chip pkg-chip-first">系列の初出 first in series</span>'
    groups = appearance.covered_as
    via = f"（{esc('、'.join(groups))} として / as a member of）" if groups else ""
    rows = [
        (bilingual("施策", "Measures"), (chips(appearance.measures) or "—") + via),
        (bilingual("取組の対象範囲", "Programme scope"), _items(appearance.programme_scope)),
        (bilingual("目標", "Targets"), _facts(appearance.target_facts)),
        (bilingual("輸出管理", "Export controls"), _facts(appearance.control_facts)),
    ]
    if appearance.supply_shares:
        rows.append((bilingual("供給シェア", "Supply shares"), _facts(appearance.supply_shares)))
    changes = card.step.changes if card else ()
    if changes:
        rows.append(_changes(changes))
    first = card is not None and card.first
    heading = f"{esc(context.title(doc_id))}（{esc(appearance.revision or '改定日不明')}）"
    citations = _citations(appearance, number, context)
    return _card("pkg-appearance", heading + (badge if first else ""), doc_id, rows, citations)


def _card(
    kind: str, heading: str, doc_id: str, rows: Sequence[tuple[str, str]], after: str = ""
) -> str:
    """One revision's card: its heading (title, revision and a chip), its doc_id, a line a
    kind of fact named and shown, and what comes `after` (the citations)."""
    body = "".join(f"<div><strong>{name}</strong>: {value}</div>" for name, value in rows)
    return (
        f'<div class="{kind}"><h4>{heading}</h4>'
        f'<div class="pkg-cite-meta">{esc(doc_id)}</div>{body}{after}</div>'
    )


def _changes(changes: Sequence[str]) -> tuple[str, str]:
    return (bilingual("前の改定からの変化", "Changes"), _items(changes))


def _facts(facts: Sequence[TraceFact]) -> str:
    """Each fact's text (its date or year beside the amount) above its quote, as written."""
    items = "".join(f"<li>{esc(fact.text)}{_fact_quote(fact)}</li>" for fact in facts)
    return f"<ul>{items}</ul>" if items else "—"


def _fact_quote(fact: TraceFact) -> str:
    quote = fact.quote
    return f'<div class="pkg-fact-quote">「{esc(quote)}」</div>' if quote else ""


def _citations(appearance: Appearance, number: int, context: PassageContext) -> str:
    """The quotes, those naming the mineral first, each covered only through a broader
    term labelled so; the first `len(appearance.citations)` listed, the rest behind 「+N 件」."""
    quotes = appearance.quotes
    shown = len(appearance.citations)
    first = _labelled(quotes[:shown], context, number)
    rest = quotes[shown:]
    if not rest:
        return first
    more = _labelled(rest, context, number + shown)
    return (
        f'{first}<details class="pkg-more-citations"><summary>+{len(rest)} 件 '
        f"(+{len(rest)} more)</summary>{more}</details>"
    )


def _labelled(quotes: Sequence[TraceQuote], context: PassageContext, number: int) -> str:
    """The quotes' citations in order; before the first that covers it through a broader
    term, that term (「希土類金属 として」)."""
    citations = [quote.citation for quote in quotes]
    parts, start, via = [], 0, None
    for n, quote in enumerate(quotes):
        if quote.via and quote.via != via:
            parts.append(citation_list(citations[start:n], context, first=number + start))
            via = quote.via
            note = f"{via} として (as {via}, a broader term): 名前を挙げずに対象とする記述"
            parts.append(f'<div class="pkg-cite-note">{esc(note)}</div>')
            start = n
    parts.append(citation_list(citations[start:], context, first=number + start))
    return "".join(parts)


def _not_named(step: RevisionStep, context: PassageContext) -> str:
    doc_id = step.doc_id or ""
    heading = (
        f"{esc(context.title(doc_id))}（{esc(step.label)}）"
        ' <span class="pkg-chip pkg-chip-removed">記載なし not named</span>'
    )
    return _card("pkg-appearance pkg-not-named", heading, doc_id, [_changes(step.changes)])


def _items(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>" if items else "—"


def _gaps(gaps: Sequence[tuple[str, str]], context: PassageContext) -> str:
    """The (series, revision) pairs whose text the corpus does not hold."""
    if not gaps:
        return ""
    items = "".join(
        f"<li>{esc(series_title(series, context))}（{esc(revision)}）</li>"
        for series, revision in gaps
    )
    return (
        f'<div class="pkg-gaps"><h4>{bilingual("本文のない改定", "Revisions without text")}</h4>'
        f"<ul>{items}</ul><p>これらの改定の本文はコーパスにないため、"
        "この鉱物が記載されていたかは分かりません。</p></div>"
    )
