"""The records the typed queries return: small frozen dataclasses, one per kind of answer,
so the later stages (trace, diff, ask, UI) never handle SPARQL rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policy_kg.nlp.quantity import Quantity

Scope = Literal["legal_scope", "current_focus"]


def normalised_quantity(quantity: Quantity, approximate: bool) -> str:
    """約100000トン／年, 20-22%: a value, or the range from minimum to maximum."""
    return f"{'約' if approximate else ''}{quantity.plain}{quantity.unit}"


def shown_quantity(written: str | None, normalised: str) -> str:
    """A number as the text writes it with the normalised value beside it (約10万トン／年
    （約100000トン／年）); the normalised value alone only when no written form is stored, and
    once when both read the same (50%)."""
    if not written or written.replace(" ", "") == normalised:
        return normalised
    return f"{written}（{normalised}）"


@dataclass(frozen=True)
class QuoteRef:
    """A verbatim quote in a passage: what a citation needs."""

    passage_id: str
    doc_id: str
    revision: str | None
    section: str
    quote: str
    start: int  # offsets in the passage text
    end: int
    reading_order: int


@dataclass(frozen=True)
class RevisionRecord:
    """A dated revision of a series; `doc_id` is None when its text is not in the corpus."""

    iri: str
    series: str
    revision: str | None  # ISO, possibly partial
    labels: tuple[str, ...]
    status: str | None
    doc_id: str | None

    @property
    def has_text(self) -> bool:
        return self.doc_id is not None


@dataclass(frozen=True)
class DocumentNaming:
    """A document that names an entity, with the passages (and quotes) that do."""

    doc_id: str
    series: str
    revision: str | None
    status: str | None
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class Coverage:
    """One measure-coverage fact: a measure covers a mineral (or product) in one sense."""

    fact: str
    doc_id: str
    measure_iri: str
    measure: str
    subject_iri: str
    subject: str
    scope: Scope
    conditions: tuple[str, ...]
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class TargetRecord:
    """A numeric target: its `quantity` a number or a range, as the nlp stage extracted it. A
    target may name no subject (現状から30%以上削減): `subject_iri` and `subject` are None then."""

    fact: str
    doc_id: str
    subject_iri: str | None
    subject: str | None
    quantity: Quantity
    year: int | None
    baseline_year: int | None
    approximate: bool
    kind: str
    quotes: tuple[QuoteRef, ...]
    written: str | None = None  # as the text writes it: 約10万トン／年

    @property
    def amount(self) -> str:
        """The normalised quantity: 約100000トン／年, 20-22%."""
        return normalised_quantity(self.quantity, self.approximate)

    @property
    def shown(self) -> str:
        """As written, the normalised value beside it: 約10万トン／年（約100000トン／年）."""
        return shown_quantity(self.written, self.amount)

    @property
    def summary(self) -> str:
        """The amount as written and normalised, with its target year:
        約10万トン／年（約100000トン／年） (2030)."""
        return f"{self.shown} ({self.year})" if self.year else self.shown


@dataclass(frozen=True)
class ScopeRecord:
    """One programme-scope fact: the programme (not a measure) covers a mineral in one sense,
    under the heading `heading` (取組の対象範囲)."""

    fact: str
    doc_id: str
    heading: str
    subject_iri: str
    subject: str
    scope: Scope
    conditions: tuple[str, ...]
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class AgencyRecord:
    """The agency a document designates to run its support business and fund."""

    doc_id: str
    agency_iri: str
    agency: str
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class Named:
    iri: str
    label: str


@dataclass(frozen=True)
class ExportControlRecord:
    fact: str
    doc_id: str
    country: Named
    date: str  # ISO, possibly partial, as the source states it
    minerals: tuple[Named, ...]
    legal_basis: str | None
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class MineralUseRecord:
    """A use a revision states for a mineral, as written, with the sentence stating it."""

    fact: str
    mineral: str  # its Japanese label
    use: str
    quotes: tuple[QuoteRef, ...]


@dataclass(frozen=True)
class Link:
    """An edge between the entity and another non-fact node; `outgoing` from the entity."""

    predicate: str
    node: str
    label: str | None
    outgoing: bool


@dataclass(frozen=True)
class FactPart:
    """One more statement of a fact: another entity it is about (`entity`, an IRI with its
    Japanese `label` when it has one), or a value (a year, a date, a quantity as 100000トン／年)."""

    predicate: str
    value: str
    label: str | None
    entity: bool


@dataclass(frozen=True)
class FactRef:
    """A fact that involves the entity (through `predicate`), with its quotes and the rest of
    what it states (`parts`: the mineral, measure, country, year ... besides the entity)."""

    fact: str
    kind: str  # local name of its class, e.g. Target, MeasureCoverage
    predicate: str
    doc_id: str
    quotes: tuple[QuoteRef, ...]
    parts: tuple[FactPart, ...] = ()
    quantity: str | None = None  # a fact with a number: as written, the normalised value beside


@dataclass(frozen=True)
class EntityPage:
    iri: str
    labels: tuple[str, ...]
    types: tuple[str, ...]
    links: tuple[Link, ...]
    facts: tuple[FactRef, ...]
    mentions: int  # how many passages' mentions name it
    # the Japanese labels (rdfs:label @ja of ontology/policy-kg.ttl) of the classes and
    # properties the page names: its types, its links' and facts' predicates, fact kinds
    terms: tuple[Named, ...] = ()
