"""One entity's page: its labels, types, links to other entities, the facts that involve it
(with their quotes) and how many mentions name it.

Each query has one shape, the entity bound as a term (plumbing.select), and returns at most
PAGE_ROWS rows: with no ORDER BY the engine stops there (the lists are sorted here), so no
key can make a page run long. The heaviest pages of the corpus's graph, the revision of
critical-minerals-policy@2026-03-30 (1819 edges) and owl:NamedIndividual (10057), take
0.56 and 0.72 s on a loaded 2-core machine, as before the limits; the minerals scheme's
(156 links) went from 58 to 30 ms without its ORDER BY (bench/bench_queries.py, median over
7 alternating runs).
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from policy_kg.graph.queries.plumbing import label_pattern, parse_iri, select, text_or_none
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import EntityPage, FactRef, Link

# At most this many labels, types, links or facts on a page. The longest lists of the
# corpus's graph are 391 facts (owl:NamedIndividual) and 156 links (the minerals scheme).
PAGE_ROWS = 1000

_NOT_LINKS = "pkg:Fact pkg:Mention pkg:MeasureCoverage pkg:Target pkg:ExportControl " + (
    "pkg:SupplyShare pkg:Budget pkg:SupportAgencyDesignation pkg:AgencyRole pkg:Passage pkg:Quote"
)


def entity_facts(graph: Graph, iri: str) -> EntityPage:
    """What the graph says about one entity: labels, types, links to other entities (not
    passages, facts or quotes), the facts that involve it with their quotes, and how many
    mentions name it."""
    entity = parse_iri(iri)
    labels = select(
        graph,
        f"""SELECT DISTINCT ?label WHERE {{
  {{ ?e skos:prefLabel ?label }} UNION {{ ?e rdfs:label ?label }}
}} LIMIT {PAGE_ROWS}""",
        e=entity,
    )
    types = select(
        graph,
        "SELECT DISTINCT ?type WHERE { ?e a ?type FILTER (?type != owl:NamedIndividual) } "
        f"LIMIT {PAGE_ROWS}",
        e=entity,
    )
    japanese_first = sorted(
        (row.label for row in labels), key=lambda label: (label.language != "ja", str(label))
    )
    return EntityPage(
        iri=iri,
        labels=tuple(str(label) for label in japanese_first),
        types=tuple(sorted(str(row.type) for row in types)),
        links=_links(graph, entity),
        facts=_facts_involving(graph, entity),
        mentions=_mention_count(graph, entity),
    )


def _links(graph: Graph, entity: URIRef) -> tuple[Link, ...]:
    rows = select(
        graph,
        f"""SELECT DISTINCT ?p ?node ?outgoing ?nodeLabel WHERE {{
  {{ ?e ?p ?node . BIND (true AS ?outgoing) }} UNION {{ ?node ?p ?e . BIND (false AS ?outgoing) }}
  FILTER (isIRI(?node) && ?p != rdf:type)
  FILTER NOT EXISTS {{ VALUES ?skip {{ {_NOT_LINKS} }} ?node a ?skip }}
  {label_pattern("node")}
}} LIMIT {PAGE_ROWS}""",
        e=entity,
    )
    links = [
        Link(str(row.p), str(row.node), text_or_none(row.nodeLabel), bool(row.outgoing.toPython()))
        for row in rows
    ]
    return tuple(sorted(links, key=lambda k: (not k.outgoing, k.predicate, k.node, k.label or "")))


def _facts_involving(graph: Graph, entity: URIRef) -> tuple[FactRef, ...]:
    rows = select(
        graph,
        f"""SELECT DISTINCT ?fact ?kind ?p ?docId WHERE {{
  ?fact ?p ?e ; a ?kind ; pkg:statedIn/eli:is_realized_by/dcterms:identifier ?docId .
  ?kind rdfs:subClassOf pkg:Fact .
  FILTER (?kind != pkg:Mention)
}} LIMIT {PAGE_ROWS}""",
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
    """One row: a COUNT over the mentions of one bound entity."""
    (row,) = select(
        graph,
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pkg:Mention ; pkg:mentionedEntity ?e }",
        e=entity,
    )
    return int(row.n)
