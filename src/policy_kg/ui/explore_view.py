"""The Explore tab: one entity's page (mineral, measure, agency, country, ...).

Renders the `graph.queries.EntityPage` of `Runtime.entity(key)`: its iri, labels, types,
links, facts (each with its quotes and parts), mentions and terms. The first label is the
preferred one; a link is an edge to another entity (outgoing from this one, or incoming); a
fact's parts are what else it states (the measure, mineral, country, year ...); `terms` are
the Japanese labels the ontology gives classes and properties.

A measure's page listed 56 rows all reading "measure coverage": each row now names what the
fact is about and the document stating it, rows are grouped by kind, and every entity named
(in a row, the links or the graph) opens its own page when clicked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policy_kg.graph.namespaces import ID, PKG
from policy_kg.graph.queries import EntityPage, FactRef, Link
from policy_kg.graph.queries.records import FactPart
from policy_kg.ui.citations import citation_list, grouped
from policy_kg.ui.context import PassageContext
from policy_kg.ui.markup import bilingual, chips, esc

SIZE = 420
RADIUS = 150
MAX_NODES = 20
NODE_CHARS = 9
CITATION_ANCHOR = "explore-cite"
# a value in a row (a coverage condition can run to 150 characters) shows this many, the
# rest in its tooltip and in the quote below
VALUE_CHARS = 60
# Run by the page's gr.HTML once mounted: a click on a named entity asks for its page.
FOLLOW_ENTITY_JS = """
element.addEventListener('click', (event) => {
  const link = event.target.closest('[data-entity]');
  if (!link) return;
  event.preventDefault();
  trigger('select', {entity: link.dataset.entity});
});
"""


def local_name(iri: str) -> str:
    """The part of an IRI after its last `#` or `/`."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def node_kind(iri: str) -> str:
    """The kind of an instance from its IRI (`.../id/mineral/x` -> `mineral`), else ''."""
    base = str(ID)
    return iri[len(base) :].split("/", 1)[0] if iri.startswith(base) else ""


class Terms:
    """The Japanese names of classes and properties (IRI -> label), from the page's `terms`."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self._terms = terms

    def label(self, iri: str) -> str:
        """The Japanese label, else the local name."""
        return self._terms.get(iri) or local_name(iri)

    def bilingual(self, iri: str) -> str:
        """The Japanese label with the local name beside it (施策 coverageMeasure)."""
        name = local_name(iri)
        japanese = self._terms.get(iri)
        return bilingual(japanese, name) if japanese else esc(name)


def entity_link(iri: str, label: str, css: str = "pkg-chip") -> str:
    """A named entity that opens its page; an ontology term (施策の対象となる品目) is plain."""
    if not iri.startswith(str(ID)):
        return f'<span class="{css}">{esc(label)}</span>'
    return f'<a class="{css} pkg-entity" href="#" data-entity="{esc(iri)}">{esc(label)}</a>'


def entity_html(page: EntityPage, context: PassageContext) -> str:
    labels, iri, links, facts = page.labels, page.iri, page.links, page.facts
    label = labels[0] if labels else local_name(iri)
    terms = Terms({term.iri: term.label for term in page.terms})
    types = "".join(
        f'<span class="pkg-chip" title="{esc(t)}">{esc(terms.label(t))}</span>' for t in page.types
    )
    head = (
        f'<div class="pkg-entity-head"><h3>{esc(label)} {types}</h3>'
        f'<div class="pkg-aliases">{chips(labels[1:])}</div>'
        f'<div class="pkg-iri">{esc(iri)}</div>'
        f"<div>{bilingual('言及', 'Mentions')}: {esc(page.mentions)}</div></div>"
    )
    graph = network_svg(label, node_kind(iri), neighbours(links, facts, terms))
    return (
        f'<div class="pkg-explore">{head}<div class="pkg-network">{graph}</div>'
        f"{_link_table(links, terms)}{_facts(facts, terms, context)}</div>"
    )


def relation(link: Link, terms: Terms) -> str:
    """The link's predicate, with an arrow for its direction (← when it points here)."""
    return ("→ " if link.outgoing else "← ") + terms.label(link.predicate)


def _link_label(link: Link) -> str:
    return link.label or local_name(link.node)


@dataclass(frozen=True)
class Neighbour:
    """An entity next to the page's one in the small graph; `relation` names the edge."""

    node: str
    label: str
    relation: str


def neighbours(links: Sequence[Link], facts: Sequence[FactRef], terms: Terms) -> list[Neighbour]:
    """Each entity linked to this one, directly or through a fact, once: the links first,
    then the facts' entities (relation `施策の対象鉱種: 施策`)."""
    found: dict[str, Neighbour] = {}
    for link in links:
        node = link.node
        found.setdefault(node, Neighbour(node, _link_label(link), relation(link, terms)))
    for fact in facts:
        kind = terms.label(str(PKG[fact.kind]))
        for part in _entity_parts(fact):
            node = part.value
            name = f"{kind}: {terms.label(part.predicate)}"
            found.setdefault(node, Neighbour(node, _part_label(part), name))
    return list(found.values())


def network_svg(label: str, kind: str, nodes: Sequence[Neighbour]) -> str:
    """The entity in the middle and up to MAX_NODES neighbours around it, each named and
    opening its page when clicked."""
    if not nodes:
        return ""
    centre = SIZE / 2
    shown = nodes[:MAX_NODES]
    parts = []
    for n, node in enumerate(shown):
        angle = 2 * math.pi * n / len(shown) - math.pi / 2
        x, y = centre + RADIUS * math.cos(angle), centre + RADIUS * math.sin(angle)
        tip = f"<title>{esc(node.relation)}: {esc(node.label)}</title>"
        parts.append(
            f'<line class="pkg-edge" x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}">'
            f"{tip}</line>"
        )
        circle = _node(x, y, node.label, node_kind(node.node), tip)
        if node.node.startswith(str(ID)):
            circle = f'<g class="pkg-node-link" data-entity="{esc(node.node)}">{circle}</g>'
        parts.append(circle)
    parts.append(_node(centre, centre, label, kind, "", main=True))
    if len(nodes) > MAX_NODES:
        parts.append(
            f'<text class="pkg-legend" x="{SIZE - 8}" y="{SIZE - 8}" text-anchor="end">'
            f"+{len(nodes) - MAX_NODES}</text>"
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


def _link_table(links: Sequence[Link], terms: Terms) -> str:
    if not links:
        return ""
    by_relation: dict[str, list[str]] = {}
    for link in links:
        chip = entity_link(link.node, _link_label(link))
        by_relation.setdefault(relation(link, terms), []).append(chip)
    rows = "".join(
        f"<tr><th>{esc(name)}</th><td>{''.join(items)}</td></tr>"
        for name, items in by_relation.items()
    )
    return f'<h4>{bilingual("つながり", "Links")}</h4><table class="pkg-table">{rows}</table>'


def _entity_parts(fact: FactRef) -> list[FactPart]:
    """The fact's parts that are entities of the graph (not ontology terms, not values)."""
    return [p for p in fact.parts if p.entity and p.value.startswith(str(ID))]


def _part_label(part: FactPart) -> str:
    return part.label or local_name(part.value)


def _facts(facts: Sequence[FactRef], terms: Terms, context: PassageContext) -> str:
    """The facts grouped by kind, then by the document stating them; each row names what
    the fact is about and opens its quotes."""
    if not facts:
        return ""
    by_kind: dict[str, dict[str, list[FactRef]]] = {}
    for fact in facts:
        kind = by_kind.setdefault(fact.kind, {})
        kind.setdefault(fact.doc_id, []).append(fact)
    sections, number = [], 1
    for kind, documents in by_kind.items():
        count = sum(len(rows) for rows in documents.values())
        blocks = []
        for doc_id, rows in documents.items():
            items = []
            for fact in rows:
                items.append(_fact_row(fact, terms, context, number))
                number += len(grouped(fact.quotes))
            blocks.append(
                f'{_document_line(doc_id, context)}<ul class="pkg-facts">{"".join(items)}</ul>'
            )
        sections.append(
            f'<section class="pkg-fact-kind"><h5>{terms.bilingual(str(PKG[kind]))} ({count})</h5>'
            f"{''.join(blocks)}</section>"
        )
    return f"<h4>{bilingual('事実と引用', 'Facts with quotes')}</h4>{''.join(sections)}"


def _document_line(doc_id: str, context: PassageContext) -> str:
    """文書: the title（revision）, the doc id beside it."""
    meta = context.meta(doc_id)
    revision = f"（{esc(meta.revision)}）" if meta is not None and meta.revision else ""
    return (
        f'<div class="pkg-fact-doc"><span class="pkg-part-name">文書</span> '
        f"{esc(context.title(doc_id))}{revision} "
        f'<span class="pkg-cite-meta">{esc(doc_id)}</span></div>'
    )


def _fact_row(fact: FactRef, terms: Terms, context: PassageContext, number: int) -> str:
    """What the fact is about (entities as links first, then ontology terms and values),
    and its quotes."""
    by_predicate: dict[str, list[FactPart]] = {}
    for part in sorted(fact.parts, key=_part_rank):
        by_predicate.setdefault(part.predicate, []).append(part)
    pieces = [_parts_html(predicate, same, terms) for predicate, same in by_predicate.items()]
    if fact.quantity:
        pieces.insert(0, _quantity_html(fact.quantity, terms))
    about = " · ".join(pieces)
    cited = citation_list(
        fact.quotes, context, first=number, anchor=CITATION_ANCHOR, group=True, brief=True
    )
    return f'<li><div class="pkg-fact-row">{about}</div>{cited}</li>'


def _quantity_html(quantity: str, terms: Terms) -> str:
    """数量: 約10万トン／年（約100000トン／年）, the number as written first."""
    name = f'<span class="pkg-part-name">{esc(terms.label(str(PKG.hasQuantity)))}</span>'
    return f'<span class="pkg-part">{name} {esc(quantity)}</span>'


def _part_rank(part: FactPart) -> int:
    """Entities of the graph first (the mineral, measure, country), then ontology terms
    (施策の対象となる品目), then values (a year, a condition)."""
    if not part.entity:
        return 2
    return 0 if part.value.startswith(str(ID)) else 1


def _parts_html(predicate: str, parts: Sequence[FactPart], terms: Terms) -> str:
    """規制対象鉱種: ガリウム、ゲルマニウム (links), 措置時期: 2023-08 (a value)."""
    name = f'<span class="pkg-part-name">{esc(terms.label(predicate))}</span>'
    values = "、".join(_part_value(part) for part in parts)
    return f'<span class="pkg-part">{name} {values}</span>'


def _part_value(part: FactPart) -> str:
    if part.entity:
        return entity_link(part.value, _part_label(part), "pkg-part-entity")
    text = part.value
    if len(text) <= VALUE_CHARS:
        return esc(text)
    return f'<span title="{esc(text)}">{esc(text[: VALUE_CHARS - 1])}…</span>'
