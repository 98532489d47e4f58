"""Facts extracted from passages: the records the nlp stage hands to the graph stage.

Every fact carries its `Evidence`: the passage it came from and the verbatim quote (with
its offset in the passage text), which the graph keeps as PROV-O provenance and a Web
Annotation text selector, so any fact can show the words behind it.
Entities are referred to by their vocabulary key (the slug of a mineral, agency or
country, see `vocabulary.py`); measures by their name as written in the heading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Literal

from policy_kg.nlp.quantity import Quantity

EntityType = Literal["mineral", "agency", "country"]
CoverageScope = Literal["legal_scope", "current_focus"]
TargetKind = Literal["supply_target", "capacity_threshold", "reduction", "share", "other"]
SupplyStage = Literal["import", "mining", "refining", "production", "reserves"]


@dataclass(frozen=True)
class Evidence:
    passage_id: str
    quote: str  # verbatim substring of the passage text
    start: int  # offset of the quote in the passage text

    @property
    def end(self) -> int:
        return self.start + len(self.quote)


@dataclass(frozen=True)
class Mention:
    """A vocabulary entity named in a passage."""

    entity_type: EntityType
    key: str
    surface: str
    evidence: Evidence


@dataclass(frozen=True)
class Condition:
    """A condition attached to (part of) a measure's coverage, such as a footnote's proviso.

    `minerals` are the minerals the condition applies to (or, for a product qualifier, names);
    `products` the listed products it qualifies (重希土類フリー永久磁石（…に限る。）).
    """

    minerals: tuple[str, ...]
    text: str
    evidence: Evidence
    products: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureCoverage:
    """Which minerals (or products) a measure of a document covers, and in which sense.

    `legal_scope` is the list the measure is limited to (施策の対象となる品目 … に限る);
    `current_focus` the minerals it targets for now (当面の間 … を施策の対象とする).
    """

    doc_id: str
    measure: str
    scope: CoverageScope
    minerals: tuple[str, ...]
    products: tuple[str, ...]
    conditions: tuple[Condition, ...]
    evidence: Evidence


@dataclass(frozen=True)
class ProgrammeScope:
    """Which minerals the programme as a whole covers, in which sense: the section whose
    heading names the scope of every measure's projects (第3章第1節 「取組の対象範囲」). It is
    not a measure: it says what any project must concern, not what is done."""

    doc_id: str
    heading: str  # as written, without its enumerator
    scope: CoverageScope
    minerals: tuple[str, ...]
    conditions: tuple[Condition, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Target:
    """A numeric target or threshold: 約13,000トン／年 of NdPr by 2030, 年間 100 トン以上 …"""

    doc_id: str
    subject: str  # mineral key when the subject is a mineral, else the subject as written
    subject_is_mineral: bool
    quantity: Quantity  # a value (100000 トン／年) or a range (20-22 %), unit as written
    year: int | None
    baseline_year: int | None
    approximate: bool
    kind: TargetKind
    evidence: Evidence
    as_written: str = ""  # the number and unit as the text writes them: 約10万トン／年


@dataclass(frozen=True)
class AgencyRole:
    """An agency's role in a document, e.g. the body that runs its support fund."""

    doc_id: str
    agency: str
    role: str
    evidence: Evidence


@dataclass(frozen=True)
class ExportControl:
    """An export-control step: who, when (ISO, possibly partial), which minerals, on what basis."""

    doc_id: str
    country: str
    date: str
    date_label: str
    minerals: tuple[str, ...]
    legal_basis: str | None
    evidence: Evidence


@dataclass(frozen=True)
class SupplyShare:
    """A country's share of a mineral's supply at a stage (import, mining, refining …)."""

    doc_id: str
    mineral: str
    country: str
    share: Decimal  # percent
    stage: SupplyStage
    year: int | None
    evidence: Evidence
    as_written: str = ""  # the share as the text writes it: 約55%


@dataclass(frozen=True)
class Budget:
    doc_id: str
    programme: str
    amount: Decimal
    unit: str  # 億円, 兆円, 万円
    fiscal_year: str | None  # as written, e.g. 令和4年度第2次補正予算
    evidence: Evidence


@dataclass(frozen=True)
class MineralUse:
    """What a sentence says minerals are used for: レドックスフロー電池の原材料となるバナジウム
    (use レドックスフロー電池の原材料となる), ウランについては、原子力発電の燃料等に使用され
    (use 原子力発電の燃料等). The evidence quotes the whole sentence."""

    doc_id: str
    minerals: tuple[str, ...]  # mineral keys, as the sentence lists them
    use: str  # the words stating the use, as written
    evidence: Evidence


@dataclass(frozen=True)
class DocumentFacts:
    """Everything extracted from one document."""

    doc_id: str
    mentions: tuple[Mention, ...] = ()
    coverages: tuple[MeasureCoverage, ...] = ()
    programme_scopes: tuple[ProgrammeScope, ...] = ()
    targets: tuple[Target, ...] = ()
    agency_roles: tuple[AgencyRole, ...] = ()
    export_controls: tuple[ExportControl, ...] = ()
    supply_shares: tuple[SupplyShare, ...] = ()
    budgets: tuple[Budget, ...] = field(default=())
    mineral_uses: tuple[MineralUse, ...] = ()

    def records(self) -> Iterator[object]:
        """Every fact record, kind by kind in the order of the fields above."""
        for kind in fields(self):
            value = getattr(self, kind.name)
            if isinstance(value, tuple):
                yield from value
