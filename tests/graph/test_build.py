"""The triples `build_graph` makes: exactly the expected ones for each fact kind, the catalogue
of series and revisions (with and without text), passages, and clear errors for bad facts."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from policy_kg.corpus.model import KnownRevision, Passage
from policy_kg.graph.build import (
    DocumentInput,
    GraphBuildError,
    anchor_quote,
    build_graph,
    catalogue_graph,
    document_graph,
    fiscal_year,
)
from policy_kg.graph.namespaces import (
    CATALOGUE_GRAPH,
    ELI,
    OA,
    ONTOLOGY_GRAPH,
    PKG,
    QUDT,
    UNIT,
    VOCABULARY_GRAPH,
    agency_iri,
    country_iri,
    document_graph_iri,
    document_iri,
    measure_iri,
    mineral_iri,
    passage_iri_from_id,
    product_iri,
    revision_iri,
    revision_iri_of_doc,
    series_iri,
)
from policy_kg.nlp.facts import DocumentFacts, ProgrammeScope
from policy_kg.nlp.vocabulary import Vocabulary

from .conftest import (
    CHINA_LITHIUM,
    CM,
    CM_BUDGET,
    CM_CHINA,
    CM_FOCUS,
    CM_FOOTNOTE,
    CM_FUND,
    CM_GALLIUM_CONTROL,
    CM_META,
    CM_PASSAGES,
    CM_SCOPE,
    CM_SHARES,
    CM_TARGETS,
    CURRENT_FOCUS,
    JOGMEC_BUDGET,
    JOGMEC_FUND,
    JOGMEC_STOCKPILE,
    LITHIUM_TARGET,
    PM,
    PM_DOUBLING,
    PM_FACTS,
    PM_META,
    PM_RANGE,
    PM_TARGETS,
    PM_THRESHOLD,
    SMALL_CORPUS,
    evidence,
    mention,
    meta,
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


# --- one test per fact kind: exactly these triples ---


def test_a_mention_is_a_fact_and_makes_the_passage_about_the_entity(
    vocabulary: Vocabulary,
) -> None:
    graph = fact_triples(
        vocabulary, DocumentFacts(CM, mentions=(mention(CM_CHINA, "country", "cn", "中国"),))
    )
    fact = only(graph, PKG.Mention)
    passage = passage_iri_from_id(CM_CHINA.passage_id)
    expected = provenance(graph, fact, PKG.Mention, (CM_CHINA, "中国")) | {
        (fact, PKG.mentionedEntity, country_iri("cn")),
        (passage, ELI.is_about, country_iri("cn")),
    }
    assert set(graph) == expected


def test_a_coverage_is_one_fact_per_mineral_with_its_condition_and_both_passages(
    vocabulary: Vocabulary,
) -> None:
    focus = replace(CURRENT_FOCUS, minerals=("uranium",))
    graph = fact_triples(vocabulary, DocumentFacts(CM, coverages=(focus,)))
    fact = only(graph, PKG.MeasureCoverage)
    expected = provenance(
        graph,
        fact,
        PKG.MeasureCoverage,
        (CM_FOCUS, CURRENT_FOCUS.evidence.quote),
        (CM_FOOTNOTE, CURRENT_FOCUS.conditions[0].evidence.quote),
    ) | {
        (fact, PKG.coverageMeasure, measure_iri("製錬等事業支援")),
        (fact, PKG.coveredMineral, mineral_iri("uranium")),
        (fact, PKG.coverageScope, PKG.CurrentFocus),
        (
            fact,
            PKG.coverageCondition,
            Literal("国際的な供給不足の蓋然性が解消されるまでの間", lang="ja"),
        ),
    }
    assert set(graph) == expected


def test_coverage_facts_are_measure_by_mineral_by_scope(vocabulary: Vocabulary) -> None:
    graph = fact_triples(vocabulary, DocumentFacts(CM, coverages=(CURRENT_FOCUS,)))
    facts = set(graph.subjects(RDF.type, PKG.MeasureCoverage))
    covered = {graph.value(f, PKG.coveredMineral) for f in facts}
    assert covered == {mineral_iri(m) for m in ("lithium", "gallium", "uranium")}
    conditioned = {f for f in facts if graph.value(f, PKG.coverageCondition) is not None}
    assert {graph.value(f, PKG.coveredMineral) for f in conditioned} == {mineral_iri("uranium")}


def test_the_programme_scope_is_a_fact_per_mineral_and_makes_no_measure(
    vocabulary: Vocabulary,
) -> None:
    focus = CURRENT_FOCUS
    scope = ProgrammeScope(
        CM, "取組の対象範囲", "current_focus", ("uranium",), focus.conditions, focus.evidence
    )
    facts = DocumentFacts(CM, programme_scopes=(scope,))
    graph = fact_triples(vocabulary, facts)
    fact = only(graph, PKG.ProgrammeScope)
    expected = provenance(
        graph,
        fact,
        PKG.ProgrammeScope,
        (CM_FOCUS, focus.evidence.quote),
        (CM_FOOTNOTE, focus.conditions[0].evidence.quote),
    ) | {
        (fact, PKG.coveredMineral, mineral_iri("uranium")),
        (fact, PKG.coverageScope, PKG.CurrentFocus),
        (fact, PKG.scopeHeading, Literal("取組の対象範囲", lang="ja")),
        (
            fact,
            PKG.coverageCondition,
            Literal("国際的な供給不足の蓋然性が解消されるまでの間", lang="ja"),
        ),
    }
    assert set(graph) == expected
    catalogue = catalogue_graph([DocumentInput(CM_META, CM_PASSAGES, facts)], vocabulary)
    assert not set(catalogue.subjects(RDF.type, PKG.Measure))


def test_no_measure_of_the_corpus_is_a_scope_heading(runtime) -> None:
    """第3章第1節 取組の対象範囲 names the scope of the projects: it is no pkg:Measure."""
    rows = runtime.graph.query(
        """SELECT ?m WHERE { ?m a pkg:Measure ; rdfs:label "取組の対象範囲"@ja }""",
        initNs={"pkg": str(PKG), "rdfs": str(RDFS)},
    )
    assert list(rows) == []
    scopes = set(runtime.graph.subjects(RDF.type, PKG.ProgrammeScope))
    assert scopes  # its lists stay, as the programme's scope


def test_every_target_of_the_corpus_has_its_year(runtime) -> None:
    """A target whose text states no year is left out at extraction (and logged)."""
    rows = runtime.graph.query(
        "SELECT ?t WHERE { ?t a pkg:Target . FILTER NOT EXISTS { ?t pkg:targetYear ?y } }",
        initNs={"pkg": str(PKG)},
    )
    assert list(rows) == []
    assert set(runtime.graph.subjects(RDF.type, PKG.Target))


def test_a_mineral_target_has_its_quantity_unit_year_and_quote(vocabulary: Vocabulary) -> None:
    graph = fact_triples(vocabulary, DocumentFacts(CM, targets=(LITHIUM_TARGET,)))
    fact = only(graph, PKG.Target)
    expected = (
        provenance(graph, fact, PKG.Target, (CM_TARGETS, "リチウム約10万トン／年"))
        | quantity(
            fact,
            (QUDT.numericValue, decimal("100000")),
            (PKG.unitText, Literal("トン／年")),
            (PKG.valueAsWritten, Literal("約10万トン／年")),  # beside the normalised value
            (QUDT.hasUnit, UNIT["TONNE-PER-YR"]),
        )
        | {
            (fact, PKG.targetMineral, mineral_iri("lithium")),
            (fact, PKG.targetKind, Literal("supply_target")),
            (fact, PKG.isApproximate, Literal(True)),
            (fact, PKG.targetYear, gyear("2030")),
        }
    )
    assert set(graph) == expected


def test_product_targets_threshold_baseline_and_range(vocabulary: Vocabulary) -> None:
    pm = DocumentInput(PM_META, (PM_TARGETS,), DocumentFacts(PM, targets=(PM_THRESHOLD, PM_RANGE)))
    graph = document_graph(pm, vocabulary)
    by_kind = {str(graph.value(f, PKG.targetKind)): f for f in graph.subjects(RDF.type, PKG.Target)}
    threshold, share = by_kind["capacity_threshold"], by_kind["share"]
    assert graph.value(threshold, PKG.targetProduct) == product_iri("ネオジム磁石")
    assert graph.value(threshold, PKG.comparator) == PKG.AtLeast
    assert graph.value(threshold, PKG.targetYear) is None
    assert set(graph.predicate_objects(URIRef(f"{share}#quantity"))) == {
        (RDF.type, QUDT.QuantityValue),
        (RDF.type, OWL.NamedIndividual),
        (PKG.minimumValue, decimal("20")),
        (PKG.maximumValue, decimal("22")),
        (PKG.unitText, Literal("%")),
        (QUDT.hasUnit, UNIT.PERCENT),
    }


def test_the_support_agency_is_a_designation_other_roles_are_agency_roles(
    vocabulary: Vocabulary,
) -> None:
    graph = fact_triples(
        vocabulary, DocumentFacts(CM, agency_roles=(JOGMEC_FUND, JOGMEC_STOCKPILE))
    )
    designation = only(graph, PKG.SupportAgencyDesignation)
    role = only(graph, PKG.AgencyRole)
    expected = (
        provenance(
            graph,
            designation,
            PKG.SupportAgencyDesignation,
            (CM_FUND, "法人としてJOGMECを選定する"),
        )
        | provenance(graph, role, PKG.AgencyRole, (CM_FUND, "JOGMECによるレアメタル備蓄"))
        | {
            (designation, PKG.designatedAgency, agency_iri("jogmec")),
            (role, PKG.roleAgency, agency_iri("jogmec")),
            (role, PKG.roleDescription, Literal("レアメタル備蓄", lang="ja")),
        }
    )
    assert set(graph) == expected


def test_an_export_control_has_country_month_minerals_and_basis(vocabulary: Vocabulary) -> None:
    graph = fact_triples(vocabulary, DocumentFacts(CM, export_controls=(CM_GALLIUM_CONTROL,)))
    fact = only(graph, PKG.ExportControl)
    expected = provenance(
        graph, fact, PKG.ExportControl, (CM_CHINA, CM_GALLIUM_CONTROL.evidence.quote)
    ) | {
        (fact, PKG.issuingCountry, country_iri("cn")),
        (fact, PKG.controlDate, Literal("2023-08", datatype=ns.XSD.gYearMonth)),
        (fact, PKG.controlledMineral, mineral_iri("gallium")),
        (fact, PKG.controlledMineral, mineral_iri("germanium")),
        (fact, PKG.legalBasis, Literal("中国商務部・海関総署公告 2023年第23号", lang="ja")),
    }
    assert set(graph) == expected


def test_a_supply_share_has_holder_stage_year_and_percent(vocabulary: Vocabulary) -> None:
    graph = fact_triples(vocabulary, DocumentFacts(CM, supply_shares=(CHINA_LITHIUM,)))
    fact = only(graph, PKG.SupplyShare)
    expected = (
        provenance(graph, fact, PKG.SupplyShare, (CM_SHARES, "中国が約55%"))
        | quantity(
            fact,
            (QUDT.numericValue, decimal("55")),
            (PKG.unitText, Literal("%")),
            (QUDT.hasUnit, UNIT.PERCENT),
        )
        | {
            (fact, PKG.shareMineral, mineral_iri("lithium")),
            (fact, PKG.shareHolder, country_iri("cn")),
            (fact, PKG.supplyStage, PKG.ImportStage),
            (fact, PKG.referenceYear, gyear("2021")),
        }
    )
    assert set(graph) == expected


def test_a_budget_has_amount_programme_fiscal_year_and_category(vocabulary: Vocabulary) -> None:
    graph = fact_triples(vocabulary, DocumentFacts(CM, budgets=(JOGMEC_BUDGET,)))
    fact = only(graph, PKG.Budget)
    expected = (
        provenance(graph, fact, PKG.Budget, (CM_BUDGET, "JOGMEC出資金として1,100億円"))
        | quantity(fact, (QUDT.numericValue, decimal("1100")), (PKG.unitText, Literal("億円")))
        | {
            (fact, PKG.budgetProgramme, Literal("JOGMEC出資金", lang="ja")),
            (fact, PKG.fiscalYear, gyear("2022")),
            (fact, PKG.budgetCategory, Literal("第2次補正予算", lang="ja")),
        }
    )
    assert set(graph) == expected


def test_two_facts_quoting_the_same_span_share_one_quote(vocabulary: Vocabulary) -> None:
    chile = replace(CHINA_LITHIUM, country="cl")  # same evidence, another fact
    graph = fact_triples(vocabulary, DocumentFacts(CM, supply_shares=(CHINA_LITHIUM, chile)))
    assert len(set(graph.subjects(RDF.type, PKG.SupplyShare))) == 2
    assert len(set(graph.subjects(RDF.type, PKG.Quote))) == 1


# --- documents, passages, series and revisions ---


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


# --- bad facts ---


def test_a_quote_at_a_wrong_offset_is_anchored_where_it_is() -> None:
    stale = replace(evidence(CM_SCOPE, "ガリウム"), start=0)
    assert anchor_quote(stale, CM_SCOPE.text) == CM_SCOPE.text.index("ガリウム")


def test_a_quote_that_is_not_in_its_passage_is_an_error(vocabulary: Vocabulary) -> None:
    wrong = replace(
        LITHIUM_TARGET, evidence=replace(LITHIUM_TARGET.evidence, quote="リチウム約9万トン")
    )
    with pytest.raises(GraphBuildError, match="リチウム約9万トン"):
        fact_triples(vocabulary, DocumentFacts(CM, targets=(wrong,)))


def test_a_fact_citing_an_unknown_passage_is_an_error(vocabulary: Vocabulary) -> None:
    elsewhere = replace(LITHIUM_TARGET.evidence, passage_id=f"{CM}#000000000000")
    with pytest.raises(GraphBuildError, match="000000000000"):
        fact_triples(
            vocabulary, DocumentFacts(CM, targets=(replace(LITHIUM_TARGET, evidence=elsewhere),))
        )


@pytest.mark.parametrize(
    "facts",
    [
        DocumentFacts(CM, targets=(replace(LITHIUM_TARGET, subject="unobtainium"),)),
        DocumentFacts(CM, agency_roles=(replace(JOGMEC_FUND, agency="nowhere-agency"),)),
        DocumentFacts(CM, supply_shares=(replace(CHINA_LITHIUM, country="zz"),)),
    ],
    ids=["mineral", "agency", "country"],
)
def test_an_unknown_entity_key_is_an_error(vocabulary: Vocabulary, facts: DocumentFacts) -> None:
    with pytest.raises(GraphBuildError, match="unknown"):
        fact_triples(vocabulary, facts)


def test_an_unreadable_control_date_is_an_error_naming_the_document(
    vocabulary: Vocabulary,
) -> None:
    bad = replace(CM_GALLIUM_CONTROL, date="2023-13")
    with pytest.raises(GraphBuildError, match=f"{CM}.*2023-13"):
        fact_triples(vocabulary, DocumentFacts(CM, export_controls=(bad,)))


def test_an_unreadable_quantity_is_an_error(vocabulary: Vocabulary) -> None:
    bad = replace(LITHIUM_TARGET, quantity="約10万")
    with pytest.raises(GraphBuildError, match="約10万"):
        fact_triples(vocabulary, DocumentFacts(CM, targets=(bad,)))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("令和4年度第2次補正予算", (2022, "第2次補正予算")),
        ("令和元年度", (2019, "")),
        ("2025年度当初予算", (2025, "当初予算")),
        ("予備費", (None, "予備費")),
    ],
)
def test_fiscal_years(written: str, expected: tuple[int | None, str]) -> None:
    assert fiscal_year(written) == expected
