"""The TBox (ontology/policy-kg.ttl), the SKOS vocabulary and the worked example of
ontology/README.md: they parse, every term is labelled, HermiT finds them consistent and finds
broken data inconsistent, and the README's queries return what the example holds."""

from __future__ import annotations

import io
import re
import tempfile
import warnings
from decimal import Decimal
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from policy_kg.graph.catalogue import catalogue_graph
from policy_kg.graph.namespaces import (
    ELI,
    OA,
    ONTOLOGY_IRI,
    PKG,
    measure_iri,
    mineral_iri,
    passage_iri_from_id,
    revision_iri_of_doc,
)
from policy_kg.graph.ontology import fact_classes
from policy_kg.graph.vocabulary_rdf import vocabulary_graph
from policy_kg.nlp.vocabulary import default_vocabulary

from .small_corpus import SMALL_CORPUS

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
TTL = ONTOLOGY_DIR / "policy-kg.ttl"
README = ONTOLOGY_DIR / "README.md"
TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
UNSUPPORTED_BY_HERMIT = {
    URIRef(f"http://www.w3.org/2001/XMLSchema#{name}") for name in ("date", "gYear", "gYearMonth")
}


def _readme_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def _readme_queries() -> dict[str, str]:
    return {re.match(r"# query: (.+)", q).group(1): q for q in _readme_blocks("sparql")}


@pytest.fixture(autouse=True)
def _reasoner_files_in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """owlready2 leaves its N-Triples file behind when HermiT fails; keep it out of /tmp."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return Graph().parse(TTL, format="turtle")


@pytest.fixture(scope="module")
def vocabulary_rdf() -> Graph:
    return vocabulary_graph(default_vocabulary())


@pytest.fixture(scope="module")
def example(tbox: Graph, vocabulary_rdf: Graph) -> Graph:
    (turtle,) = _readme_blocks("turtle")
    graph = Graph()
    for part in (tbox, vocabulary_rdf):
        for triple in part:
            graph.add(triple)
    return graph.parse(data=turtle, format="turtle")


def _pkg_terms(graph: Graph) -> set[URIRef]:
    return {
        s
        for s, _, o in graph.triples((None, RDF.type, None))
        if isinstance(s, URIRef) and s.startswith(str(PKG)) and o in TERM_TYPES
    }


def _hermit(graph: Graph, *, ignore_unsupported_datatypes: bool) -> None:
    """Run HermiT on `graph` through owlready2; raises if inconsistent or rejected."""
    world = owlready2.World()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns that N-Triples are always UTF-8
        data = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=io.BytesIO(data), format="ntriples")
    owlready2.sync_reasoner_hermit(
        world, debug=0, ignore_unsupported_datatypes=ignore_unsupported_datatypes
    )


def test_ontology_header_has_version_and_labels(tbox: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in tbox
    assert tbox.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert tbox.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    languages = {label.language for label in tbox.objects(ONTOLOGY_IRI, RDFS.label)}
    assert languages == {"ja", "en"}


def test_every_class_and_property_has_japanese_and_english_labels_and_a_comment(
    tbox: Graph,
) -> None:
    terms = _pkg_terms(tbox)
    assert len(terms) > 60
    missing = []
    for term in sorted(terms):
        languages = {label.language for label in tbox.objects(term, RDFS.label)}
        if languages != {"ja", "en"} or tbox.value(term, RDFS.comment) is None:
            missing.append(term)
    assert missing == []


def test_the_classes_the_spec_requires_reuse_standard_vocabularies(tbox: Graph) -> None:
    expected = {
        PKG.PolicySeries: ELI.LegalResource,
        PKG.Revision: ELI.LegalResource,
        PKG.Document: ELI.LegalExpression,
        PKG.Passage: ELI.LegalResourceSubdivision,
        PKG.Mineral: SKOS.Concept,
        PKG.Fact: PROV.Entity,
        PKG.Quote: OA.SpecificResource,
        PKG.Target: PKG.Fact,
        PKG.ExportControl: PKG.Fact,
        PKG.SupplyShare: PKG.Fact,
        PKG.Budget: PKG.Fact,
        PKG.MeasureCoverage: PKG.Fact,
        PKG.Country: PKG.GeographicArea,
    }
    for cls, parent in expected.items():
        assert (cls, RDFS.subClassOf, parent) in tbox, cls
    for cls in (PKG.Measure, PKG.Agency, PKG.Product):
        assert (cls, RDF.type, OWL.Class) in tbox


def test_fact_classes_are_every_class_under_pkg_fact_at_any_depth(tbox: Graph) -> None:
    deeper = Graph()
    deeper += tbox
    deeper.add((PKG.QuarterlyBudget, RDFS.subClassOf, PKG.Budget))
    assert PKG.Budget in fact_classes(tbox) and PKG.QuarterlyBudget not in fact_classes(tbox)
    assert fact_classes(deeper) == fact_classes(tbox) | {PKG.QuarterlyBudget}
    assert PKG.Passage not in fact_classes(tbox) and PKG.Quote not in fact_classes(tbox)


def test_every_pkg_term_used_is_declared(tbox: Graph) -> None:
    declared = _pkg_terms(tbox)
    used = {
        node
        for triple in tbox
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(PKG))
    }
    assert used - declared == set()


def test_readme_uses_only_declared_terms(tbox: Graph) -> None:
    names = set(re.findall(r"\bpkg:([A-Za-z]\w*)", README.read_text(encoding="utf-8")))
    assert {PKG[name] for name in names} - _pkg_terms(tbox) == set()


def test_tbox_names_no_datatype_hermit_rejects(tbox: Graph) -> None:
    assert {o for o in tbox.objects() if o in UNSUPPORTED_BY_HERMIT} == set()


def test_vocabulary_is_skos_with_labels_notation_and_hierarchy(vocabulary_rdf: Graph) -> None:
    neodymium = mineral_iri("neodymium")
    assert (neodymium, RDF.type, SKOS.Concept) in vocabulary_rdf
    assert (neodymium, RDF.type, PKG.ChemicalElement) in vocabulary_rdf
    assert (neodymium, SKOS.notation, Literal("Nd")) in vocabulary_rdf
    assert (neodymium, SKOS.altLabel, Literal("ネオジウム", lang="ja")) in vocabulary_rdf
    chain = list(vocabulary_rdf.transitive_objects(neodymium, SKOS.broader))
    assert chain == [neodymium, mineral_iri("light-rare-earths"), mineral_iri("rare-earths")]
    for concept in vocabulary_rdf.subjects(RDF.type, SKOS.Concept):
        languages = {label.language for label in vocabulary_rdf.objects(concept, SKOS.prefLabel)}
        assert languages == {"ja", "en"}, concept


def test_iri_helpers_follow_the_scheme() -> None:
    assert str(revision_iri_of_doc("permanent-magnets-policy@2025-draft")) == (
        "https://w3id.org/policy-kg/id/revision/permanent-magnets-policy/2025-draft"
    )
    assert str(passage_iri_from_id("critical-minerals-policy@2026-03-30#6a0c41d2b7e3")) == (
        "https://w3id.org/policy-kg/id/passage/critical-minerals-policy/2026-03-30/6a0c41d2b7e3"
    )


def test_example_quotes_sit_at_their_positions(example: Graph) -> None:
    quotes = list(example.subjects(RDF.type, PKG.Quote))
    assert len(quotes) == 6
    for quote in quotes:
        text = str(example.value(example.value(quote, OA.hasSource), PKG.passageText))
        selectors = list(example.objects(quote, OA.hasSelector))
        (exact_selector,) = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in example]
        (span,) = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in example]
        start, end = int(example.value(span, OA.start)), int(example.value(span, OA.end))
        assert text[start:end] == str(example.value(exact_selector, OA.exact))
        assert text[:start].endswith(str(example.value(exact_selector, OA.prefix)))
        assert text[end:].startswith(str(example.value(exact_selector, OA.suffix)))


def test_example_quotes_come_from_the_facts_own_passages(example: Graph) -> None:
    for fact, quote in example.subject_objects(PKG.hasQuote):
        assert (fact, PROV.wasDerivedFrom, example.value(quote, OA.hasSource)) in example


def _rows(graph: Graph, name: str) -> list[tuple[object, ...]]:
    return [
        tuple(v.toPython() if v is not None else None for v in row)
        for row in graph.query(_readme_queries()[name])
    ]


def test_readme_query_returns_the_quote_behind_every_fact(example: Graph) -> None:
    rows = _rows(example, "quotes behind every fact")
    assert len(rows) == 6
    assert {row[1] for row in rows} == {"critical-minerals-policy@2026-03-30"}
    assert "リチウム約10万トン／年" in {row[3] for row in rows}


def test_readme_query_lists_minerals_covered_by_a_measure(example: Graph) -> None:
    assert _rows(example, "minerals covered by 製錬等事業支援") == [
        ("ウラン", "CurrentFocus", "国際的な供給不足の蓋然性が解消されるまでの間"),
        ("ウラン", "LegalScope", None),
        ("リチウム", "CurrentFocus", None),
        ("リチウム", "LegalScope", None),
    ]


def test_readme_query_lists_2030_targets_with_quotes(example: Graph) -> None:
    assert _rows(example, "2030 targets with their quotes") == [
        ("リチウム", Decimal("100000.0"), "トン／年", True, "リチウム約10万トン／年")
    ]


def test_readme_query_orders_documents_mentioning_gallium_oldest_first(example: Graph) -> None:
    rows = _rows(example, "documents mentioning ガリウム, oldest first")
    assert [row[:2] for row in rows] == [
        ("materials-strategy-issues@2026-02-19", "2026-02-19"),
        ("critical-minerals-policy@2026-03-30", "2026-03-30"),
    ]


def test_hermit_finds_ontology_and_vocabulary_consistent(
    tbox: Graph, vocabulary_rdf: Graph
) -> None:
    _hermit(tbox + vocabulary_rdf, ignore_unsupported_datatypes=False)


def test_hermit_finds_the_worked_example_consistent(example: Graph) -> None:
    _hermit(example, ignore_unsupported_datatypes=True)


def test_hermit_rejects_partial_dates_unless_told_to_ignore_them(example: Graph) -> None:
    with pytest.raises(owlready2.OwlReadyJavaError, match="UnsupportedDatatype"):
        _hermit(example, ignore_unsupported_datatypes=False)


@pytest.mark.parametrize(
    "broken",
    [
        # a coverage in both senses at once: pkg:coverageScope is functional
        (
            URIRef("https://w3id.org/policy-kg/id/fact/7a41c9d0e2b3"),
            PKG.coverageScope,
            PKG.CurrentFocus,
        ),
        # one IRI as a mineral and an agency: the top-level classes are disjoint
        (mineral_iri("lithium"), RDF.type, PKG.Agency),
        # a passage where a revision belongs: the range makes it a revision, which it cannot be
        (
            URIRef("https://w3id.org/policy-kg/id/fact/5e1b7c20d9aa"),
            PKG.statedIn,
            passage_iri_from_id("critical-minerals-policy@2026-03-30#6a0c41d2b7e3"),
        ),
    ],
    ids=["two-scopes", "mineral-and-agency", "passage-as-revision"],
)
def test_hermit_finds_broken_data_inconsistent(
    example: Graph, broken: tuple[URIRef, URIRef, URIRef]
) -> None:
    graph = example + Graph()
    graph.add(broken)
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(graph, ignore_unsupported_datatypes=True)


def test_the_example_measure_is_labelled_as_the_builder_labels_it(example: Graph) -> None:
    """The README's example and the data agree: same IRI, same Japanese and English labels."""
    measure = measure_iri("製錬等事業支援")
    built = catalogue_graph(SMALL_CORPUS, default_vocabulary())
    labels = set(built.objects(measure, RDFS.label))
    assert {label.language for label in labels} == {"ja", "en"}
    assert set(example.objects(measure, RDFS.label)) == labels
