"""The quotes behind facts, by the one provenance pattern of ontology/README.md
(`pkg:hasQuote` -> `oa:hasSource` passage + selectors)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef

from policy_kg.graph.queries.plumbing import select, text_or_none, values
from policy_kg.graph.queries.records import QuoteRef


def quotes_of(graph: Graph, facts: Iterable[URIRef]) -> dict[URIRef, tuple[QuoteRef, ...]]:
    """The quotes behind each fact, in reading order (the provenance pattern)."""
    wanted = sorted(set(facts))
    found: dict[URIRef, list[QuoteRef]] = {fact: [] for fact in wanted}
    if not wanted:
        return {}
    rows = select(
        graph,
        f"""SELECT ?fact ?pid ?docId ?date ?section ?quote ?start ?end ?order WHERE {{
  {values("fact", wanted)}
  ?fact pkg:hasQuote ?q .
  ?q oa:hasSource ?passage ; oa:hasSelector ?tq, ?tp .
  ?tq a oa:TextQuoteSelector ; oa:exact ?quote .
  ?tp a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?passage dcterms:identifier ?pid ; pkg:sectionPath ?section ; pkg:readingOrder ?order ;
           pkg:inDocument/dcterms:identifier ?docId ; eli:is_part_of ?rev .
  OPTIONAL {{ ?rev pkg:revisionDate ?date }}
}}""",
    )
    for row in rows:
        found[row.fact].append(
            QuoteRef(
                passage_id=str(row.pid),
                doc_id=str(row.docId),
                revision=text_or_none(row.date),
                section=str(row.section),
                quote=str(row.quote),
                start=int(row.start),
                end=int(row.end),
                reading_order=int(row.order),
            )
        )
    return {
        fact: tuple(sorted(quotes, key=lambda q: (q.doc_id, q.reading_order, q.start)))
        for fact, quotes in found.items()
    }
