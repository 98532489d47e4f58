"""Typed queries over the built graph, for the later stages (trace, diff, ask, UI).

Each function runs SPARQL on an rdflib graph (normally `store.open_store(...)`, the Oxigraph
store of a build; any rdflib graph holding the same triples works) and returns small frozen
records. The quotes behind facts are fetched by the one provenance pattern of
ontology/README.md (`pkg:hasQuote` -> `oa:hasSource` passage + selectors).

Orders: revisions and documents by the earliest day of their (partial) date, undated last;
quotes in reading order.

OPTIONAL blocks come last in each group: Oxigraph joins what follows an OPTIONAL separately,
which made a targets-with-quotes query take 540 ms instead of 2 ms (bench/bench_graph.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal as TypingLiteral

from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from policy_kg.corpus.dates import parse_iso_date
from policy_kg.graph.namespaces import (
    PKG,
    PREFIXES,
    measure_iri,
    revision_iri_of_doc,
    series_iri,
)

Scope = TypingLiteral["legal_scope", "current_focus"]
_SCOPES: dict[URIRef, Scope] = {PKG.LegalScope: "legal_scope", PKG.CurrentFocus: "current_focus"}

PREFIX_HEADER = "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())

# The Japanese label of ?x as ?xLabel: skos:prefLabel for vocabulary concepts, rdfs:label else.
_LABEL = """OPTIONAL {{ {x} skos:prefLabel ?{x_}Pref . FILTER (LANG(?{x_}Pref) = "ja") }}
OPTIONAL {{ {x} rdfs:label ?{x_}Plain . FILTER (LANG(?{x_}Plain) = "ja") }}
BIND (COALESCE(?{x_}Pref, ?{x_}Plain) AS ?{x_}Label)"""


def _label(variable: str) -> str:
    return _LABEL.format(x=f"?{variable}", x_=variable)


@dataclass(frozen=True)
class QuoteRef:
    """A verbatim quote in a passage: what a citation needs (SPEC §3 Citation)."""

    passage_id: str
    doc_id: str
    revision: str | None
    section: str
    quote: str
    start: int  # offsets in the passage text
    end: int
    reading_order: int


@dataclass(frozen=True)
class RevisionRecord:
    """A dated revision of a series; `doc_id` is None when its text is not in the corpus."""

    iri: str
    series: str
    revision: str | None  # ISO, possibly partial
    labels: tuple[str, ...]
    status: str | None
    doc_id: str | None

    @property
    def has_text(self) -> bool:
        return self.doc_id is not None


@dataclass(frozen=True)
class DocumentNaming:
    """A document that names an entity, with the passages (and quotes) that do."""

    doc_id: str
    series: str
    revision: str | None
    status: str | None
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class Coverage:
    """One measure-coverage fact: a measure covers a mineral (or product) in one sense."""

    fact: str
    doc_id: str
    measure_iri: str
    measure: str
    subject_iri: str
    subject: str
    scope: Scope
    conditions: tuple[str, ...]
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class TargetRecord:
    """A numeric target; `value` for a number, `minimum`/`maximum` for a range. A target may
    name no subject (現状から30%以上削減): `subject_iri` and `subject` are None then."""

    fact: str
    doc_id: str
    subject_iri: str | None
    subject: str | None
    value: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    unit: str
    year: int | None
    baseline_year: int | None
    approximate: bool
    kind: str
    quotes: tuple[QuoteRef, ...]

    @property
    def amount(self) -> str:
        """The quantity as shown to a reader: 約100000トン／年, 20-22%."""
        value = self.value if self.value is not None else f"{self.minimum}-{self.maximum}"
        return f"{'約' if self.approximate else ''}{value}{self.unit}"

    @property
    def summary(self) -> str:
        """The amount with its target year: 約100000トン／年 (2030)."""
        return f"{self.amount} ({self.year})" if self.year else self.amount


@dataclass(frozen=True)
class AgencyRecord:
    """The agency a document designates to run its support business and fund."""

    doc_id: str
    agency_iri: str
    agency: str
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class Named:
    iri: str
    label: str


@dataclass(frozen=True)
class ExportControlRecord:
    fact: str
    doc_id: str
    country: Named
    date: str  # ISO, possibly partial, as the source states it
    minerals: tuple[Named, ...]
    legal_basis: str | None
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class Link:
    """An edge between the entity and another non-fact node; `outgoing` from the entity."""

    predicate: str
    node: str
    label: str | None
    outgoing: bool


@dataclass(frozen=True)
class FactRef:
    """A fact that involves the entity (through `predicate`), with its quotes."""

    fact: str
    kind: str  # local name of its class, e.g. Target, MeasureCoverage
    predicate: str
    doc_id: str
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class EntityPage:
    iri: str
    labels: tuple[str, ...]
    types: tuple[str, ...]
    links: tuple[Link, ...]
    facts: tuple[FactRef, ...]
    mentions: int  # how many passages' mentions name it


# --- helpers ---


def _select(graph: Graph, query: str, **bindings: URIRef) -> list[ResultRow]:
    """Run a SELECT whose variables in `bindings` are fixed to IRIs.

    The bindings go in as a VALUES block at the start of the (first) WHERE group, where the
    engine joins on them first; Oxigraph's own substitution needs them projected.
    """
    values = "".join(_values(name, [iri]) + "\n" for name, iri in bindings.items())
    query = query.replace("WHERE {", "WHERE {\n" + values, 1)
    return list(graph.query(PREFIX_HEADER + query))


def _text(node: object) -> str | None:
    return None if node is None else str(node)


def _int(node: object) -> int | None:
    """An integer or an xsd:gYear ("2030") as int."""
    return None if node is None else int(str(node))


def _decimal(node: object) -> Decimal | None:
    return None if node is None else Decimal(str(node))


def date_order(revision: str | None) -> tuple[bool, date]:
    """Sort key of an ISO (partial) date: its earliest day; undated last."""
    if revision is None:
        return (True, date.max)
    return (False, parse_iso_date(revision).earliest_day)


def _values(variable: str, iris: Iterable[URIRef]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(f'<{iri}>' for iri in iris)} }}"


def quotes_of(graph: Graph, facts: Iterable[URIRef]) -> dict[URIRef, tuple[QuoteRef, ...]]:
    """The quotes behind each fact, in reading order (the provenance pattern)."""
    wanted = sorted(set(facts))
    found: dict[URIRef, list[QuoteRef]] = {fact: [] for fact in wanted}
    if not wanted:
        return {}
    rows = _select(
        graph,
        f"""SELECT ?fact ?pid ?docId ?date ?section ?quote ?start ?end ?order WHERE {{
  {_values("fact", wanted)}
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
                revision=_text(row.date),
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


# --- revisions ---


def revisions(graph: Graph, series: str) -> tuple[RevisionRecord, ...]:
    """Every revision of `series` the corpus knows, with or without text, oldest first."""
    rows = _select(
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
            revision=_text(row.date),
            labels=tuple(labels.get(rev, ())),
            status=_text(row.status),
            doc_id=_text(row.docId),
        )
        for rev, row in first.items()
    ]
    return tuple(sorted(records, key=lambda r: (date_order(r.revision), r.has_text, r.iri)))


def revisions_without_text(graph: Graph, series: str) -> tuple[RevisionRecord, ...]:
    return tuple(r for r in revisions(graph, series) if not r.has_text)


# --- documents naming an entity ---


def documents_naming(graph: Graph, entity_iri: str) -> tuple[DocumentNaming, ...]:
    """The documents whose passages name the entity (a mineral, agency or country), oldest
    first, each with the quotes (surface forms) of every mention in reading order."""
    rows = _select(
        graph,
        """SELECT ?fact ?docId ?series ?date ?status WHERE {
  ?fact a pkg:Mention ; pkg:mentionedEntity ?entity ; pkg:statedIn ?rev .
  ?rev eli:is_realized_by/dcterms:identifier ?docId ; eli:is_member_of/dcterms:identifier ?series .
  OPTIONAL { ?rev pkg:revisionDate ?date }
  OPTIONAL { ?rev pkg:status ?status }
}""",
        entity=URIRef(entity_iri),
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    documents: dict[str, tuple[ResultRow, list[QuoteRef]]] = {}
    for row in rows:
        documents.setdefault(str(row.docId), (row, []))[1].extend(quotes[row.fact])
    namings = [
        DocumentNaming(
            doc_id=doc_id,
            series=str(row.series),
            revision=_text(row.date),
            status=_text(row.status),
            quotes=tuple(sorted(found, key=lambda q: (q.reading_order, q.start))),
        )
        for doc_id, (row, found) in documents.items()
    ]
    return tuple(sorted(namings, key=lambda n: (date_order(n.revision), n.doc_id)))


# --- measure coverage ---


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
        bindings["wanted"] = URIRef(subject_iri)
        path = "skos:broader*" if include_groups else ""
        subject_filter = f"?wanted {path} ?subject ." if path else "FILTER (?subject = ?wanted)"
    rows = _select(
        graph,
        f"""SELECT ?fact ?docId ?measure ?measureLabel ?subject ?subjectLabel ?scope ?condition
WHERE {{
  ?fact a pkg:MeasureCoverage ; pkg:statedIn ?rev ; pkg:coverageMeasure ?measure ;
        pkg:coverageScope ?scope .
  {{ ?fact pkg:coveredMineral ?subject }} UNION {{ ?fact pkg:coveredProduct ?subject }}
  {subject_filter}
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  ?measure rdfs:label ?measureLabel .
  OPTIONAL {{ ?fact pkg:coverageCondition ?condition }}
  {_label("subject")}
}}""",
        **bindings,
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    conditions: dict[URIRef, set[str]] = {}
    first: dict[URIRef, ResultRow] = {}
    for row in rows:
        first.setdefault(row.fact, row)
        if row.condition is not None:
            conditions.setdefault(row.fact, set()).add(str(row.condition))
    found = [
        Coverage(
            fact=str(fact),
            doc_id=str(row.docId),
            measure_iri=str(row.measure),
            measure=str(row.measureLabel),
            subject_iri=str(row.subject),
            subject=str(row.subjectLabel),
            scope=_SCOPES[row.scope],
            conditions=tuple(sorted(conditions.get(fact, ()))),
            quotes=quotes[fact],
        )
        for fact, row in first.items()
    ]
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


# --- targets ---


def targets(
    graph: Graph, *, doc_id: str | None = None, subject_iri: str | None = None
) -> tuple[TargetRecord, ...]:
    """Numeric targets, filtered by document and subject (mineral or product)."""
    bindings: dict[str, URIRef] = {}
    if doc_id is not None:
        bindings["rev"] = revision_iri_of_doc(doc_id)
    subject = (
        "{ ?fact pkg:targetMineral ?subject } UNION { ?fact pkg:targetProduct ?subject }\n"
        + _label("subject")
    )
    if subject_iri is not None:
        bindings["subject"] = URIRef(subject_iri)
    else:  # a bound ?subject must match; an unbound one may stay unbound (no subject)
        subject = f"OPTIONAL {{ {subject} }}"
    rows = _select(
        graph,
        f"""SELECT * WHERE {{
  ?fact a pkg:Target ; pkg:statedIn ?rev ; pkg:hasQuantity ?quantity ; pkg:targetKind ?kind ;
        pkg:isApproximate ?approximate .
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  ?quantity pkg:unitText ?unit .
  OPTIONAL {{ ?quantity qudt:numericValue ?value }}
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
            subject_iri=_text(row.subject),
            subject=_text(row.subjectLabel),
            value=_decimal(row.value),
            minimum=_decimal(row.minimum),
            maximum=_decimal(row.maximum),
            unit=str(row.unit),
            year=_int(row.year),
            baseline_year=_int(row.baseline),
            approximate=bool(row.approximate.toPython()),
            kind=str(row.kind),
            quotes=quotes[row.fact],
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


# --- agencies ---


def support_agency(graph: Graph, doc_id: str) -> AgencyRecord | None:
    """The agency the document designates to run its support business and fund, if any."""
    rows = _select(
        graph,
        f"""SELECT ?fact ?agency ?agencyLabel WHERE {{
  ?fact a pkg:SupportAgencyDesignation ; pkg:statedIn ?rev ; pkg:designatedAgency ?agency .
  {_label("agency")}
}}""",
        rev=revision_iri_of_doc(doc_id),
    )
    if not rows:
        return None
    quotes = quotes_of(graph, (row.fact for row in rows))
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


# --- export controls ---


def export_controls(graph: Graph) -> tuple[ExportControlRecord, ...]:
    """Every export control as each source reports it, by date, then source."""
    rows = _select(
        graph,
        f"""SELECT ?fact ?docId ?country ?countryLabel ?date ?basis ?mineral ?mineralLabel WHERE {{
  ?fact a pkg:ExportControl ; pkg:statedIn ?rev ; pkg:issuingCountry ?country ;
        pkg:controlDate ?date .
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
  OPTIONAL {{ ?fact pkg:legalBasis ?basis }}
  OPTIONAL {{ ?fact pkg:controlledMineral ?mineral . {_label("mineral")} }}
  {_label("country")}
}}""",
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
            legal_basis=_text(row.basis),
            quotes=quotes[fact],
        )
        for fact, row in first.items()
    ]
    return tuple(sorted(records, key=lambda r: (date_order(r.date), r.doc_id, r.fact)))


# --- an entity page ---

_NOT_LINKS = "pkg:Fact pkg:Mention pkg:MeasureCoverage pkg:Target pkg:ExportControl " + (
    "pkg:SupplyShare pkg:Budget pkg:SupportAgencyDesignation pkg:AgencyRole pkg:Passage pkg:Quote"
)


def entity_facts(graph: Graph, iri: str) -> EntityPage:
    """What the graph says about one entity: labels, types, links to other entities (not
    passages, facts or quotes), the facts that involve it with their quotes, and how many
    mentions name it."""
    entity = URIRef(iri)
    labels = _select(
        graph,
        """SELECT DISTINCT ?label WHERE {
  { ?e skos:prefLabel ?label } UNION { ?e rdfs:label ?label }
}
ORDER BY DESC(LANG(?label) = "ja") ?label""",
        e=entity,
    )
    types = _select(
        graph,
        "SELECT DISTINCT ?type WHERE { ?e a ?type FILTER (?type != owl:NamedIndividual) } "
        "ORDER BY ?type",
        e=entity,
    )
    return EntityPage(
        iri=iri,
        labels=tuple(str(row.label) for row in labels),
        types=tuple(str(row.type) for row in types),
        links=tuple(_links(graph, entity)),
        facts=_facts_involving(graph, entity),
        mentions=_mention_count(graph, entity),
    )


def _links(graph: Graph, entity: URIRef) -> Iterator[Link]:
    rows = _select(
        graph,
        f"""SELECT DISTINCT ?p ?node ?outgoing ?nodeLabel WHERE {{
  {{ ?e ?p ?node . BIND (true AS ?outgoing) }} UNION {{ ?node ?p ?e . BIND (false AS ?outgoing) }}
  FILTER (isIRI(?node) && ?p != rdf:type)
  FILTER NOT EXISTS {{ VALUES ?skip {{ {_NOT_LINKS} }} ?node a ?skip }}
  {_label("node")}
}}
ORDER BY DESC(?outgoing) ?p ?node""",
        e=entity,
    )
    for row in rows:
        yield Link(str(row.p), str(row.node), _text(row.nodeLabel), bool(row.outgoing.toPython()))


def _facts_involving(graph: Graph, entity: URIRef) -> tuple[FactRef, ...]:
    rows = _select(
        graph,
        """SELECT DISTINCT ?fact ?kind ?p ?docId WHERE {
  ?fact ?p ?e ; a ?kind ; pkg:statedIn/eli:is_realized_by/dcterms:identifier ?docId .
  ?kind rdfs:subClassOf pkg:Fact .
  FILTER (?kind != pkg:Mention)
}""",
        e=entity,
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    found = [
        FactRef(
            fact=str(row.fact),
            kind=str(row.kind).rpartition("#")[2],
            predicate=str(row.p),
            doc_id=str(row.docId),
            quotes=quotes[row.fact],
        )
        for row in rows
    ]
    return tuple(sorted(found, key=lambda f: (f.doc_id, f.kind, f.fact)))


def _mention_count(graph: Graph, entity: URIRef) -> int:
    (row,) = _select(
        graph,
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pkg:Mention ; pkg:mentionedEntity ?e }",
        e=entity,
    )
    return int(row.n)
