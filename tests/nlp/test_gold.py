"""Extraction against the hand-checked gold (tests/graph/gold/extraction_gold.yaml).

Thresholds of issue #3: minerals per measure list of the critical-minerals policy with precision
and recall >= 0.95; every listed target exact in quantity, unit and year; the support agency of
each policy exact; China's export-control timeline exact (date and minerals) from both sources.
The scoring functions below are also used by bench/bench_extract.py, which prints the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.nlp.extract.quantities import find_quantities
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.vocabulary import default_vocabulary

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "graph" / "gold" / "extraction_gold.yaml"
CORPUS = REPO / "corpus"
CRITICAL = "critical-minerals-policy@2026-03-30"
MAGNETS = "permanent-magnets-policy@2025-draft"
FUND_OPERATOR = "安定供給確保支援業務を行う法人"

Facts = Mapping[str, DocumentFacts]


@dataclass(frozen=True)
class Score:
    matched: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def exact(self) -> bool:
        return self.matched == self.predicted == self.expected

    def __str__(self) -> str:
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  "
            f"({self.matched} matched / {self.predicted} extracted / {self.expected} gold)"
        )


def score(predicted: Iterable[Any], expected: Iterable[Any]) -> Score:
    """Multiset precision and recall."""
    p, e = Counter(predicted), Counter(expected)
    return Score(sum((p & e).values()), sum(p.values()), sum(e.values()))


@cache
def load_gold() -> dict[str, Any]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


def mineral(name: str) -> str:
    found = default_vocabulary().mineral(name)
    assert found is not None, f"gold mineral {name!r} is not in the vocabulary"
    return found.slug


def subject_key(subject: str) -> str:
    """A mineral's slug (NdPr -> ndpr), any other subject as written."""
    found = default_vocabulary().mineral(subject)
    return found.slug if found else subject


def agency(name: str) -> str | None:
    found = default_vocabulary().agency(name)
    return found.slug if found else None


def country(name: str) -> str:
    found = default_vocabulary().country(name)
    assert found is not None, f"gold country {name!r} is not in the vocabulary"
    return found.code


# ---------------------------------------------------------------- scores


def measure_minerals(facts: Facts, document: str = CRITICAL) -> Score:
    expected = [
        (m["measure"], scope, mineral(name))
        for m in load_gold()["measure_minerals"]
        if m["document"] == document
        for scope in ("legal_scope", "current_focus")
        for name in m[scope] or ()
    ]
    found = facts[document]
    predicted = [(c.measure, c.scope, k) for c in found.coverages for k in c.minerals]
    # the gold's 取組の対象範囲 is the programme's scope, which is not a measure
    predicted += [(s.heading, s.scope, k) for s in found.programme_scopes for k in s.minerals]
    return score(predicted, expected)


def measure_products(facts: Facts, document: str = MAGNETS) -> Score:
    expected = [
        (m["measure"], name)
        for m in load_gold()["measure_minerals"]
        if m["document"] == document
        for name in m["legal_scope"]
    ]
    predicted = [(c.measure, p) for c in facts[document].coverages for p in c.products]
    return score(predicted, expected)


def _gold_targets() -> list[dict[str, Any]]:
    """The gold's targets with a year: one whose text states none is left out of the facts."""
    return [t for t in load_gold()["targets"] if t["year"] is not None]


def _gold_targets_without_year() -> list[dict[str, Any]]:
    return [t for t in load_gold()["targets"] if t["year"] is None]


def _extracted_targets(facts: Facts) -> list[tuple[str, Any]]:
    documents = {t["document"] for t in _gold_targets()}
    return [(d, t) for d in sorted(documents) for t in facts[d].targets]


def targets(facts: Facts) -> Score:
    """Quantity, unit and year exact (the subject too where the gold's is a mineral)."""

    def key(document: str, subject: str, quantity: Any, unit: str, year: Any) -> tuple:
        mineral_subject = subject if default_vocabulary().mineral(subject) else None
        return document, mineral_subject, str(quantity), unit, year

    expected = [
        key(t["document"], subject_key(t["subject"]), t["quantity"], t["unit"], t["year"])
        for t in _gold_targets()
    ]
    predicted = [
        key(d, t.subject, t.quantity.plain, t.quantity.unit, t.year)
        for d, t in _extracted_targets(facts)
    ]
    return score(predicted, expected)


def targets_in_full(facts: Facts) -> Score:
    """Also subject, baseline year, approximate and kind."""
    expected = [
        (
            t["document"], subject_key(t["subject"]), str(t["quantity"]), t["unit"], t["year"],
            t["baseline_year"], t["approximate"], t["kind"],
        )
        for t in _gold_targets()
    ]  # fmt: skip
    predicted = [
        (
            d, t.subject, t.quantity.plain, t.quantity.unit, t.year, t.baseline_year,
            t.approximate, t.kind,
        )
        for d, t in _extracted_targets(facts)
    ]  # fmt: skip
    return score(predicted, expected)


def targets_from_non_targets(facts: Facts, corpus_texts: Mapping[str, Mapping[str, str]]) -> list:
    """Extracted targets whose evidence overlaps a gold non-target and carries its number."""
    found = []
    for item in load_gold()["non_targets"]:
        values = {q.quantity.value for q in find_quantities(item["quote"])}
        for passage_id, text in corpus_texts[item["document"]].items():
            start = text.find(item["quote"])
            if start < 0:
                continue
            end = start + len(item["quote"])
            found += [
                (item["quote"], t)
                for t in facts[item["document"]].targets
                if t.evidence.passage_id == passage_id
                and t.evidence.start < end
                and start < t.evidence.end
                and t.quantity.value in values
            ]
    return found


def support_agencies(facts: Facts) -> Score:
    expected = [(a["document"], agency(a["agency"])) for a in load_gold()["support_agencies"]]
    predicted = [
        (d, r.agency) for d, f in facts.items() for r in f.agency_roles if r.role == FUND_OPERATOR
    ]
    return score(predicted, expected)


def agency_role_pairs(facts: Facts) -> Score:
    """(document, agency) pairs of the gold's other roles; the gold lists a sample, not all."""
    gold = load_gold()["agency_roles"]
    expected = {
        (r["document"], slug)
        for r in gold
        for name in r["agency"].split("・")
        if (slug := agency(name))
    }
    documents = {r["document"] for r in gold}
    predicted = {
        (d, r.agency) for d in documents for r in facts[d].agency_roles if r.role != FUND_OPERATOR
    }
    return score(predicted, expected)


def export_controls(facts: Facts, source: str) -> Score:
    timeline = load_gold()["export_controls"][source]
    expected = [
        (e["date"], frozenset(map(mineral, e["minerals_canonical"]))) for e in timeline["events"]
    ]
    predicted = [(c.date, frozenset(c.minerals)) for c in facts[timeline["source"]].export_controls]
    return score(predicted, expected)


def export_control_bases(facts: Facts) -> Score:
    """The 公告 number of each step of the critical-minerals policy, within its legal basis."""
    timeline = load_gold()["export_controls"]["critical_minerals_policy"]
    by_date = {c.date: c.legal_basis or "" for c in facts[timeline["source"]].export_controls}
    expected = [(e["date"], e["legal_basis"]["number"]) for e in timeline["events"]]
    predicted = [(d, n) for d, n in expected if n in by_date.get(d, "")]
    return Score(len(predicted), len(expected), len(expected))


def supply_shares(facts: Facts) -> Score:
    gold = load_gold()["supply_shares"]
    expected = [
        (
            s["document"], mineral(s["mineral"]),
            country(s["country"]) if isinstance(s["country"], str) else tuple(s["country"]),
            Decimal(str(s["share"])), s["stage"],
        )
        for s in gold
    ]  # fmt: skip
    documents = {s["document"] for s in gold}
    predicted = [
        (d, s.mineral, s.country, s.share, s.stage)
        for d in documents
        for s in facts[d].supply_shares
    ]
    return score(predicted, expected)


def gold_report(facts: Facts) -> dict[str, Score]:
    """Every figure, by name (what bench/bench_extract.py prints)."""
    return {
        "minerals per measure (critical-minerals policy)": measure_minerals(facts),
        "products per measure (permanent-magnets policy)": measure_products(facts),
        "targets: quantity, unit, year": targets(facts),
        "targets: + subject, baseline, approximate, kind": targets_in_full(facts),
        "support agencies": support_agencies(facts),
        "export controls, critical-minerals policy": export_controls(
            facts, "critical_minerals_policy"
        ),
        "export controls, materials-strategy slides": export_controls(
            facts, "materials_strategy_slides"
        ),
        "export-control legal bases (公告 numbers)": export_control_bases(facts),
        "supply shares": supply_shares(facts),
        "other agency roles (document, agency); gold a sample": agency_role_pairs(facts),
    }


def extract_corpus(extractor: FactExtractor) -> tuple[dict[str, DocumentFacts], dict]:
    """Facts of every corpus document, and each document's passage texts by id."""
    facts, texts = {}, {}
    for source in load_corpus(CORPUS).documents:
        parsed = parse_document(source)
        facts[parsed.meta.doc_id] = extract_document(parsed, extractor)
        texts[parsed.meta.doc_id] = {p.passage_id: p.text for p in parsed.passages}
    return facts, texts


# ---------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, DocumentFacts], dict]:
    extractor = FactExtractor.load(tmp_path_factory.mktemp("nlp-cache"), default_vocabulary())
    return extract_corpus(extractor)


@pytest.fixture(scope="module")
def facts(corpus) -> dict[str, DocumentFacts]:
    return corpus[0]


def test_minerals_per_measure_list_reach_the_thresholds(facts):
    result = measure_minerals(facts)
    assert result.precision >= 0.95 and result.recall >= 0.95, result


def test_product_lists_of_the_magnets_policy_are_exact(facts):
    assert measure_products(facts).exact, measure_products(facts)


def test_every_listed_target_is_found_with_exact_quantity_unit_and_year(facts):
    result = targets(facts)
    assert result.recall == 1.0, result
    assert result.precision >= 0.95, result


def test_no_target_whose_text_states_no_year_is_written(facts):
    left_out = _gold_targets_without_year()
    assert left_out  # the gold holds such targets (the magnets policy's thresholds)
    written = {(d, t.quantity.plain, t.quantity.unit) for d, f in facts.items() for t in f.targets}
    assert not {(t["document"], str(t["quantity"]), t["unit"]) for t in left_out} & written
    assert all(t.year is not None for f in facts.values() for t in f.targets)


def test_targets_carry_their_subject_baseline_and_kind(facts):
    result = targets_in_full(facts)
    assert result.recall >= 0.9, result


def test_no_forecast_or_period_is_taken_for_a_target(facts, corpus):
    assert targets_from_non_targets(facts, corpus[1]) == []


def test_the_support_agency_of_each_policy_is_exact(facts):
    assert support_agencies(facts).exact, support_agencies(facts)


@pytest.mark.parametrize("source", ["critical_minerals_policy", "materials_strategy_slides"])
def test_the_export_control_timeline_of_each_source_is_exact(facts, source):
    result = export_controls(facts, source)
    assert result.exact, result


def test_each_export_control_step_names_its_notice(facts):
    assert export_control_bases(facts).exact, export_control_bases(facts)


def test_supply_shares_are_mostly_right(facts):
    result = supply_shares(facts)
    assert result.precision >= 0.95 and result.recall >= 0.9, result
