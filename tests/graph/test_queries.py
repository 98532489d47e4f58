"""The typed queries and the ontology README's SPARQL examples, on the small hand-made corpus
built into an Oxigraph store."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from policy_kg.corpus.model import DocumentMeta, KnownRevision
from policy_kg.graph import queries
from policy_kg.graph.build import document_graph
from policy_kg.graph.catalogue import catalogue_graph
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import (
    agency_iri,
    country_iri,
    measure_iri,
    mineral_iri,
    product_iri,
    series_iri,
)
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.quantity import Quantity
from policy_kg.nlp.vocabulary import Vocabulary

from .small_corpus import (
    CM,
    CM_CHINA,
    CM_FOCUS,
    CM_FOOTNOTE,
    CM_FUND,
    CM_SCOPE,
    MS,
    MS_LIST,
    PM,
    RM,
    RM_BODY,
    meta,
)

README = Path(__file__).resolve().parents[2] / "ontology" / "README.md"
GALLIUM = str(mineral_iri("gallium"))
URANIUM = str(mineral_iri("uranium"))


def _readme_query(name: str) -> str:
    blocks = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    (query,) = [q for q in blocks if q.startswith(f"# query: {name}\n")]
    return query


def _rows(store: Dataset, name: str) -> list[tuple[object, ...]]:
    return [
        tuple(None if v is None else v.toPython() for v in row)
        for row in store.query(_readme_query(name))
    ]


# --- the README's example queries ---


def test_readme_minerals_covered_by_the_smelting_measure(small_store: Dataset) -> None:
    condition = "国際的な供給不足の蓋然性が解消されるまでの間"
    assert _rows(small_store, "minerals covered by 製錬等事業支援") == [
        ("ウラン", "CurrentFocus", condition),
        ("ウラン", "LegalScope", None),
        ("ガリウム", "CurrentFocus", None),
        ("ガリウム", "LegalScope", None),
        ("リチウム", "CurrentFocus", None),
        ("リチウム", "LegalScope", None),
        ("リン", "LegalScope", None),
        ("レアアース", "LegalScope", None),
    ]


def test_readme_2030_targets_with_their_quotes(small_store: Dataset) -> None:
    assert _rows(small_store, "2030 targets with their quotes") == [
        ("ニッケル", Decimal("90000"), "トン／年", True, "ニッケル約9万トン／年"),
        ("ネオジム磁石", Decimal("2"), "倍", False, "2030年までにリサイクル能力を2020年比で倍増"),
        ("リチウム", Decimal("100000"), "トン／年", True, "リチウム約10万トン／年"),
        ("原子力発電", None, "%", False, "発電電力量の20-22%"),
    ]


def test_readme_documents_mentioning_gallium_oldest_first(small_store: Dataset) -> None:
    assert _rows(small_store, "documents mentioning ガリウム, oldest first") == [
        (RM, "2011-12", 1),
        (MS, "2026-02-19", 1),
        (CM, "2026-03-30", 3),
    ]


def test_readme_revisions_without_text(small_store: Dataset) -> None:
    assert _rows(small_store, "revisions without text") == [
        ("critical-minerals-policy", "2023-01-19", "令和5年1月19日"),
        ("critical-minerals-policy", "2024-03-29", "令和6年3月29日改定"),
        ("critical-minerals-policy", "2025-06-19", "令和7年6月19日改定"),
        ("permanent-magnets-policy", "2023-01-19", "令和5年1月19日"),
    ]


def test_readme_revision_that_first_names_gallium(small_store: Dataset) -> None:
    assert _rows(small_store, "revision that first names ガリウム") == [(RM, "2011-12")]


def test_readme_quote_behind_every_fact_sits_in_its_passage(small_store: Dataset) -> None:
    rows = list(small_store.query(_readme_query("quotes behind every fact")))
    facts = {row.fact for row in rows}
    typed = {
        row.fact
        for row in small_store.query(
            "SELECT ?fact WHERE { ?fact a ?kind . ?kind rdfs:subClassOf pkg:Fact }"
        )
    }
    assert facts == typed
    texts = {
        str(row.id): str(row.text)
        for row in small_store.query(
            "SELECT ?id ?text WHERE { ?p a pkg:Passage ; dcterms:identifier ?id ; "
            "pkg:passageText ?text }"
        )
    }
    sections = {CM_CHINA.section_path, CM_FOCUS.section_path}
    assert sections <= {str(row.section) for row in rows}
    for row in rows:
        passage_texts = [t for pid, t in texts.items() if pid.startswith(f"{row.docId}#")]
        assert any(t[int(row.start) : int(row.end)] == str(row.quote) for t in passage_texts)


# --- revisions ---


def test_revisions_of_a_series_with_and_without_text_oldest_first(small_store: Dataset) -> None:
    found = queries.revisions(small_store, "critical-minerals-policy")
    assert [(r.revision, r.has_text) for r in found] == [
        ("2023-01-19", False),
        ("2024-03-29", False),
        ("2025-06-19", False),
        ("2026-03-30", True),
    ]
    assert found[-1].doc_id == CM
    assert found[-1].status == "final"
    assert found[1].labels == ("令和6年3月29日改定",)
    missing = queries.revisions_without_text(small_store, "permanent-magnets-policy")
    assert [(r.revision, r.doc_id) for r in missing] == [("2023-01-19", None)]


def _catalogue_and_documents(metas: list[DocumentMeta], vocabulary: Vocabulary) -> Graph:
    """Series, revisions and documents (no passages) of `metas`, in an rdflib memory graph."""
    documents = [DocumentInput(m, (), DocumentFacts(m.doc_id)) for m in metas]
    graph = catalogue_graph(documents, vocabulary)
    for document in documents:
        graph += document_graph(document, vocabulary)
    return graph


def test_revisions_order_by_partial_dates(vocabulary: Vocabulary) -> None:
    known = (KnownRevision("2025-06", "x"),)
    metas = [
        meta("s@2025-06-19", "t", "2025-06-19", "2025年6月19日"),
        meta("s@2025-draft", "t", "2025", "2025年", status="draft"),
        meta("s@2024-12", "t", "2024-12", "2024年12月", known_revisions=known),
    ]
    found = queries.revisions(_catalogue_and_documents(metas, vocabulary), "s")
    assert [(r.revision, r.status, r.doc_id) for r in found] == [
        ("2024-12", "final", "s@2024-12"),
        ("2025", "draft", "s@2025-draft"),
        ("2025-06", None, None),
        ("2025-06-19", "final", "s@2025-06-19"),
    ]


def test_revisions_of_an_unknown_series_are_none(small_store: Dataset) -> None:
    assert queries.revisions(small_store, "no-such-series") == ()


# --- documents naming a mineral ---


def test_documents_naming_gallium_oldest_first_with_their_quotes(small_store: Dataset) -> None:
    found = queries.documents_naming(small_store, GALLIUM)
    assert [(d.doc_id, d.revision) for d in found] == [
        (RM, "2011-12"),
        (MS, "2026-02-19"),
        (CM, "2026-03-30"),
    ]
    assert [q.passage_id for q in found[0].quotes] == [RM_BODY.passage_id]
    assert [q.passage_id for q in found[2].quotes] == [
        CM_SCOPE.passage_id,
        CM_FOCUS.passage_id,
        CM_CHINA.passage_id,
    ]
    quote = found[1].quotes[0]
    assert (quote.quote, quote.section, quote.doc_id) == ("ガリウム", MS_LIST.section_path, MS)
    assert MS_LIST.text[quote.start : quote.end] == "ガリウム"


def test_documents_naming_a_mineral_nobody_names(small_store: Dataset) -> None:
    assert queries.documents_naming(small_store, str(mineral_iri("neodymium"))) == ()


# --- coverage ---


def test_measures_covering_uranium_in_both_senses_with_the_footnote(small_store: Dataset) -> None:
    found = queries.measures_covering(small_store, URANIUM, CM)
    assert [(c.measure, c.scope, c.conditions) for c in found] == [
        ("製錬等事業支援", "current_focus", ("国際的な供給不足の蓋然性が解消されるまでの間",)),
        ("製錬等事業支援", "legal_scope", ()),
    ]
    focus = found[0]
    assert focus.measure_iri == str(measure_iri("製錬等事業支援"))
    assert [q.passage_id for q in focus.quotes] == [CM_FOCUS.passage_id, CM_FOOTNOTE.passage_id]
    assert queries.measures_covering(small_store, URANIUM, MS) == ()


def test_a_mineral_is_covered_through_its_group_only_when_asked(small_store: Dataset) -> None:
    neodymium = str(mineral_iri("neodymium"))
    assert queries.measures_covering(small_store, neodymium, CM) == ()
    (via_group,) = queries.measures_covering(small_store, neodymium, CM, include_groups=True)
    assert (via_group.subject_iri, via_group.scope) == (
        str(mineral_iri("rare-earths")),
        "legal_scope",
    )


def test_minerals_of_a_measure(small_store: Dataset) -> None:
    found = queries.minerals_of_measure(small_store, "製錬等事業支援")
    assert {(c.subject, c.scope) for c in found} == {
        ("リチウム", "legal_scope"),
        ("ガリウム", "legal_scope"),
        ("レアアース", "legal_scope"),
        ("リン", "legal_scope"),
        ("ウラン", "legal_scope"),
        ("リチウム", "current_focus"),
        ("ガリウム", "current_focus"),
        ("ウラン", "current_focus"),
    }
    products = queries.minerals_of_measure(small_store, "永久磁石製造設備の能力増強", PM)
    assert {(c.subject_iri, c.subject) for c in products} == {
        (str(product_iri("ネオジム磁石")), "ネオジム磁石"),
        (str(product_iri("サマリウムコバルト磁石")), "サマリウムコバルト磁石"),
    }


# --- targets ---


def test_targets_for_lithium(small_store: Dataset) -> None:
    (target,) = queries.targets_for(small_store, str(mineral_iri("lithium")), CM)
    quantity = target.quantity
    assert (quantity.value, quantity.unit, target.year, target.approximate, target.kind) == (
        Decimal("100000"),
        "トン／年",
        2030,
        True,
        "supply_target",
    )
    assert [q.quote for q in target.quotes] == ["リチウム約10万トン／年"]
    assert queries.targets_for(small_store, str(mineral_iri("lithium")), PM) == ()


def test_product_targets_ranges_and_baselines(small_store: Dataset) -> None:
    found = queries.targets(small_store, doc_id=PM)
    assert [(t.subject, t.kind) for t in found] == [
        ("ネオジム磁石", "other"),
        ("ネオジム磁石", "capacity_threshold"),
        ("原子力発電", "share"),
    ]
    doubling, threshold, share = found
    assert (doubling.quantity.value, doubling.quantity.unit, doubling.baseline_year) == (
        Decimal(2),
        "倍",
        2020,
    )
    assert (threshold.quantity.value, threshold.year) == (Decimal(100), None)
    assert share.quantity == Quantity(minimum=Decimal(20), maximum=Decimal(22), unit="%")


def test_a_target_without_subject_is_listed_but_matches_no_subject(small_store: Dataset) -> None:
    (target,) = queries.targets(small_store, doc_id=RM)
    assert (target.subject_iri, target.subject, target.quantity.value, target.kind) == (
        None,
        None,
        Decimal(30),
        "reduction",
    )
    assert [t.doc_id for t in queries.targets(small_store)].count(RM) == 1
    assert queries.targets(small_store, subject_iri=str(mineral_iri("gallium"))) == ()


# --- agencies, export controls ---


def test_support_agency(small_store: Dataset) -> None:
    found = queries.support_agency(small_store, CM)
    assert found is not None
    assert (found.agency_iri, found.agency) == (
        str(agency_iri("jogmec")),
        "独立行政法人エネルギー・金属鉱物資源機構",
    )
    assert [(q.passage_id, q.quote) for q in found.quotes] == [
        (CM_FUND.passage_id, "法人としてJOGMECを選定する")
    ]
    assert queries.support_agency(small_store, PM) is None


def test_support_agencies_reads_every_document_at_once(small_store: Dataset) -> None:
    assert queries.support_agencies(small_store) == {CM: queries.support_agency(small_store, CM)}


def test_export_controls_from_both_sources(small_store: Dataset) -> None:
    found = queries.export_controls(small_store)
    assert [(c.doc_id, c.date, c.legal_basis) for c in found] == [
        (CM, "2023-08", "中国商務部・海関総署公告 2023年第23号"),
        (MS, "2023-08", None),
    ]
    for control in found:
        assert control.country.iri == str(country_iri("cn"))
        assert [m.label for m in control.minerals] == ["ガリウム", "ゲルマニウム"]
    assert found[1].quotes[0].quote == "2023年 8月 ガリウム、ゲルマニウム"


def test_export_controls_on_one_mineral_keep_every_mineral_they_name(small_store: Dataset):
    assert queries.export_controls(small_store, GALLIUM) == queries.export_controls(small_store)
    assert queries.export_controls(small_store, URANIUM) == ()


# --- entity pages ---


def test_entity_page_of_an_agency(small_store: Dataset) -> None:
    page = queries.entity_facts(small_store, str(agency_iri("jogmec")))
    assert page.labels[0] == "独立行政法人エネルギー・金属鉱物資源機構"
    assert "https://w3id.org/policy-kg/ontology#Agency" in page.types
    assert {(f.kind, f.predicate.rpartition("#")[2]) for f in page.facts} == {
        ("SupportAgencyDesignation", "designatedAgency"),
        ("AgencyRole", "roleAgency"),
    }
    assert all(f.quotes for f in page.facts)
    assert page.mentions == 1
    jurisdiction = [link for link in page.links if link.predicate.endswith("#jurisdiction")]
    assert [(link.node, link.outgoing) for link in jurisdiction] == [(str(country_iri("jp")), True)]


def test_entity_page_of_a_measure_lists_its_coverages_and_series(small_store: Dataset) -> None:
    page = queries.entity_facts(small_store, str(measure_iri("製錬等事業支援")))
    assert page.labels == ("製錬等事業支援", "support for smelting and refining projects")
    assert len(page.facts) == 8
    assert {f.kind for f in page.facts} == {"MeasureCoverage"}
    assert [link.node for link in page.links] == [str(series_iri("critical-minerals-policy"))]
    assert page.mentions == 0


@pytest.mark.parametrize("revision", [None, "2025", "2025-06", "2025-06-19"])
def test_date_order_puts_partial_dates_at_their_earliest_day(revision: str | None) -> None:
    order = [queries.date_order(r) for r in ("2025", "2025-06", "2025-06-19", None)]
    assert order == sorted(order)
    assert queries.date_order(revision) in order
