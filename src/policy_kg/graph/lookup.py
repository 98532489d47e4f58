"""Typed queries the question router needs beyond `queries.py`: supply shares and budgets.

Same conventions as `queries.py` (frozen records, quotes by the one provenance pattern,
values bound as terms, OPTIONAL blocks last).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, URIRef

from policy_kg.graph.queries import QuoteRef, quotes_of, select

# how a reader names each supply stage (the local names of the ontology's stage classes)
STAGE_NAMES = {
    "ImportStage": "輸入",
    "MiningStage": "採掘",
    "RefiningStage": "製錬",
    "ProductionStage": "生産",
    "ReservesStage": "埋蔵量",
}


@dataclass(frozen=True)
class SupplyShareRecord:
    """A country's share of a mineral's supply at one stage (import, mining, refining …)."""

    fact: str
    doc_id: str
    mineral_iri: str
    mineral: str
    holder_iri: str
    holder: str
    share: Decimal  # percent
    stage: str  # local name: ImportStage, MiningStage, …
    year: int | None
    quotes: tuple[QuoteRef, ...]
    written: str | None = None  # as the text writes it: 約55%

    @property
    def stage_name(self) -> str:
        """The stage as a reader names it: 輸入, 採掘, 製錬 …"""
        return STAGE_NAMES.get(self.stage, self.stage)


@dataclass(frozen=True)
class BudgetRecord:
    fact: str
    doc_id: str
    programme: str
    amount: Decimal
    unit: str
    fiscal_year: int | None
    category: str | None
    quotes: tuple[QuoteRef, ...]

    @property
    def amount_text(self) -> str:
        """The amount as a reader writes it: 1,100億円, 4.8億円."""
        return f"{self.amount:,}{self.unit}"


def supply_shares(graph: Graph, mineral_iri: str | None = None) -> tuple[SupplyShareRecord, ...]:
    """The supply shares stated for one mineral (for every mineral when none is given), largest
    share first. The question route reads every mineral's ahead of its first question: at 100
    copies of the seeds, reading one mineral's took about 0.4 s of such a question."""
    rows = select(
        graph,
        """SELECT ?fact ?docId ?mineral ?mineralLabel ?holder ?holderLabel ?share ?stage ?year
       ?written
WHERE {
  ?fact a pkg:SupplyShare ; pkg:shareMineral ?mineral ; pkg:shareHolder ?holder ;
        pkg:supplyStage ?stage ; pkg:hasQuantity/qudt:numericValue ?share ;
        pkg:statedIn/eli:is_realized_by/dcterms:identifier ?docId .
  ?mineral skos:prefLabel ?mineralLabel . FILTER (LANG(?mineralLabel) = "ja")
  ?holder skos:prefLabel ?holderLabel . FILTER (LANG(?holderLabel) = "ja")
  OPTIONAL { ?fact pkg:referenceYear ?year }
  OPTIONAL { ?fact pkg:hasQuantity/pkg:valueAsWritten ?written }
}""",
        **({"mineral": URIRef(mineral_iri)} if mineral_iri is not None else {}),
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    found = [
        SupplyShareRecord(
            fact=str(row.fact),
            doc_id=str(row.docId),
            mineral_iri=str(row.mineral),
            mineral=str(row.mineralLabel),
            holder_iri=str(row.holder),
            holder=str(row.holderLabel),
            share=Decimal(str(row.share)),
            stage=str(row.stage).rpartition("#")[2],
            year=None if row.year is None else int(str(row.year)),
            quotes=quotes[row.fact],
            written=None if row.written is None else str(row.written),
        )
        for row in rows
    ]
    return tuple(sorted(found, key=lambda s: (-s.share, s.doc_id, s.holder, s.fact)))


def budgets(graph: Graph) -> tuple[BudgetRecord, ...]:
    """Every budget figure, by document and reading order."""
    rows = select(
        graph,
        """SELECT ?fact ?docId ?programme ?amount ?unit ?year ?category WHERE {
  ?fact a pkg:Budget ; pkg:budgetProgramme ?programme ; pkg:hasQuantity ?quantity ;
        pkg:statedIn/eli:is_realized_by/dcterms:identifier ?docId .
  ?quantity qudt:numericValue ?amount ; pkg:unitText ?unit .
  OPTIONAL { ?fact pkg:fiscalYear ?year }
  OPTIONAL { ?fact pkg:budgetCategory ?category }
}""",
    )
    quotes = quotes_of(graph, (row.fact for row in rows))
    found = [
        BudgetRecord(
            fact=str(row.fact),
            doc_id=str(row.docId),
            programme=str(row.programme),
            amount=Decimal(str(row.amount)),
            unit=str(row.unit),
            fiscal_year=None if row.year is None else int(str(row.year)),
            category=None if row.category is None else str(row.category),
            quotes=quotes[row.fact],
        )
        for row in rows
    ]
    return tuple(sorted(found, key=_reading_order))


def _reading_order(budget: BudgetRecord) -> tuple[object, ...]:
    first = budget.quotes[0] if budget.quotes else None
    return (budget.doc_id, first.reading_order if first else 0, first.start if first else 0)


def measure_names(graph: Graph) -> tuple[str, ...]:
    """The names of every measure some coverage fact is stated for."""
    rows = select(
        graph,
        """SELECT DISTINCT ?label WHERE {
  ?fact a pkg:MeasureCoverage ; pkg:coverageMeasure ?measure .
  ?measure rdfs:label ?label . FILTER (LANG(?label) = "ja")
}""",
    )
    return tuple(sorted(str(row.label) for row in rows))
