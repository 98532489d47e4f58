"""Every kind of fact is registered in each place it must be, and a kind missing one is caught.

A kind is a record type with: an extractor (`nlp/extract/registry`) for its field of the facts
container, a graph writer (`graph/fact_kinds`), and for each class the writer gives its facts a
class of the ontology under pkg:Fact with the Japanese label the Explore tab shows. A fixture
kind, a stockpile's days of consumption (備蓄 … 60日分), is added here with its record, its
extractor, its writer and its ontology class only, and shows both that it then runs through
extraction and the graph unchanged, and that leaving out any part is caught.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from policy_kg.corpus.model import DocumentMeta, ParsedDocument, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.graph.build import document_graph
from policy_kg.graph.fact_kinds import WRITERS, KindWriter
from policy_kg.graph.fact_writer import FactWriter
from policy_kg.graph.model import DocumentInput, GraphBuildError
from policy_kg.graph.namespaces import PKG, QUDT
from policy_kg.graph.ontology import fact_classes, load_ontology
from policy_kg.nlp.extract.analyzed import AnalyzedDocument
from policy_kg.nlp.extract.registry import FactKinds, document_kinds, record_fields
from policy_kg.nlp.facts import DocumentFacts, Evidence, MeasureCoverage, Mention, Target
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.quantity import Quantity
from policy_kg.nlp.vocabulary import Vocabulary, default_vocabulary

DOC_ID = "stockpile-policy@2026-03-30"
TEXT = "備蓄の方針\n\n令和8年3月30日改定\n\nレアメタルの国家備蓄は60日分を目標とする。\n"


# --- the fixture kind: record, extractor, writer, ontology class ---


@dataclass(frozen=True)
class Stockpile:
    """How many days of consumption a stockpile holds (国家備蓄は60日分)."""

    doc_id: str
    days: int
    evidence: Evidence


@dataclass(frozen=True)
class FactsWithStockpiles(DocumentFacts):
    """DocumentFacts with the fixture kind's field, as facts.py would gain it."""

    stockpiles: tuple[Stockpile, ...] = ()


_DAYS = re.compile(r"備蓄[^。]*?(\d+)日分")


def extract_stockpiles(document: AnalyzedDocument) -> tuple[Stockpile, ...]:
    return tuple(
        Stockpile(document.doc_id, int(match[1]), passage.evidence(*match.span()))
        for passage in document.passages
        for match in _DAYS.finditer(passage.text)
    )


STOCKPILE = PKG.Stockpile


def write_stockpile(writer: FactWriter, stockpile: Stockpile) -> None:
    fact = writer.fact(STOCKPILE, stockpile, [stockpile.evidence])
    writer.quantity(fact, Quantity(value=Decimal(stockpile.days), unit="日"))


STOCKPILE_CLASS = f"""
@prefix pkg: <{PKG}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
pkg:Stockpile a owl:Class ; rdfs:subClassOf pkg:Fact ;
    rdfs:label "stockpile"@en , "備蓄"@ja .
"""


# --- the check ---


def problems(kinds: FactKinds, writers: Mapping[type, KindWriter], ontology: Graph) -> list[str]:
    """What is registered in one place and not the others."""
    found = []
    registered = {kind.record for kind in kinds.kinds()}
    for record, name in record_fields(kinds.container).items():
        if record not in registered:
            found.append(f"{record.__name__} ({name}) has no extractor")
    facts = fact_classes(ontology) - {PKG.Fact}
    written: set[URIRef] = set()
    for record in sorted(registered, key=lambda r: r.__name__):
        writer = writers.get(record)
        if writer is None or not writer.classes:
            found.append(f"{record.__name__} has no graph writer")
            continue
        written.update(writer.classes)
        for cls in writer.classes:
            if cls not in facts:
                found.append(f"{record.__name__}: {cls} is no subclass of pkg:Fact")
            elif not _japanese_label(ontology, cls):
                found.append(f"{record.__name__}: {cls} has no rdfs:label@ja")
    found += [f"{cls} has no graph writer" for cls in sorted(facts - written)]
    return found


def _japanese_label(ontology: Graph, cls: URIRef) -> bool:
    labels = ontology.objects(cls, RDFS.label)
    return any(isinstance(label, Literal) and label.language == "ja" for label in labels)


# --- fixtures ---


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return default_vocabulary()


@pytest.fixture(scope="module")
def with_stockpile_class(ontology: Graph) -> Graph:
    graph = Graph()
    graph += ontology
    return graph.parse(data=STOCKPILE_CLASS, format="turtle")


def project_kinds(container: type[DocumentFacts]) -> FactKinds:
    """The project's registered kinds, registered again on `container`."""
    kinds = FactKinds(container)
    for kind in document_kinds().kinds():
        kinds.register(kind.record, kind.needs)(kind.extract)
    return kinds


@pytest.fixture
def stockpile_kinds() -> FactKinds:
    kinds = project_kinds(FactsWithStockpiles)
    kinds.register(Stockpile)(extract_stockpiles)
    return kinds


@pytest.fixture
def stockpile_writers() -> dict[type, KindWriter]:
    return {**WRITERS, Stockpile: KindWriter(Stockpile, (STOCKPILE,), write_stockpile)}


@pytest.fixture(scope="module")
def parsed() -> ParsedDocument:
    meta = DocumentMeta(DOC_ID, "stockpile-policy", "t", "i", "2026-03-30", "", "final", "x.txt")
    return parse_document(SourceDocument(meta, Path("x.txt"), TEXT, "h"))


# --- the project's kinds ---


def test_every_kind_of_the_project_is_registered_everywhere(ontology: Graph) -> None:
    assert problems(document_kinds(), WRITERS, ontology) == []


def test_a_kind_runs_after_the_kinds_it_needs() -> None:
    order = [kind.record for kind in document_kinds().kinds()]
    assert order.index(MeasureCoverage) < order.index(Target)
    assert order[0] is Mention  # else the container's field order


# --- a new kind: record, extractor, writer and ontology class are enough ---


def test_a_complete_new_kind_is_extracted_and_written(
    stockpile_kinds: FactKinds,
    stockpile_writers: dict[type, KindWriter],
    with_stockpile_class: Graph,
    parsed: ParsedDocument,
    extractor: FactExtractor,
    vocabulary: Vocabulary,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert problems(stockpile_kinds, stockpile_writers, with_stockpile_class) == []
    found = stockpile_kinds.extract(extractor.analyze(parsed))
    ((stockpile),) = found.stockpiles
    assert (stockpile.days, stockpile.evidence.quote) == (60, "備蓄は60日分")
    assert found.mentions == extract_document(parsed, extractor).mentions  # the others run as ever

    monkeypatch.setitem(WRITERS, Stockpile, stockpile_writers[Stockpile])
    graph = document_graph(DocumentInput(parsed.meta, parsed.passages, found), vocabulary)
    (fact,) = graph.subjects(RDF.type, STOCKPILE)
    (quantity,) = graph.objects(fact, PKG.hasQuantity)
    assert graph.value(quantity, QUDT.numericValue).toPython() == 60
    assert graph.value(fact, PKG.hasQuote) is not None


def test_a_kind_without_a_writer_is_caught(
    stockpile_kinds: FactKinds,
    with_stockpile_class: Graph,
    parsed: ParsedDocument,
    extractor: FactExtractor,
    vocabulary: Vocabulary,
) -> None:
    assert problems(stockpile_kinds, WRITERS, with_stockpile_class) == [
        "Stockpile has no graph writer",
        f"{STOCKPILE} has no graph writer",
    ]
    found = stockpile_kinds.extract(extractor.analyze(parsed))
    document = DocumentInput(parsed.meta, parsed.passages, found)
    with pytest.raises(GraphBuildError, match="no graph writer for Stockpile"):
        document_graph(document, vocabulary)


def test_a_kind_without_an_ontology_class_is_caught(
    stockpile_kinds: FactKinds, stockpile_writers: dict[type, KindWriter], ontology: Graph
) -> None:
    assert problems(stockpile_kinds, stockpile_writers, ontology) == [
        f"Stockpile: {STOCKPILE} is no subclass of pkg:Fact"
    ]


def test_a_class_without_a_japanese_label_is_caught(
    stockpile_kinds: FactKinds, stockpile_writers: dict[type, KindWriter], ontology: Graph
) -> None:
    graph = Graph()
    graph += ontology
    graph.parse(data=STOCKPILE_CLASS.replace(' , "備蓄"@ja', ""), format="turtle")
    assert problems(stockpile_kinds, stockpile_writers, graph) == [
        f"Stockpile: {STOCKPILE} has no rdfs:label@ja"
    ]


def test_a_field_without_an_extractor_is_caught(ontology: Graph) -> None:
    kinds = project_kinds(FactsWithStockpiles)
    assert problems(kinds, WRITERS, ontology) == ["Stockpile (stockpiles) has no extractor"]


# --- the registry's own errors ---


def test_a_record_that_is_no_field_of_the_container_is_refused() -> None:
    with pytest.raises(ValueError, match="Stockpile is no field of DocumentFacts"):
        FactKinds(DocumentFacts).register(Stockpile)


def test_a_kind_registered_twice_is_refused() -> None:
    kinds = FactKinds(FactsWithStockpiles)
    kinds.register(Stockpile)(extract_stockpiles)
    with pytest.raises(ValueError, match="Stockpile has two extractors"):
        kinds.register(Stockpile)(extract_stockpiles)


def test_a_kind_needing_an_unregistered_kind_is_refused() -> None:
    kinds = FactKinds(FactsWithStockpiles)
    kinds.register(Stockpile, needs=(MeasureCoverage,))(extract_stockpiles)
    with pytest.raises(ValueError, match="Stockpile needs MeasureCoverage"):
        kinds.kinds()
