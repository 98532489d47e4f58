"""Which measures cover which minerals (and products), and in which sense: the legal scope of
a measure, or its current focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from policy_kg.graph.namespaces import PKG, measure_iri, revision_iri_of_doc
from policy_kg.graph.queries.plumbing import label_pattern, parse_iri, select
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import Coverage, Scope, ScopeRecord

_SCOPES: dict[URIRef, Scope] = {PKG.LegalScope: "legal_scope", PKG.CurrentFocus: "current_focus"}

_Scoped = TypeVar("_Scoped", Coverage, ScopeRecord)


def coverages(
    graph: Graph,
    *,
    doc_id: str | None = None,
    subject_iri: str | None = None,
    measure: str | None = None,
    include_groups: bool = False,
) -> tuple[Coverage, ...]:
    """Coverage facts, filtered by document, covered mineral or product, and measure name.

    With `include_groups`, a mineral also matches the coverage of any group it falls under
    (skos:broader*): ネオジム is covered where 希土類金属 is.
    """
    bindings: dict[str, URIRef] = {}
    if doc_id is not None:
        bindings["rev"] = revision_iri_of_doc(doc_id)
    if measure is not None:
        bindings["measure"] = measure_iri(measure)
    subject_filter = ""
    if subject_iri is not None:
        bindings["wanted"] = parse_iri(subject_iri)
        if include_groups:
            subject_filter = "?wanted skos:broader* ?subject ."
        else:
            subject_filter = "FILTER (?subject = ?wanted)"
    rows = select(
        graph,
        f"""SELECT ?fact ?docId ?measure ?measureLabel ?subject ?subjectLabel ?scope ?condition
WHERE {{
  ?fact a pkg:MeasureCoverage ; pkg:statedIn ?rev ; pkg:coverageMeasure ?measure ;
        pkg:coverageScope ?scope .
  {{ ?fact pkg:coveredMineral ?subject }} UNION {{ ?fact pkg:coveredProduct ?subject }}
  {subject_filter}
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  ?measure rdfs:label ?measureLabel . FILTER (LANG(?measureLabel) = "ja")
  OPTIONAL {{ ?fact pkg:coverageCondition ?condition }}
  {label_pattern("subject")}
}}""",
        **bindings,
    )
    found = _one_per_fact(graph, rows, Coverage, measure_iri="measure", measure="measureLabel")
    return tuple(sorted(found, key=lambda c: (c.doc_id, c.measure, c.subject, c.scope)))


def measures_covering(
    graph: Graph, mineral_iri: str, doc_id: str, *, include_groups: bool = False
) -> tuple[Coverage, ...]:
    """How the measures of one document cover a mineral."""
    return coverages(graph, doc_id=doc_id, subject_iri=mineral_iri, include_groups=include_groups)


def minerals_of_measure(
    graph: Graph, measure: str, doc_id: str | None = None
) -> tuple[Coverage, ...]:
    """The minerals (and products) a measure covers, by its name as written (製錬等事業支援)."""
    return coverages(graph, doc_id=doc_id, measure=measure)


def programme_scopes(
    graph: Graph, mineral_iri: str, doc_id: str | None = None
) -> tuple[ScopeRecord, ...]:
    """How the programme of one document (its 取組の対象範囲, not a measure), or of every
    document, covers a mineral, directly or through a group it falls under (skos:broader*)."""
    bindings = {"wanted": parse_iri(mineral_iri)}
    if doc_id is not None:
        bindings["rev"] = revision_iri_of_doc(doc_id)
    rows = select(
        graph,
        """SELECT ?fact ?docId ?heading ?subject ?subjectLabel ?scope ?condition WHERE {
  ?fact a pkg:ProgrammeScope ; pkg:statedIn ?rev ; pkg:scopeHeading ?heading ;
        pkg:coverageScope ?scope ; pkg:coveredMineral ?subject .
  ?wanted skos:broader* ?subject .
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  ?subject skos:prefLabel ?subjectLabel . FILTER (LANG(?subjectLabel) = "ja")
  OPTIONAL { ?fact pkg:coverageCondition ?condition }
}""",
        **bindings,
    )
    found = _one_per_fact(graph, rows, ScopeRecord, heading="heading")
    return tuple(sorted(found, key=lambda s: (s.doc_id, s.scope, s.subject, s.fact)))


def _one_per_fact(
    graph: Graph, rows: list[ResultRow], record: Callable[..., _Scoped], **own: str
) -> list[_Scoped]:
    """A `record` per fact (a fact with several conditions comes back once per condition),
    with its conditions and quotes; `own` names the record's other fields and the variable of
    the row each is read from (measure="measureLabel").

    Coverage and ScopeRecord are read alike but for that: a measure, or a heading."""
    first: dict[URIRef, ResultRow] = {}
    conditions: dict[URIRef, set[str]] = {}
    for row in rows:
        first.setdefault(row.fact, row)
        if row.condition is not None:
            conditions.setdefault(row.fact, set()).add(str(row.condition))
    quotes = quotes_of(graph, first)
    return [
        record(
            fact=str(fact),
            doc_id=str(row.docId),
            subject_iri=str(row.subject),
            subject=str(row.subjectLabel),
            scope=_SCOPES[row.scope],
            conditions=tuple(sorted(conditions.get(fact, ()))),
            quotes=quotes[fact],
            **{field: str(row[variable]) for field, variable in own.items()},
        )
        for fact, row in first.items()
    ]
