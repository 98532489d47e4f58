"""Who does what: the agency a document designates to run its support fund, and the export
controls countries impose (as each source reports them)."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from policy_kg.graph.namespaces import revision_iri_of_doc
from policy_kg.graph.queries.plumbing import (
    date_order,
    label_pattern,
    parse_iri,
    select,
    text_or_none,
)
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import AgencyRecord, ExportControlRecord, Named, QuoteRef


def support_agency(graph: Graph, doc_id: str) -> AgencyRecord | None:
    """The agency the document designates to run its support business and fund, if any."""
    return _designations(graph, revision_iri_of_doc(doc_id)).get(doc_id)


def support_agencies(graph: Graph) -> dict[str, AgencyRecord]:
    """The agency each document designates, by doc_id, in one query: one query per document
    took 5.6 s for the 500 documents of 100 copies of the seeds (cProfile of one question)."""
    return _designations(graph)


def _designations(graph: Graph, revision: URIRef | None = None) -> dict[str, AgencyRecord]:
    rows = select(
        graph,
        f"""SELECT ?fact ?docId ?agency ?agencyLabel WHERE {{
  ?fact a pkg:SupportAgencyDesignation ; pkg:statedIn ?rev ; pkg:designatedAgency ?agency .
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  {label_pattern("agency")}
}}""",
        **({"rev": revision} if revision is not None else {}),
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    by_document: dict[str, list[ResultRow]] = {}
    for row in rows:
        by_document.setdefault(str(row.docId), []).append(row)
    return {doc_id: _designation(doc_id, found, quotes) for doc_id, found in by_document.items()}


def _designation(
    doc_id: str, rows: list[ResultRow], quotes: dict[URIRef, tuple[QuoteRef, ...]]
) -> AgencyRecord:
    """The agency of the document's first designation, with the quotes of all of them."""
    by_agency: dict[URIRef, list[QuoteRef]] = {}
    for row in rows:
        by_agency.setdefault(row.agency, []).extend(quotes[row.fact])
    agency, found = min(by_agency.items(), key=lambda item: _first_place(item[1]))
    label = next(str(row.agencyLabel) for row in rows if row.agency == agency)
    return AgencyRecord(doc_id, str(agency), label, tuple(sorted(found, key=_place)))


def _place(quote: QuoteRef) -> tuple[int, int]:
    return (quote.reading_order, quote.start)


def _first_place(quotes: list[QuoteRef]) -> tuple[int, int]:
    return min((_place(q) for q in quotes), default=(0, 0))


def export_controls(
    graph: Graph, mineral_iri: str | None = None
) -> tuple[ExportControlRecord, ...]:
    """Every export control as each source reports it (only those on the mineral `mineral_iri`,
    when given), by date, then source. A trace asks for one mineral's: reading every control
    and its quotes took 2.7 s of the trace of ホウ素 at 100 copies of the seeds (cProfile)."""
    asked = "?fact pkg:controlledMineral ?asked ." if mineral_iri else ""
    rows = select(
        graph,
        f"""SELECT ?fact ?docId ?country ?countryLabel ?date ?basis ?mineral ?mineralLabel WHERE {{
  {asked}
  ?fact a pkg:ExportControl ; pkg:statedIn ?rev ; pkg:issuingCountry ?country ;
        pkg:controlDate ?date .
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  OPTIONAL {{ ?fact pkg:legalBasis ?basis }}
  OPTIONAL {{ ?fact pkg:controlledMineral ?mineral . {label_pattern("mineral")} }}
  {label_pattern("country")}
}}""",
        **({"asked": parse_iri(mineral_iri)} if mineral_iri else {}),
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    minerals: dict[URIRef, set[Named]] = {}
    first: dict[URIRef, ResultRow] = {}
    for row in rows:
        first.setdefault(row.fact, row)
        if row.mineral is not None:
            minerals.setdefault(row.fact, set()).add(Named(str(row.mineral), str(row.mineralLabel)))
    records = [
        ExportControlRecord(
            fact=str(fact),
            doc_id=str(row.docId),
            country=Named(str(row.country), str(row.countryLabel)),
            date=str(row.date),
            minerals=tuple(sorted(minerals.get(fact, ()), key=lambda m: m.label)),
            legal_basis=text_or_none(row.basis),
            quotes=quotes[fact],
        )
        for fact, row in first.items()
    ]
    return tuple(sorted(records, key=lambda r: (date_order(r.date), r.doc_id, r.fact)))
