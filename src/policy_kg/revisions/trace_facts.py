"""The facts a trace shows for a mineral in one document, each with the date or year it refers
to and its quote: targets, export controls and supply shares.

A bare quote loses its context: the slide line 「12月 黒鉛」 takes its year from the line
before (2023年 8月 …), a target clause may not repeat its deadline. So every fact here carries
what the graph knows beside the quote: the control's date with its year (2023年12月), the
target's year, the share's reference year, and numbers as written with the normalised value
beside them (約10万トン／年（約100000トン／年）).
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_kg.corpus.dates import japanese_date, parse_iso_date
from policy_kg.graph.lookup import SupplyShareRecord
from policy_kg.graph.queries import ExportControlRecord, QuoteRef, TargetRecord
from policy_kg.graph.queries.records import shown_quantity


def _quote(quotes: tuple[QuoteRef, ...]) -> tuple[str, str | None]:
    """The first quote and its passage: the last two fields of every fact."""
    first = quotes[0] if quotes else None
    return (first.quote, first.passage_id) if first else ("", None)


class _Fact:
    """What the facts share: a `text` to show (each its own), and their JSON form, every field
    (tuples as lists) with that text."""

    text: str

    def to_json(self) -> dict[str, object]:
        fields = {k: list(v) if isinstance(v, tuple) else v for k, v in vars(self).items()}
        return {**fields, "text": self.text}


@dataclass(frozen=True)
class TargetFact(_Fact):
    """A target for the mineral: its amount as written (normalised beside) and its year."""

    subject: str | None
    amount: str  # 約10万トン／年（約100000トン／年）
    year: int | None
    baseline_year: int | None
    kind: str
    quote: str
    passage_id: str | None

    @classmethod
    def of(cls, record: TargetRecord) -> TargetFact:
        return cls(
            record.subject,
            record.shown,
            record.year,
            record.baseline_year,
            record.kind,
            *_quote(record.quotes),
        )

    @property
    def text(self) -> str:
        """リチウム 約10万トン／年（約100000トン／年） — 2030年まで."""
        baseline = f"、{self.baseline_year}年比" if self.baseline_year else ""
        year = f" — {self.year}年まで{baseline}" if self.year else ""
        return f"{self.subject or ''} {self.amount}{year}".strip()


@dataclass(frozen=True)
class ControlFact(_Fact):
    """An export control as one document reports it, dated with its year."""

    country: str
    date: str  # ISO, possibly partial, as the source states it
    date_label: str  # 2023年12月
    year: int
    legal_basis: str | None
    minerals: tuple[str, ...]
    quote: str
    passage_id: str | None

    @classmethod
    def of(cls, record: ExportControlRecord) -> ControlFact:
        return cls(
            record.country.label,
            record.date,
            japanese_date(record.date),
            parse_iso_date(record.date).year,
            record.legal_basis,
            tuple(m.label for m in record.minerals),
            *_quote(record.quotes),
        )

    @property
    def text(self) -> str:
        """中国 2023年12月（公告 …）: the quote may name the month only."""
        basis = f"（{self.legal_basis}）" if self.legal_basis else ""
        return f"{self.country} {self.date_label}{basis}"


@dataclass(frozen=True)
class ShareFact(_Fact):
    """A country's share of the mineral's supply at a stage, with its reference year."""

    country: str
    stage: str  # 輸入, 採掘, 製錬 …
    share: str  # 約55%（55%）
    year: int | None
    quote: str
    passage_id: str | None

    @classmethod
    def of(cls, record: SupplyShareRecord) -> ShareFact:
        normalised = f"{record.share.normalize():f}%"
        return cls(
            record.holder,
            record.stage_name,
            shown_quantity(record.written, normalised),
            record.year,
            *_quote(record.quotes),
        )

    @property
    def text(self) -> str:
        """中国 輸入 約55%（55%）（2021年）."""
        year = f"（{self.year}年）" if self.year else ""
        return f"{self.country} {self.stage} {self.share}{year}"
