"""The knowledge graph of a corpus: documents, passages and extracted facts as RDF.

`build_graph` turns each document (metadata, passages, `DocumentFacts`) plus the vocabulary
and the ontology into named graphs (see `namespaces`):

- `graph/ontology` and `graph/vocabulary`: the TBox and the SKOS schemes, as given;
- `graph/catalogue`: series, their revisions (with text or only named by a text's
  `known_revisions`), measures and products, which span documents (`catalogue`);
- `graph/document/<series>/<rev>`: the document, its passages and every fact it states, each
  fact written by the writer of its kind (`fact_kinds`) with its provenance (`fact_writer`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from policy_kg.corpus.model import Passage
from policy_kg.graph.catalogue import catalogue_graph
from policy_kg.graph.fact_kinds import write_fact
from policy_kg.graph.fact_writer import FactWriter
from policy_kg.graph.literals import add_individual, count, ja
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import (
    CATALOGUE_GRAPH,
    ELI,
    ONTOLOGY_GRAPH,
    PKG,
    VOCABULARY_GRAPH,
    bind_prefixes,
    document_graph_iri,
    document_iri,
    passage_iri_from_id,
    revision_iri_of_doc,
)
from policy_kg.graph.vocabulary_rdf import vocabulary_graph
from policy_kg.nlp.vocabulary import Vocabulary


def build_graph(
    documents: Sequence[DocumentInput],
    vocabulary: Vocabulary,
    ontology: Graph,
    kept: Collection[str] = (),
) -> dict[URIRef, Graph]:
    """Every named graph of the corpus, by graph IRI (see the module docstring), but the
    graphs of the documents whose doc_id is in `kept` (an incremental build keeps them from
    the build in use). The catalogue spans every document, kept or not."""
    graphs = {
        ONTOLOGY_GRAPH: ontology,
        VOCABULARY_GRAPH: vocabulary_graph(vocabulary),
        CATALOGUE_GRAPH: catalogue_graph(documents, vocabulary),
    }
    for document in documents:
        if document.meta.doc_id not in kept:
            graphs[document_graph_iri(document.meta.doc_id)] = document_graph(document, vocabulary)
    return graphs


def merged_graph(graphs: dict[URIRef, Graph]) -> Graph:
    """All named graphs as one graph (for a memory-store check or a reasoner)."""
    merged = bind_prefixes(Graph())
    for graph in graphs.values():
        merged += graph
    return merged


def document_graph(document: DocumentInput, vocabulary: Vocabulary) -> Graph:
    """The document, its passages and every fact it states, with provenance."""
    graph = bind_prefixes(Graph())
    _add_document(graph, document)
    for order, passage in enumerate(document.passages):
        _add_passage(graph, passage, order)
    writer = FactWriter(graph, document, vocabulary)
    for record in document.facts.records():
        write_fact(writer, record)
    return graph


def _add_document(graph: Graph, document: DocumentInput) -> None:
    meta = document.meta
    iri = document_iri(meta.doc_id)
    add_individual(graph, iri, PKG.Document)
    graph.add((iri, ELI.realizes, revision_iri_of_doc(meta.doc_id)))
    graph.add((iri, DCTERMS.identifier, Literal(meta.doc_id)))
    graph.add((iri, ELI.title, ja(meta.title)))
    graph.add((iri, PKG.sourceFile, Literal(meta.source_file)))
    if document.content_hash is not None:
        graph.add((iri, PKG.contentHash, Literal(document.content_hash)))


def _add_passage(graph: Graph, passage: Passage, order: int) -> None:
    iri = passage_iri_from_id(passage.passage_id)
    add_individual(graph, iri, PKG.Passage)
    graph.add((iri, DCTERMS.identifier, Literal(passage.passage_id)))
    graph.add((iri, ELI.is_part_of, revision_iri_of_doc(passage.doc_id)))
    graph.add((iri, PKG.inDocument, document_iri(passage.doc_id)))
    graph.add((iri, PKG.passageKind, Literal(passage.kind)))
    graph.add((iri, PKG.sectionPath, Literal(passage.section_path)))
    graph.add((iri, PKG.passageText, Literal(passage.text)))
    graph.add((iri, PKG.startOffset, count(passage.start)))
    graph.add((iri, PKG.endOffset, count(passage.end)))
    graph.add((iri, PKG.readingOrder, count(order)))
    if passage.footnote_number is not None:
        graph.add((iri, PKG.footnoteNumber, count(passage.footnote_number)))
    for footnote in passage.footnotes:
        graph.add((iri, PKG.refersToFootnote, passage_iri_from_id(footnote)))
