"""The quotes behind facts, by the one provenance pattern of ontology/README.md
(`pkg:hasQuote` -> `oa:hasSource` passage + selectors).

The facts are bound in VALUES blocks of at most QUOTE_BATCH: Oxigraph's plan for the quotes
join changes with the block's size. On the 100-copy corpus (5.9M triples, 2,100 budget facts)
the quotes of 100 facts took 41 ms, of 400 194 ms, of 800 383 ms, then of 1,200 67 s and of
1,600 75 s; a budget question that read all 2,100 at once took 96 s.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from policy_kg.graph.queries.plumbing import select, text_or_none, values
from policy_kg.graph.queries.records import QuoteRef

# the most facts one query binds (see the module's doc): below the 800 measured linear
QUOTE_BATCH = 500


def quotes_of(graph: Graph, facts: Iterable[URIRef]) -> dict[URIRef, tuple[QuoteRef, ...]]:
    """The quotes behind each fact, in reading order (the provenance pattern)."""
    wanted = sorted(set(facts))
    found: dict[URIRef, list[QuoteRef]] = {fact: [] for fact in wanted}
    for start in range(0, len(wanted), QUOTE_BATCH):
        for row in _quote_rows(graph, wanted[start : start + QUOTE_BATCH]):
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


def _quote_rows(graph: Graph, facts: list[URIRef]) -> list[ResultRow]:
    return select(
        graph,
        f"""SELECT ?fact ?pid ?docId ?date ?section ?quote ?start ?end ?order WHERE {{
  {values("fact", facts)}
  ?fact pkg:hasQuote ?q .
  ?q oa:hasSource ?passage ; oa:hasSelector ?tq, ?tp .
  ?tq a oa:TextQuoteSelector ; oa:exact ?quote .
  ?tp a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?passage dcterms:identifier ?pid ; pkg:sectionPath ?section ; pkg:readingOrder ?order ;
           pkg:inDocument/dcterms:identifier ?docId ; eli:is_part_of ?rev .
  OPTIONAL {{ ?rev pkg:revisionDate ?date }}
}}""",
    )
