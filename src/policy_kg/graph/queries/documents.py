"""The revisions of a series, and the documents that name an entity: what a trace is made of.

Both oldest first, by the earliest day of their (partial) date, undated last.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from policy_kg.graph.namespaces import series_iri
from policy_kg.graph.queries.plumbing import date_order, parse_iri, select, text_or_none
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import DocumentNaming, QuoteRef, RevisionRecord


def revisions(graph: Graph, series: str) -> tuple[RevisionRecord, ...]:
    """Every revision of `series` the corpus knows, with or without text, oldest first."""
    rows = select(
        graph,
        """SELECT ?rev ?date ?label ?status ?docId WHERE {
  ?rev eli:is_member_of ?series .
  OPTIONAL { ?rev pkg:revisionDate ?date }
  OPTIONAL { ?rev pkg:revisionLabel ?label }
  OPTIONAL { ?rev pkg:status ?status }
  OPTIONAL { ?rev eli:is_realized_by/dcterms:identifier ?docId }
}""",
        series=series_iri(series),
    )
    labels: dict[URIRef, list[str]] = {}
    first: dict[URIRef, ResultRow] = {}
    for row in rows:
        first.setdefault(row.rev, row)
        if row.label is not None and str(row.label) not in labels.setdefault(row.rev, []):
            labels[row.rev].append(str(row.label))
    records = [
        RevisionRecord(
            iri=str(rev),
            series=series,
            revision=text_or_none(row.date),
            labels=tuple(labels.get(rev, ())),
            status=text_or_none(row.status),
            doc_id=text_or_none(row.docId),
        )
        for rev, row in first.items()
    ]
    return tuple(sorted(records, key=lambda r: (date_order(r.revision), r.has_text, r.iri)))


def revisions_without_text(graph: Graph, series: str) -> tuple[RevisionRecord, ...]:
    return tuple(r for r in revisions(graph, series) if not r.has_text)


def documents_naming(graph: Graph, entity_iri: str) -> tuple[DocumentNaming, ...]:
    """The documents whose passages name the entity (a mineral, agency or country), oldest
    first, each with the quotes (surface forms) of every mention in reading order."""
    rows = select(
        graph,
        """SELECT ?fact ?docId ?series ?date ?status WHERE {
  ?fact a pkg:Mention ; pkg:mentionedEntity ?entity ; pkg:statedIn ?rev .
  ?rev eli:is_realized_by/dcterms:identifier ?docId ; eli:is_member_of/dcterms:identifier ?series .
  OPTIONAL { ?rev pkg:revisionDate ?date }
  OPTIONAL { ?rev pkg:status ?status }
}""",
        entity=parse_iri(entity_iri),
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    documents: dict[str, tuple[ResultRow, list[QuoteRef]]] = {}
    for row in rows:
        documents.setdefault(str(row.docId), (row, []))[1].extend(quotes[row.fact])
    namings = [
        DocumentNaming(
            doc_id=doc_id,
            series=str(row.series),
            revision=text_or_none(row.date),
            status=text_or_none(row.status),
            quotes=tuple(sorted(found, key=lambda q: (q.reading_order, q.start))),
        )
        for doc_id, (row, found) in documents.items()
    ]
    return tuple(sorted(namings, key=lambda n: (date_order(n.revision), n.doc_id)))
