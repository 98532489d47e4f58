"""What a mineral's trace is: the documents naming it, and its state in each revision.

`Trace.first_seen` is the oldest document naming the mineral in any series; a reader asking
"which revision of the 取組方針 added graphite" needs the series' own first revision instead
(graphite is first seen in a 2026 slide deck, and in the 取組方針 only in its 2026-03-30
revision), so every series gets a `SeriesTimeline`: each revision the corpus knows, with text
or not, in one of three states, and what changed for the mineral from the revision before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policy_kg.nlp.vocabulary import Mineral
from policy_kg.qa.model import Citation
from policy_kg.revisions.trace_facts import ControlFact, ShareFact, TargetFact

# named: its text names the mineral; not_named: its text is in the corpus and does not;
# no_text: the texts name this revision but the corpus does not hold it (unknown).
RevisionState = Literal["named", "not_named", "no_text"]


@dataclass(frozen=True)
class RevisionStep:
    """One revision of a series, as it concerns the mineral."""

    revision: str | None  # ISO, possibly partial
    label: str  # as the text writes it, e.g. 令和8年3月30日改定
    doc_id: str | None  # None: no text in the corpus
    state: RevisionState
    changes: tuple[str, ...] = ()  # against the previous revision with text in the series

    def to_json(self) -> dict[str, object]:
        return {
            "revision": self.revision,
            "label": self.label,
            "doc_id": self.doc_id,
            "state": self.state,
            "changes": list(self.changes),
        }


@dataclass(frozen=True)
class SeriesTimeline:
    """Every revision of one series that names the mineral somewhere, oldest first."""

    series: str
    steps: tuple[RevisionStep, ...]

    @property
    def first_named(self) -> RevisionStep | None:
        return next((s for s in self.steps if s.state == "named"), None)

    @property
    def dropped_in(self) -> RevisionStep | None:
        """The first revision with text that no longer names it, after one that did."""
        seen = False
        for step in self.steps:
            seen = seen or step.state == "named"
            if seen and step.state == "not_named":
                return step
        return None

    @property
    def unknown_before(self) -> tuple[str, ...]:
        """Revisions without text before the first that names it: it may be named there."""
        first = self.first_named
        end = self.steps.index(first) if first else len(self.steps)
        return tuple(s.revision for s in self.steps[:end] if s.state == "no_text" and s.revision)

    def to_json(self) -> dict[str, object]:
        first, dropped = self.first_named, self.dropped_in
        return {
            "series": self.series,
            "first_named": first.to_json() if first else None,
            "dropped_in": dropped.to_json() if dropped else None,
            "unknown_before": list(self.unknown_before),
            "revisions": [s.to_json() for s in self.steps],
        }


@dataclass(frozen=True)
class TraceQuote:
    """A sentence cited for the mineral: whether it names it (by its label or an alias), or
    the broader term `via` which a measure list covers it through (希土類金属 for Dy)."""

    citation: Citation
    names_mineral: bool
    via: str | None = None

    def to_json(self) -> dict[str, object]:
        return {**self.citation.__dict__, "names_mineral": self.names_mineral, "via": self.via}


@dataclass(frozen=True)
class Appearance:
    """A document that names the mineral, with what it says of it there.

    `quotes` holds every distinct sentence cited, the `naming_citations` that name the
    mineral first, then measure lists that cover it only through a broader term
    (`covered_as`, e.g. 希土類金属); `citations` is the first MAX_CITATIONS of them, the
    ones shown before "+N". `target_facts`, `control_facts` and `supply_shares` give each
    fact with its year or date; `targets` and `export_controls` are their one-line texts.
    """

    doc_id: str
    series: str
    revision: str | None
    measures: tuple[str, ...]
    targets: tuple[str, ...]
    citations: tuple[Citation, ...]
    naming_citations: int = 0
    citations_total: int = 0
    covered_as: tuple[str, ...] = ()
    export_controls: tuple[str, ...] = ()
    quotes: tuple[TraceQuote, ...] = ()
    target_facts: tuple[TargetFact, ...] = ()
    control_facts: tuple[ControlFact, ...] = ()
    supply_shares: tuple[ShareFact, ...] = ()
    programme_scope: tuple[str, ...] = ()  # the programme's scope (取組の対象範囲), no measure

    def to_json(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "series": self.series,
            "revision": self.revision,
            "measures": list(self.measures),
            "programme_scope": list(self.programme_scope),
            "covered_as": list(self.covered_as),
            "targets": list(self.targets),
            "target_facts": [t.to_json() for t in self.target_facts],
            "export_controls": list(self.export_controls),
            "export_control_facts": [c.to_json() for c in self.control_facts],
            "supply_shares": [s.to_json() for s in self.supply_shares],
            "citations": [q.to_json() for q in self.quotes],
            "citations_shown": len(self.citations),
            "naming_citations": self.naming_citations,
            "citations_total": self.citations_total,
        }


@dataclass(frozen=True)
class Trace:
    mineral: Mineral
    iri: str
    appearances: tuple[Appearance, ...]
    revisions_without_text: tuple[tuple[str, str], ...]  # (series, revision)
    series: tuple[SeriesTimeline, ...] = ()

    @property
    def first_seen(self) -> Appearance | None:
        """The oldest document naming the mineral, in any series."""
        return self.appearances[0] if self.appearances else None

    def to_json(self) -> dict[str, object]:
        return {
            "mineral": {
                "iri": self.iri,
                "label": self.mineral.label,
                "aliases": list(self.mineral.aliases),
            },
            "first_seen": self.first_seen.to_json() if self.first_seen else None,
            "series": [s.to_json() for s in self.series],
            "appearances": [a.to_json() for a in self.appearances],
            "revisions_without_text": [
                {"series": series, "revision": revision}
                for series, revision in self.revisions_without_text
            ],
        }
