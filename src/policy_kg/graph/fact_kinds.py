"""One graph writer per kind of fact record, found by the record's type.

A writer is registered once, with the record type it writes and the ontology classes (under
pkg:Fact) its facts get: `@writes(facts.Budget, PKG.Budget)`. `write_fact` dispatches on the
record's type, so a document's facts are written by one loop over `DocumentFacts.records()`;
a record with no writer is a `GraphBuildError` naming its type, and tests/nlp/test_fact_kinds.py
checks that every kind the extractors register has a writer here and that its classes are fact
classes of the ontology with a Japanese label (what the Explore tab shows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rdflib import Literal, URIRef

from policy_kg.corpus.dates import fiscal_year
from policy_kg.graph.fact_writer import FactWriter
from policy_kg.graph.literals import date_literal, ja, year_literal
from policy_kg.graph.model import GraphBuildError
from policy_kg.graph.namespaces import ELI, PKG, measure_iri, passage_iri_from_id
from policy_kg.nlp import facts
from policy_kg.nlp.quantity import Quantity

# The role the extractor (nlp.extract.agencies) gives the agency that runs a policy's support
# business and fund (〈…を行う法人〉として X を選定); it becomes a pkg:SupportAgencyDesignation.
SUPPORT_AGENCY_ROLE = "安定供給確保支援業務を行う法人"

SCOPES = {"legal_scope": PKG.LegalScope, "current_focus": PKG.CurrentFocus}
STAGES = {
    "import": PKG.ImportStage,
    "mining": PKG.MiningStage,
    "refining": PKG.RefiningStage,
    "production": PKG.ProductionStage,
    "reserves": PKG.ReservesStage,
}

Record = TypeVar("Record")
Writer = Callable[[FactWriter, Record], None]


@dataclass(frozen=True)
class KindWriter:
    """How one record type becomes triples: `write`, giving its facts one of `classes`."""

    record: type
    classes: tuple[URIRef, ...]
    write: Callable[[FactWriter, Any], None]


WRITERS: dict[type, KindWriter] = {}


def writes(record: type[Record], *classes: URIRef) -> Callable[[Writer[Record]], Writer[Record]]:
    """Register the decorated function as the writer of `record`, whose facts get `classes`."""

    def register(write: Writer[Record]) -> Writer[Record]:
        if record in WRITERS:
            raise ValueError(f"{record.__name__} has two graph writers")
        WRITERS[record] = KindWriter(record, classes, write)
        return write

    return register


def write_fact(writer: FactWriter, record: object) -> None:
    """Write `record` with the writer registered for its type."""
    kind = WRITERS.get(type(record))
    if kind is None:
        raise GraphBuildError(
            f"{writer.doc_id}: no graph writer for {type(record).__name__} facts "
            "(register one with @writes in graph/fact_kinds.py)"
        )
    kind.write(writer, record)


@writes(facts.Mention, PKG.Mention)
def write_mention(writer: FactWriter, mention: facts.Mention) -> None:
    entity = writer.entity(mention.entity_type, mention.key)
    fact = writer.fact(PKG.Mention, mention, [mention.evidence])
    writer.graph.add((fact, PKG.mentionedEntity, entity))
    passage = passage_iri_from_id(mention.evidence.passage_id)
    writer.graph.add((passage, ELI.is_about, entity))


@writes(facts.MeasureCoverage, PKG.MeasureCoverage)
def write_coverage(writer: FactWriter, coverage: facts.MeasureCoverage) -> None:
    """One fact per mineral (or product): measure × subject × scope × revision."""
    subjects = [(PKG.coveredMineral, writer.mineral(key), key) for key in coverage.minerals]
    subjects += [(PKG.coveredProduct, writer.product(name), name) for name in coverage.products]
    for predicate, subject, key in subjects:
        conditions = [c for c in coverage.conditions if key in c.minerals]
        evidence = [coverage.evidence, *(c.evidence for c in conditions)]
        fact = writer.fact(PKG.MeasureCoverage, (coverage, key), evidence)
        writer.graph.add((fact, PKG.coverageMeasure, measure_iri(coverage.measure)))
        writer.graph.add((fact, predicate, subject))
        writer.graph.add((fact, PKG.coverageScope, SCOPES[coverage.scope]))
        for condition in conditions:
            writer.graph.add((fact, PKG.coverageCondition, ja(condition.text)))


@writes(facts.ProgrammeScope, PKG.ProgrammeScope)
def write_programme_scope(writer: FactWriter, scope: facts.ProgrammeScope) -> None:
    """One fact per mineral: the programme's scope × mineral × sense × revision."""
    for key in scope.minerals:
        conditions = [c for c in scope.conditions if key in c.minerals]
        evidence = [scope.evidence, *(c.evidence for c in conditions)]
        fact = writer.fact(PKG.ProgrammeScope, (scope, key), evidence)
        writer.graph.add((fact, PKG.coveredMineral, writer.mineral(key)))
        writer.graph.add((fact, PKG.coverageScope, SCOPES[scope.scope]))
        writer.graph.add((fact, PKG.scopeHeading, ja(scope.heading)))
        for condition in conditions:
            writer.graph.add((fact, PKG.coverageCondition, ja(condition.text)))


@writes(facts.Target, PKG.Target)
def write_target(writer: FactWriter, target: facts.Target) -> None:
    graph = writer.graph
    fact = writer.fact(PKG.Target, target, [target.evidence])
    if target.subject_is_mineral:
        graph.add((fact, PKG.targetMineral, writer.mineral(target.subject)))
    elif target.subject:  # a target may name no subject (30%以上削減)
        graph.add((fact, PKG.targetProduct, writer.product(target.subject)))
    writer.quantity(fact, target.quantity, target.as_written)
    graph.add((fact, PKG.targetKind, Literal(target.kind)))
    graph.add((fact, PKG.isApproximate, Literal(target.approximate)))
    if target.kind == "capacity_threshold":
        graph.add((fact, PKG.comparator, PKG.AtLeast))
    if target.year is not None:
        graph.add((fact, PKG.targetYear, year_literal(target.year)))
    if target.baseline_year is not None:
        graph.add((fact, PKG.baselineYear, year_literal(target.baseline_year)))


@writes(facts.AgencyRole, PKG.SupportAgencyDesignation, PKG.AgencyRole)
def write_agency_role(writer: FactWriter, role: facts.AgencyRole) -> None:
    agency = writer.agency(role.agency)
    if role.role == SUPPORT_AGENCY_ROLE:
        fact = writer.fact(PKG.SupportAgencyDesignation, role, [role.evidence])
        writer.graph.add((fact, PKG.designatedAgency, agency))
    else:
        fact = writer.fact(PKG.AgencyRole, role, [role.evidence])
        writer.graph.add((fact, PKG.roleAgency, agency))
        writer.graph.add((fact, PKG.roleDescription, ja(role.role)))


@writes(facts.ExportControl, PKG.ExportControl)
def write_export_control(writer: FactWriter, control: facts.ExportControl) -> None:
    graph = writer.graph
    try:
        date = date_literal(control.date)
    except GraphBuildError as error:
        raise GraphBuildError(f"{writer.doc_id}: {control!r}: {error}") from None
    fact = writer.fact(PKG.ExportControl, control, [control.evidence])
    graph.add((fact, PKG.issuingCountry, writer.area(control.country)))
    graph.add((fact, PKG.controlDate, date))
    for key in control.minerals:
        graph.add((fact, PKG.controlledMineral, writer.mineral(key)))
    if control.legal_basis:
        graph.add((fact, PKG.legalBasis, ja(control.legal_basis)))


@writes(facts.SupplyShare, PKG.SupplyShare)
def write_supply_share(writer: FactWriter, share: facts.SupplyShare) -> None:
    graph = writer.graph
    fact = writer.fact(PKG.SupplyShare, share, [share.evidence])
    graph.add((fact, PKG.shareMineral, writer.mineral(share.mineral)))
    graph.add((fact, PKG.shareHolder, writer.area(share.country)))
    graph.add((fact, PKG.supplyStage, STAGES[share.stage]))
    writer.quantity(fact, Quantity(value=share.share, unit="%"), share.as_written)
    if share.year is not None:
        graph.add((fact, PKG.referenceYear, year_literal(share.year)))


@writes(facts.Budget, PKG.Budget)
def write_budget(writer: FactWriter, budget: facts.Budget) -> None:
    graph = writer.graph
    fact = writer.fact(PKG.Budget, budget, [budget.evidence])
    writer.quantity(fact, Quantity(value=budget.amount, unit=budget.unit))
    graph.add((fact, PKG.budgetProgramme, ja(budget.programme)))
    if budget.fiscal_year:
        year, category = fiscal_year(budget.fiscal_year)
        if year is not None:
            graph.add((fact, PKG.fiscalYear, year_literal(year)))
        if category:
            graph.add((fact, PKG.budgetCategory, ja(category)))


@writes(facts.MineralUse, PKG.MineralUse)
def write_mineral_use(writer: FactWriter, use: facts.MineralUse) -> None:
    """One fact per mineral: the mineral × the use stated for it × revision."""
    for key in use.minerals:
        fact = writer.fact(PKG.MineralUse, (use, key), [use.evidence])
        writer.graph.add((fact, PKG.usedMineral, writer.mineral(key)))
        writer.graph.add((fact, PKG.useDescription, ja(use.use)))
