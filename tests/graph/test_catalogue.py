"""The catalogue graph: series, revisions with and without text, partial dates at their
precision, measures and products (one node however a product is spelt)."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Literal
from rdflib import namespace as ns
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policy_kg.corpus.model import KnownRevision
from policy_kg.graph.build import document_graph
from policy_kg.graph.catalogue import catalogue_graph
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import (
    ELI,
    PKG,
    agency_iri,
    document_iri,
    measure_iri,
    product_iri,
    revision_iri,
    revision_iri_of_doc,
    series_iri,
)
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.vocabulary import Vocabulary

from .small_corpus import (
    CM,
    CM_META,
    PM,
    PM_DOUBLING,
    PM_FACTS,
    PM_META,
    PM_TARGETS,
    PM_THRESHOLD,
    SMALL_CORPUS,
    meta,
)
from .triples import (
    CM_REVISION,
)


def test_revisions_with_and_without_text(vocabulary: Vocabulary) -> None:
    graph = catalogue_graph(SMALL_CORPUS, vocabulary)
    series = series_iri("critical-minerals-policy")
    members = set(graph.subjects(ELI.is_member_of, series))
    assert members == {
        revision_iri("critical-minerals-policy", rev)
        for rev in ("2023-01-19", "2024-03-29", "2025-06-19", "2026-03-30")
    }
    assert {m for m in members if graph.value(m, ELI.is_realized_by) is not None} == {CM_REVISION}
    without_text = revision_iri("critical-minerals-policy", "2024-03-29")
    assert set(graph.predicate_objects(without_text)) == {
        (RDF.type, PKG.Revision),
        (RDF.type, OWL.NamedIndividual),
        (ELI.is_member_of, series),
        (PKG.revisionDate, Literal("2024-03-29", datatype=ns.XSD.date)),
        (ELI.version_date, Literal("2024-03-29", datatype=ns.XSD.date)),
        (PKG.revisionLabel, Literal("令和6年3月29日改定", lang="ja")),
    }
    assert set(graph.predicate_objects(CM_REVISION)) >= {
        (ELI.is_realized_by, document_iri(CM)),
        (PKG.status, Literal("final")),
        (ELI.passed_by, agency_iri("meti")),
    }
    assert graph.value(series, RDFS.label) == Literal(CM_META.title, lang="ja")


def test_partial_dates_are_typed_by_precision_and_only_full_dates_are_eli_version_dates(
    vocabulary: Vocabulary,
) -> None:
    graph = catalogue_graph(SMALL_CORPUS, vocabulary)
    draft = revision_iri_of_doc(PM)
    month = revision_iri_of_doc("rare-metals-overview@2011-12")
    assert graph.value(draft, PKG.revisionDate) == Literal("2025", datatype=ns.XSD.gYear)
    assert graph.value(month, PKG.revisionDate) == Literal("2011-12", datatype=ns.XSD.gYearMonth)
    assert graph.value(draft, ELI.version_date) is None
    assert graph.value(month, ELI.version_date) is None
    assert graph.value(draft, PKG.status) == Literal("draft")


def test_a_known_revision_that_is_the_documents_own_is_not_a_revision_without_text(
    vocabulary: Vocabulary,
) -> None:
    graph = catalogue_graph(SMALL_CORPUS, vocabulary)
    members = set(graph.subjects(ELI.is_member_of, series_iri("permanent-magnets-policy")))
    assert members == {
        revision_iri_of_doc(PM),
        revision_iri("permanent-magnets-policy", "2023-01-19"),
    }


def test_known_revisions_named_by_two_documents_of_a_series_are_one_revision(
    vocabulary: Vocabulary,
) -> None:
    first = meta("s@2024", "t", "2024", "2024年", known_revisions=(KnownRevision("2020-05", "x"),))
    second = meta("s@2026-01", "t", "2026-01", "2026年1月", known_revisions=first.known_revisions)
    documents = [DocumentInput(m, (), DocumentFacts(m.doc_id)) for m in (first, second)]
    graph = catalogue_graph(documents, vocabulary)
    assert len(set(graph.subjects(ELI.is_member_of, series_iri("s")))) == 3


def test_measures_and_products_are_in_the_catalogue(vocabulary: Vocabulary) -> None:
    graph = catalogue_graph(SMALL_CORPUS, vocabulary)
    measure = measure_iri("製錬等事業支援")
    assert set(graph.predicate_objects(measure)) == {
        (RDF.type, PKG.Measure),
        (RDF.type, OWL.NamedIndividual),
        (RDFS.label, Literal("製錬等事業支援", lang="ja")),
        (RDFS.label, Literal("support for smelting and refining projects", lang="en")),
        (PKG.measureOf, series_iri("critical-minerals-policy")),
    }
    assert (product_iri("ネオジム磁石"), RDF.type, PKG.Product) in graph


def test_every_measure_of_the_corpus_has_an_english_label(runtime) -> None:
    """The vocabulary's measures.yaml names every measure the shipped corpus sets out."""
    measures = set(runtime.graph.subjects(RDF.type, PKG.Measure))
    assert measures
    for measure in measures:
        languages = {label.language for label in runtime.graph.objects(measure, RDFS.label)}
        assert languages == {"ja", "en"}, measure


def test_spellings_of_one_product_meet_at_one_node(vocabulary: Vocabulary) -> None:
    """ネオジウム磁石 names the product ネオジム磁石: one IRI, the other spelling an altLabel,
    in the catalogue and in the facts that name it."""
    spelt = replace(PM_THRESHOLD, subject="ネオジウム磁石")
    facts = replace(PM_FACTS, coverages=(), targets=(PM_DOUBLING, spelt))
    corpus = (DocumentInput(PM_META, (PM_TARGETS,), facts),)
    catalogue = catalogue_graph(corpus, vocabulary)
    products = set(catalogue.subjects(RDF.type, PKG.Product))
    assert products == {product_iri("ネオジム磁石")}
    assert set(catalogue.objects(product_iri("ネオジム磁石"), RDFS.label)) == {
        Literal("ネオジム磁石", lang="ja")
    }
    assert set(catalogue.objects(product_iri("ネオジム磁石"), SKOS.altLabel)) == {
        Literal("ネオジウム磁石", lang="ja")
    }
    graph = document_graph(corpus[0], vocabulary)
    assert set(graph.objects(None, PKG.targetProduct)) == {product_iri("ネオジム磁石")}
