"""Numeric targets (確保量, 需要量, shares, reductions), by document and subject."""

from __future__ import annotations

from rdflib import Graph, URIRef

from policy_kg.graph.namespaces import revision_iri_of_doc
from policy_kg.graph.queries.plumbing import (
    int_or_none,
    label_pattern,
    parse_iri,
    quantity_of,
    select,
    text_or_none,
)
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import TargetRecord


def targets(
    graph: Graph, *, doc_id: str | None = None, subject_iri: str | None = None
) -> tuple[TargetRecord, ...]:
    """Numeric targets, filtered by document and subject (mineral or product)."""
    bindings: dict[str, URIRef] = {}
    if doc_id is not None:
        bindings["rev"] = revision_iri_of_doc(doc_id)
    subject = (
        "{ ?fact pkg:targetMineral ?subject } UNION { ?fact pkg:targetProduct ?subject }\n"
        + label_pattern("subject")
    )
    if subject_iri is not None:
        bindings["subject"] = parse_iri(subject_iri)
    else:  # a bound ?subject must match; an unbound one may stay unbound (no subject)
        subject = f"OPTIONAL {{ {subject} }}"
    rows = select(
        graph,
        f"""SELECT * WHERE {{
  ?fact a pkg:Target ; pkg:statedIn ?rev ; pkg:hasQuantity ?quantity ; pkg:targetKind ?kind ;
        pkg:isApproximate ?approximate .
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  ?quantity pkg:unitText ?unit .
  OPTIONAL {{ ?quantity qudt:numericValue ?value }}
  OPTIONAL {{ ?quantity pkg:valueAsWritten ?written }}
  OPTIONAL {{ ?quantity pkg:minimumValue ?minimum ; pkg:maximumValue ?maximum }}
  OPTIONAL {{ ?fact pkg:targetYear ?year }}
  OPTIONAL {{ ?fact pkg:baselineYear ?baseline }}
  {subject}
}}""",
        **bindings,
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    found = [
        TargetRecord(
            fact=str(row.fact),
            doc_id=str(row.docId),
            subject_iri=text_or_none(row.subject),
            subject=text_or_none(row.subjectLabel),
            quantity=quantity_of(row),
            year=int_or_none(row.year),
            baseline_year=int_or_none(row.baseline),
            approximate=bool(row.approximate.toPython()),
            kind=str(row.kind),
            quotes=quotes[row.fact],
            written=text_or_none(row.written),
        )
        for row in rows
    ]
    return tuple(sorted(found, key=_target_order))


def _target_order(target: TargetRecord) -> tuple[object, ...]:
    first = target.quotes[0] if target.quotes else None
    where = (first.reading_order, first.start) if first else (0, 0)
    return (target.doc_id, *where, target.subject or "", target.fact)


def targets_for(graph: Graph, mineral_iri: str, doc_id: str) -> tuple[TargetRecord, ...]:
    """The targets one document sets for a mineral (or product)."""
    return targets(graph, doc_id=doc_id, subject_iri=mineral_iri)
