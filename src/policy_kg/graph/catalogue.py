"""The catalogue graph (`graph/catalogue`): what spans documents. Series, their revisions (with
text, or only named by a text's `known_revisions`), the measures the revisions set out and the
products the facts name, each one node however many documents name it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

from policy_kg.corpus.dates import parse_iso_date
from policy_kg.corpus.model import DocumentMeta
from policy_kg.graph.literals import add_individual, date_literal, ja
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import (
    ELI,
    PKG,
    agency_iri,
    bind_prefixes,
    document_iri,
    measure_iri,
    product_iri,
    revision_iri,
    revision_iri_of_doc,
    series_iri,
)
from policy_kg.nlp.vocabulary import Vocabulary


def catalogue_graph(documents: Sequence[DocumentInput], vocabulary: Vocabulary) -> Graph:
    """Series and revisions (with and without text), measures and products."""
    graph = bind_prefixes(Graph())
    by_series: dict[str, list[DocumentMeta]] = {}
    for document in documents:
        by_series.setdefault(document.meta.series, []).append(document.meta)
    for series, metas in by_series.items():
        _add_series(graph, series, metas)
        for meta in metas:
            _add_document_revision(graph, meta, vocabulary)
        _add_revisions_without_text(graph, series, metas)
    for document in documents:
        _add_measures(graph, document, vocabulary)
    _add_products(graph, documents, vocabulary)
    return graph


def _add_series(graph: Graph, series: str, metas: list[DocumentMeta]) -> None:
    iri = series_iri(series)
    add_individual(graph, iri, PKG.PolicySeries)
    graph.add((iri, DCTERMS.identifier, Literal(series)))
    latest = max(metas, key=lambda meta: (_earliest_day(meta.revision), meta.doc_id))
    graph.add((iri, RDFS.label, ja(latest.title)))


def _earliest_day(revision: str | None) -> date:
    return date.min if revision is None else parse_iso_date(revision).earliest_day


def _add_revision_date(graph: Graph, iri: URIRef, iso: str, label: str) -> None:
    literal = date_literal(iso)
    graph.add((iri, PKG.revisionDate, literal))
    if literal.datatype == XSD.date:  # ELI's version_date is a full date
        graph.add((iri, ELI.version_date, literal))
    if label:
        graph.add((iri, PKG.revisionLabel, ja(label)))


def _add_document_revision(graph: Graph, meta: DocumentMeta, vocabulary: Vocabulary) -> None:
    iri = revision_iri_of_doc(meta.doc_id)
    add_individual(graph, iri, PKG.Revision)
    graph.add((iri, ELI.is_member_of, series_iri(meta.series)))
    if meta.revision is not None:
        _add_revision_date(graph, iri, meta.revision, meta.revision_label)
    elif meta.revision_label:
        graph.add((iri, PKG.revisionLabel, ja(meta.revision_label)))
    graph.add((iri, PKG.status, Literal(meta.status)))
    graph.add((iri, ELI.is_realized_by, document_iri(meta.doc_id)))
    issuer = vocabulary.agency(meta.issuer)
    if issuer is not None:
        graph.add((iri, ELI.passed_by, agency_iri(issuer.slug)))


def _add_revisions_without_text(graph: Graph, series: str, metas: list[DocumentMeta]) -> None:
    """The series' `known_revisions` that no document of the corpus realises."""
    with_text = {meta.revision for meta in metas}
    for meta in metas:
        for known in meta.known_revisions:
            if known.revision in with_text:
                continue
            iri = revision_iri(series, known.revision)
            add_individual(graph, iri, PKG.Revision)
            graph.add((iri, ELI.is_member_of, series_iri(series)))
            _add_revision_date(graph, iri, known.revision, known.label)


def _add_measures(graph: Graph, document: DocumentInput, vocabulary: Vocabulary) -> None:
    series = series_iri(document.meta.series)
    for coverage in document.facts.coverages:
        iri = measure_iri(coverage.measure)
        add_individual(graph, iri, PKG.Measure)
        graph.add((iri, RDFS.label, ja(coverage.measure)))
        if (english := vocabulary.measure_label_en(coverage.measure)) is not None:
            graph.add((iri, RDFS.label, Literal(english, lang="en")))
        graph.add((iri, PKG.measureOf, series))


def _add_products(graph: Graph, documents: Sequence[DocumentInput], vocabulary: Vocabulary) -> None:
    """One node per product, however its mineral is spelt (ネオジム磁石 = ネオジウム磁石): the
    preferred spelling is its label when a text writes it, the others are altLabels."""
    written: dict[str, list[str]] = {}
    for document in documents:
        for name in _product_names(document):
            written.setdefault(vocabulary.product_name(name), []).append(name)
    for key, names in written.items():
        spellings = list(dict.fromkeys(names))
        label = key if key in spellings else spellings[0]
        iri = product_iri(key)
        add_individual(graph, iri, PKG.Product)
        graph.add((iri, RDFS.label, ja(label)))
        for spelling in spellings:
            if spelling != label:
                graph.add((iri, SKOS.altLabel, ja(spelling)))


def _product_names(document: DocumentInput) -> Iterator[str]:
    for coverage in document.facts.coverages:
        yield from coverage.products
    for target in document.facts.targets:
        if target.subject and not target.subject_is_mineral:
            yield target.subject
