"""Exactly the triples each kind of fact becomes (`graph/fact_kinds`), with the provenance
pattern, and the writer each record type is dispatched to."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import OWL, RDF, RDFS

from policy_kg.graph.build import document_graph
from policy_kg.graph.catalogue import catalogue_graph
from policy_kg.graph.fact_kinds import WRITERS, write_fact, writes
from policy_kg.graph.fact_writer import FactWriter
from policy_kg.graph.model import DocumentInput, GraphBuildError
from policy_kg.graph.namespaces import (
    ELI,
    PKG,
    QUDT,
    UNIT,
    agency_iri,
    country_iri,
    measure_iri,
    mineral_iri,
    passage_iri_from_id,
    product_iri,
)
from policy_kg.graph.ontology import fact_classes
from policy_kg.nlp.facts import Budget, DocumentFacts, MineralUse, ProgrammeScope
from policy_kg.nlp.vocabulary import Vocabulary

from .small_corpus import (
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
    CM_SHARES,
    CM_TARGETS,
    CURRENT_FOCUS,
    JOGMEC_BUDGET,
    JOGMEC_FUND,
    JOGMEC_STOCKPILE,
    LITHIUM_TARGET,
    PM,
    PM_META,
    PM_RANGE,
    PM_TARGETS,
    PM_THRESHOLD,
    SMALL_CORPUS,
    evidence,
    mention,
)
from .triples import (
    decimal,
    fact_triples,
    gyear,
    only,
    provenance,
    quantity,
)


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


URANIUM_SCOPE = ProgrammeScope(
    CM,
    "取組の対象範囲",
    "current_focus",
    ("uranium",),
    CURRENT_FOCUS.conditions,
    CURRENT_FOCUS.evidence,
)


def test_the_programme_scope_is_a_fact_per_mineral_and_makes_no_measure(
    vocabulary: Vocabulary,
) -> None:
    focus = CURRENT_FOCUS
    facts = DocumentFacts(CM, programme_scopes=(URANIUM_SCOPE,))
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


# what the small corpus's note says uranium is used for (its sentence is the quote)
URANIUM_USE = MineralUse(
    CM, ("uranium",), "原子力に利用される", evidence(CM_FOCUS, CM_FOCUS.text.split("¹⁹")[0])
)


def test_a_mineral_use_is_a_fact_per_mineral_with_the_use_as_written(
    vocabulary: Vocabulary,
) -> None:
    graph = fact_triples(vocabulary, DocumentFacts(CM, mineral_uses=(URANIUM_USE,)))
    fact = only(graph, PKG.MineralUse)
    quote = URANIUM_USE.evidence.quote
    expected = provenance(graph, fact, PKG.MineralUse, (CM_FOCUS, quote)) | {
        (fact, PKG.usedMineral, mineral_iri("uranium")),
        (fact, PKG.useDescription, Literal("原子力に利用される", lang="ja")),
    }
    assert set(graph) == expected


def test_an_unreadable_control_date_is_an_error_naming_the_document(
    vocabulary: Vocabulary,
) -> None:
    bad = replace(CM_GALLIUM_CONTROL, date="2023-13")
    with pytest.raises(GraphBuildError, match=f"{CM}.*2023-13"):
        fact_triples(vocabulary, DocumentFacts(CM, export_controls=(bad,)))


# --- dispatch: one writer per record type ---


def test_each_record_gets_only_the_classes_its_writer_declares(
    vocabulary: Vocabulary, ontology: Graph
) -> None:
    """Every record of the small corpus (and a programme scope and a mineral use, which it
    lacks), written alone."""
    scope = DocumentInput(
        CM_META,
        CM_PASSAGES,
        DocumentFacts(CM, programme_scopes=(URANIUM_SCOPE,), mineral_uses=(URANIUM_USE,)),
    )
    facts = fact_classes(ontology)
    used: set[URIRef] = set()
    for document in (*SMALL_CORPUS, scope):
        for record in document.facts.records():
            graph = Graph()
            write_fact(FactWriter(graph, document, vocabulary), record)
            classes = {cls for cls in graph.objects(None, RDF.type) if cls in facts}
            assert classes and classes <= set(WRITERS[type(record)].classes), record
            used |= classes
    assert used == {cls for writer in WRITERS.values() for cls in writer.classes}


@dataclass(frozen=True)
class Stockpile:
    """A record type no writer is registered for."""

    days: int


def test_a_record_without_a_writer_is_an_error_naming_its_type(vocabulary: Vocabulary) -> None:
    document = SMALL_CORPUS[0]
    writer = FactWriter(Graph(), document, vocabulary)
    with pytest.raises(
        GraphBuildError, match=f"{document.meta.doc_id}: no graph writer for Stockpile"
    ):
        write_fact(writer, Stockpile(60))


def test_a_second_writer_for_a_record_type_is_refused() -> None:
    with pytest.raises(ValueError, match="Budget has two graph writers"):
        writes(Budget, PKG.Budget)(lambda writer, budget: None)
