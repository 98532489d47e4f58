"""The triples `build_graph` makes for a document and its passages, and the named graphs it
gives, the same on every build."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF

from policy_kg.graph.build import build_graph, document_graph
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import (
    CATALOGUE_GRAPH,
    ELI,
    ONTOLOGY_GRAPH,
    PKG,
    VOCABULARY_GRAPH,
    document_graph_iri,
    document_iri,
    passage_iri_from_id,
)
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.vocabulary import Vocabulary

from .small_corpus import (
    CM,
    CM_FOCUS,
    CM_FOOTNOTE,
    CM_META,
    CM_PASSAGES,
    SMALL_CORPUS,
)
from .triples import (
    CM_REVISION,
)


def test_document_and_passage_triples(vocabulary: Vocabulary) -> None:
    graph = document_graph(DocumentInput(CM_META, CM_PASSAGES, DocumentFacts(CM), "h1"), vocabulary)
    document = document_iri(CM)
    assert set(graph.predicate_objects(document)) == {
        (RDF.type, PKG.Document),
        (RDF.type, OWL.NamedIndividual),
        (ELI.realizes, CM_REVISION),
        (DCTERMS.identifier, Literal(CM)),
        (ELI.title, Literal("重要鉱物に係る安定供給確保を図るための取組方針", lang="ja")),
        (PKG.sourceFile, Literal("critical-minerals-policy.txt")),
        (PKG.contentHash, Literal("h1")),
    }
    footnote = passage_iri_from_id(CM_FOOTNOTE.passage_id)
    assert set(graph.predicate_objects(footnote)) == {
        (RDF.type, PKG.Passage),
        (RDF.type, OWL.NamedIndividual),
        (DCTERMS.identifier, Literal(CM_FOOTNOTE.passage_id)),
        (ELI.is_part_of, CM_REVISION),
        (PKG.inDocument, document),
        (PKG.passageKind, Literal("footnote")),
        (
            PKG.sectionPath,
            Literal("第2章 施策に関する事項 > 第2節 実施する個別施策 > (3) 製錬等事業支援"),
        ),
        (PKG.passageText, Literal(CM_FOOTNOTE.text)),
        (PKG.startOffset, Literal(900)),
        (PKG.endOffset, Literal(900 + len(CM_FOOTNOTE.text))),
        (PKG.readingOrder, Literal(3)),
        (PKG.footnoteNumber, Literal(19)),
    }
    focus = passage_iri_from_id(CM_FOCUS.passage_id)
    assert list(graph.objects(focus, PKG.refersToFootnote)) == [footnote]


def test_build_graph_names_every_graph_and_is_deterministic(
    vocabulary: Vocabulary, ontology: Graph, small_graphs: dict[URIRef, Graph]
) -> None:
    assert set(small_graphs) == {
        ONTOLOGY_GRAPH,
        VOCABULARY_GRAPH,
        CATALOGUE_GRAPH,
        *(document_graph_iri(d.meta.doc_id) for d in SMALL_CORPUS),
    }
    again = build_graph(SMALL_CORPUS, vocabulary, ontology)
    for name, graph in small_graphs.items():
        assert set(again[name]) == set(graph), name
