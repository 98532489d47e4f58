"""The Explore tab: one entity's page (mineral, measure, agency, country, ...).

Renders the JSON of `Runtime.entity(key)`, the fields of `graph.queries.EntityPage`:
`{"iri", "labels": [str], "types": [IRI], "links": [{"predicate", "node", "label",
"outgoing"}], "facts": [{"fact", "kind", "predicate", "doc_id", "quotes": [Citation+]}],
"mentions": int}`. The first label is the preferred one; a link is an edge to another entity
(outgoing from this one, or incoming); each fact's quotes are citations.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from policy_kg.graph.namespaces import ID
from policy_kg.ui.citations import citation_list
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, chips, esc

Json = Mapping[str, object]

SIZE = 420
RADIUS = 150
MAX_NODES = 20
NODE_CHARS = 9

FACT_KINDS = {
    "Target": "数値目標 target",
    "MeasureCoverage": "施策の対象鉱種 measure coverage",
    "ExportControl": "輸出管理措置 export control",
    "SupplyShare": "供給シェア supply share",
    "Budget": "予算 budget",
    "SupportAgencyDesignation": "支援法人の選定 designation",
}


def local_name(iri: str) -> str:
    """The part of an IRI after its last `#` or `/`."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def node_kind(iri: str) -> str:
    """The kind of an instance from its IRI (`.../id/mineral/x` -> `mineral`), else ''."""
    base = str(ID)
    return iri[len(base) :].split("/", 1)[0] if iri.startswith(base) else ""


def entity_html(page: Json, context: PassageContext) -> str:
    labels = [str(label) for label in page.get("labels") or []]
    iri = str(page.get("iri", ""))
    label = labels[0] if labels else local_name(iri)
    types = [local_name(str(t)) for t in page.get("types") or []]
    head = (
        f'<div class="pkg-entity-head"><h3>{esc(label)} {chips(types)}</h3>'
        f'<div class="pkg-aliases">{chips(labels[1:])}</div>'
        f'<div class="pkg-iri">{esc(iri)}</div>'
        f"<div>{bilingual('言及', 'Mentions')}: {esc(page.get('mentions', 0))}</div></div>"
    )
    links = list(page.get("links") or [])
    graph = network_svg(label, node_kind(iri), links)
    return (
        f'<div class="pkg-explore">{head}<div class="pkg-network">{graph}</div>'
        f"{_link_table(links)}{_facts(list(page.get('facts') or []), context)}</div>"
    )


def relation(link: Json) -> str:
    """The link's predicate, with an arrow for its direction (← when it points here)."""
    return ("→ " if link.get("outgoing") else "← ") + local_name(str(link.get("predicate", "")))


def _link_label(link: Json) -> str:
    return str(link.get("label") or local_name(str(link.get("node", ""))))


def network_svg(label: str, kind: str, links: Sequence[Json]) -> str:
    """The entity in the middle and up to MAX_NODES linked entities around it."""
    if not links:
        return ""
    centre = SIZE / 2
    shown = links[:MAX_NODES]
    parts = []
    for n, link in enumerate(shown):
        angle = 2 * math.pi * n / len(shown) - math.pi / 2
        x, y = centre + RADIUS * math.cos(angle), centre + RADIUS * math.sin(angle)
        name = _link_label(link)
        tip = f"<title>{esc(relation(link))}: {esc(name)}</title>"
        parts.append(
            f'<line class="pkg-edge" x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}">'
            f"{tip}</line>"
        )
        parts.append(_node(x, y, name, node_kind(str(link.get("node", ""))), tip))
    parts.append(_node(centre, centre, label, kind, "", main=True))
    if len(links) > MAX_NODES:
        parts.append(
            f'<text class="pkg-legend" x="{SIZE - 8}" y="{SIZE - 8}" text-anchor="end">'
            f"+{len(links) - MAX_NODES}</text>"
        )
    return (
        f'<svg class="pkg-graph" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" role="img" '
        f'aria-label="links">{"".join(parts)}</svg>'
    )


def _node(x: float, y: float, label: str, kind: str, tip: str, main: bool = False) -> str:
    short = label if len(label) <= NODE_CHARS else label[: NODE_CHARS - 1] + "…"
    css = f"pkg-node pkg-node-{esc(kind)}" + (" pkg-node-main" if main else "")
    radius = 12 if main else 8
    return (
        f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="{radius}">{tip}</circle>'
        f'<text class="pkg-node-label" x="{x:.1f}" y="{y + radius + 13:.1f}" '
        f'text-anchor="middle">{esc(short)}</text>'
    )


def _link_table(links: Sequence[Json]) -> str:
    if not links:
        return ""
    by_relation: dict[str, list[str]] = {}
    for link in links:
        by_relation.setdefault(relation(link), []).append(_link_label(link))
    rows = "".join(
        f"<tr><th>{esc(name)}</th><td>{chips(labels)}</td></tr>"
        for name, labels in by_relation.items()
    )
    return f'<h4>{bilingual("つながり", "Links")}</h4><table class="pkg-table">{rows}</table>'


def _facts(facts: Sequence[Json], context: PassageContext) -> str:
    if not facts:
        return ""
    items, number = [], 1
    for fact in facts:
        quotes = list(fact.get("quotes") or [])
        kind = str(fact.get("kind", ""))
        doc_id = str(fact.get("doc_id", ""))
        items.append(
            f"<li>{chips([FACT_KINDS.get(kind, kind)])} "
            f"{esc(local_name(str(fact.get('predicate', ''))))} · {esc(context.title(doc_id))}"
            f'<span class="pkg-cite-meta"> {esc(doc_id)}</span>'
            f"{citation_list(quotes, context, first=number)}</li>"
        )
        number += len(quotes)
    title = f"<h4>{bilingual('事実と引用', 'Facts with quotes')}</h4>"
    return f'{title}<ul class="pkg-facts">{"".join(items)}</ul>'
