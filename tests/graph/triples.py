"""Helpers of the graph tests: the triples facts add to a document's graph, and the triples
of the provenance pattern and of a quantity, to compare against."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import OWL, PROV, RDF

from policy_kg.corpus.model import Passage
from policy_kg.graph.build import document_graph
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import (
    OA,
    PKG,
    QUDT,
    passage_iri_from_id,
    revision_iri_of_doc,
)
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.vocabulary import Vocabulary

from .small_corpus import (
    CM,
    CM_META,
    CM_PASSAGES,
)

Triple = tuple[URIRef, URIRef, object]
CM_REVISION = revision_iri_of_doc(CM)


def fact_triples(vocabulary: Vocabulary, facts: DocumentFacts) -> Graph:
    """The triples the facts add to the critical-minerals document's graph."""
    bare = document_graph(DocumentInput(CM_META, CM_PASSAGES, DocumentFacts(CM)), vocabulary)
    full = document_graph(DocumentInput(CM_META, CM_PASSAGES, facts), vocabulary)
    assert set(bare) <= set(full)
    return full - bare


def only(graph: Graph, cls: URIRef) -> URIRef:
    (node,) = graph.subjects(RDF.type, cls)
    return node


def quote_of(graph: Graph, fact: URIRef, passage: Passage) -> URIRef:
    (quote,) = [
        q
        for q in graph.objects(fact, PKG.hasQuote)
        if (q, OA.hasSource, passage_iri_from_id(passage.passage_id)) in graph
    ]
    return quote


def provenance(graph: Graph, fact: URIRef, cls: URIRef, *quotes: tuple[Passage, str]) -> set:
    """The triples of the provenance pattern for a fact of class `cls` quoting `quotes`."""
    triples: set[Triple] = {
        (fact, RDF.type, cls),
        (fact, RDF.type, OWL.NamedIndividual),
        (fact, PKG.statedIn, CM_REVISION),
    }
    for passage, exact in quotes:
        source = passage_iri_from_id(passage.passage_id)
        quote = quote_of(graph, fact, passage)
        start = passage.text.index(exact)
        end = start + len(exact)
        text_quote = URIRef(f"{quote}#text-quote")
        span = URIRef(f"{quote}#text-position")
        triples |= {
            (fact, PROV.wasDerivedFrom, source),
            (fact, PKG.hasQuote, quote),
            (quote, RDF.type, PKG.Quote),
            (quote, RDF.type, OWL.NamedIndividual),
            (quote, OA.hasSource, source),
            (quote, OA.hasSelector, text_quote),
            (quote, OA.hasSelector, span),
            (text_quote, RDF.type, OA.TextQuoteSelector),
            (text_quote, RDF.type, OWL.NamedIndividual),
            (text_quote, OA.exact, Literal(exact)),
            (text_quote, OA.prefix, Literal(passage.text[max(0, start - 10) : start])),
            (text_quote, OA.suffix, Literal(passage.text[end : end + 10])),
            (span, RDF.type, OA.TextPositionSelector),
            (span, RDF.type, OWL.NamedIndividual),
            (span, OA.start, Literal(start)),
            (span, OA.end, Literal(end)),
        }
    return triples


def quantity(fact: URIRef, *triples: tuple[URIRef, object]) -> set:
    node = URIRef(f"{fact}#quantity")
    return {
        (fact, PKG.hasQuantity, node),
        (node, RDF.type, QUDT.QuantityValue),
        (node, RDF.type, OWL.NamedIndividual),
        *((node, p, o) for p, o in triples),
    }


def decimal(text: str) -> Literal:
    return Literal(Decimal(text), datatype=ns.XSD.decimal)


def gyear(year: str) -> Literal:
    return Literal(year, datatype=ns.XSD.gYear)
