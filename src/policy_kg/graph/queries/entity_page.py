"""One entity's page: its labels, types, links to other entities, the facts that involve it
(with their quotes) and how many mentions name it.

Each query has one shape, the entity bound as a term (plumbing.select), and returns at most
PAGE_ROWS rows: with no ORDER BY the engine stops there (the lists are sorted here), so no
key can make a page run long. The heaviest pages of the corpus's graph, the revision of
critical-minerals-policy@2026-03-30 (1819 edges) and owl:NamedIndividual (10057), take
0.56 and 0.72 s on a loaded 2-core machine, as before the limits; the minerals scheme's
(156 links) went from 58 to 30 ms without its ORDER BY (bench/bench_queries.py, median over
7 alternating runs).

Each fact comes with its parts (the other entities it names, its values) and the page with
the Japanese labels of its classes and properties, so that a row reads "対象鉱種: リン"
rather than "measure coverage": two more queries, which took the heaviest page
(owl:NamedIndividual, 391 facts) from 250 to 369 ms and the revision's from 259 to 285 ms;
リチウム's stays at 10 ms (bench/bench_queries.py --store on a built index, median of 7).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from policy_kg.graph.namespaces import PKG
from policy_kg.graph.ontology import project_fact_classes
from policy_kg.graph.queries.plumbing import (
    label_pattern,
    parse_iri,
    quantity_of,
    select,
    text_or_none,
    values,
)
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import (
    EntityPage,
    FactPart,
    FactRef,
    Link,
    Named,
    normalised_quantity,
    shown_quantity,
)

# At most this many labels, types, links or facts on a page. The longest lists of the
# corpus's graph are 391 facts (owl:NamedIndividual) and 156 links (the minerals scheme).
PAGE_ROWS = 1000
# At most this many statements per fact are read as its parts: the most a fact of the
# corpus's graph has, besides its types and provenance, is 10 (an export control of five
# minerals); twice that.
PARTS_PER_FACT = 20

# A fact's statements that are not what it is about: its types and its provenance.
_NOT_PARTS = "rdf:type, pkg:statedIn, pkg:hasQuote, prov:wasDerivedFrom, prov:wasGeneratedBy"
# Nodes that are no entity, besides facts: an entity's links leave them out.
_NOT_ENTITIES = (PKG.Passage, PKG.Quote)


@functools.cache
def _not_links() -> str:
    """The classes whose instances are no link (the ontology's fact classes, passages and
    quotes), as a VALUES list: read from the ontology once, so a new fact kind needs no edit
    here, and the query keeps its shape (a fixed list, no subclass path per row)."""
    classes = sorted({*project_fact_classes(), *_NOT_ENTITIES})
    return " ".join(iri.n3() for iri in classes)


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
    type_iris = tuple(sorted(str(row.type) for row in types))
    links = _links(graph, entity)
    facts = _facts_involving(graph, entity)
    named = {*type_iris, *(k.predicate for k in links), *(f.predicate for f in facts)}
    named |= {str(PKG[f.kind]) for f in facts} | {p.predicate for f in facts for p in f.parts}
    return EntityPage(
        iri=iri,
        labels=tuple(str(label) for label in japanese_first),
        types=type_iris,
        links=links,
        facts=facts,
        mentions=_mention_count(graph, entity),
        terms=japanese_labels(graph, named),
    )


def japanese_labels(graph: Graph, terms: Iterable[str]) -> tuple[Named, ...]:
    """The rdfs:label @ja of each term that has one (the ontology's classes and properties)."""
    wanted = sorted(set(terms))
    if not wanted:
        return ()
    rows = select(
        graph,
        f"""SELECT ?term ?label WHERE {{
  {values("term", (URIRef(term) for term in wanted))}
  ?term rdfs:label ?label . FILTER (LANG(?label) = "ja")
}}""",
    )
    found = {Named(str(row.term), str(row.label)) for row in rows}
    return tuple(sorted(found, key=lambda named: (named.iri, named.label)))


def _links(graph: Graph, entity: URIRef) -> tuple[Link, ...]:
    rows = select(
        graph,
        f"""SELECT DISTINCT ?p ?node ?outgoing ?nodeLabel WHERE {{
  {{ ?e ?p ?node . BIND (true AS ?outgoing) }} UNION {{ ?node ?p ?e . BIND (false AS ?outgoing) }}
  FILTER (isIRI(?node) && ?p != rdf:type)
  FILTER NOT EXISTS {{ VALUES ?skip {{ {_not_links()} }} ?node a ?skip }}
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
        f"""SELECT DISTINCT ?fact ?kind ?p ?docId ?unit ?value ?minimum ?maximum ?written
       ?approximate WHERE {{
  ?fact ?p ?e ; a ?kind ; pkg:statedIn/eli:is_realized_by/dcterms:identifier ?docId .
  ?kind rdfs:subClassOf pkg:Fact .
  FILTER (?kind != pkg:Mention)
  OPTIONAL {{ ?fact pkg:hasQuantity ?q . ?q pkg:unitText ?unit .
             OPTIONAL {{ ?q qudt:numericValue ?value }}
             OPTIONAL {{ ?q pkg:minimumValue ?minimum ; pkg:maximumValue ?maximum }}
             OPTIONAL {{ ?q pkg:valueAsWritten ?written }} }}
  OPTIONAL {{ ?fact pkg:isApproximate ?approximate }}
}} LIMIT {PAGE_ROWS}""",
        e=entity,
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    parts = _fact_parts(graph, entity, [row.fact for row in rows])
    found = [
        FactRef(
            fact=str(row.fact),
            kind=str(row.kind).rpartition("#")[2],
            predicate=str(row.p),
            doc_id=str(row.docId),
            quotes=quotes[row.fact],
            parts=parts.get(row.fact, ()),
            quantity=_quantity(row),
        )
        for row in rows
    ]
    return tuple(sorted(found, key=lambda f: (f.doc_id, f.kind, f.fact)))


def _fact_parts(
    graph: Graph, entity: URIRef, facts: list[URIRef]
) -> dict[URIRef, tuple[FactPart, ...]]:
    """What else each fact states: the other entities it names and its values, without its
    provenance, its types or its quantity (read apart, as written: `_quantity`)."""
    if not facts:
        return {}
    rows = select(
        graph,
        f"""SELECT ?fact ?p ?o ?oLabel WHERE {{
  {values("fact", sorted(set(facts)))}
  ?fact ?p ?o .
  FILTER (?p NOT IN ({_NOT_PARTS}, pkg:hasQuantity))
  {label_pattern("o")}
}} LIMIT {PAGE_ROWS * PARTS_PER_FACT}""",
    )
    found: dict[URIRef, list[FactPart]] = {}
    for row in rows:
        if row.o == entity:
            continue
        found.setdefault(row.fact, []).append(_part(row))
    return {
        fact: tuple(sorted(set(parts), key=lambda p: (p.predicate, p.label or p.value)))
        for fact, parts in found.items()
    }


def _part(row: ResultRow) -> FactPart:
    if isinstance(row.o, URIRef):
        return FactPart(str(row.p), str(row.o), text_or_none(row.oLabel), entity=True)
    return FactPart(str(row.p), str(row.o), None, entity=False)


def _quantity(row: ResultRow) -> str | None:
    """The fact's number as written with the normalised value beside it, if it has one."""
    if row.unit is None:
        return None
    approximate = row.approximate is not None and bool(row.approximate.toPython())
    normalised = normalised_quantity(quantity_of(row), approximate)
    return shown_quantity(text_or_none(row.written), normalised)


def _mention_count(graph: Graph, entity: URIRef) -> int:
    """One row: a COUNT over the mentions of one bound entity."""
    (row,) = select(
        graph,
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m a pkg:Mention ; pkg:mentionedEntity ?e }",
        e=entity,
    )
    return int(row.n)
