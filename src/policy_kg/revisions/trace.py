"""Trace a mineral through the documents and revisions of the corpus.

Any surface form resolves to its mineral (ネオジウム -> ネオジム, 黒鉛 -> グラファイト, the
element symbol). The trace lists every document that names it, oldest revision first, with
the measures that cover it there (directly or through a group it belongs to, such as
希土類金属), the targets, export controls and supply shares stated for it with the year they
refer to (`trace_facts.py`), and its citations: every sentence that names it (by its label
or an alias) first, then the measure lists that cover it through a broader term, each flagged
(for ジスプロシウム in the 取組方針 the five measure lists that cover it only as 希土類金属 used
to hide the three sentences naming it). For every series it appears in, the timeline of
`timeline.py`: each revision named, not named, or without text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from rdflib import Graph

from policy_kg.corpus.model import Passage
from policy_kg.graph import queries
from policy_kg.graph.lookup import supply_shares
from policy_kg.graph.namespaces import mineral_iri
from policy_kg.nlp.vocabulary import Mineral, Vocabulary
from policy_kg.qa.model import Citation
from policy_kg.revisions.timeline import series_timelines
from policy_kg.revisions.trace_facts import ControlFact, ShareFact, TargetFact
from policy_kg.revisions.trace_model import Appearance, Trace, TraceQuote

MAX_CITATIONS = 5  # shown before "+N"; a card with more reads as a list, not as evidence


class UnknownMineralError(LookupError):
    def __init__(self, name: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def __str__(self) -> str:
        hint = f"; did you mean: {', '.join(self.suggestions)}" if self.suggestions else ""
        return f"unknown mineral {self.name!r}{hint}"


def resolve_mineral(name: str, vocabulary: Vocabulary) -> Mineral:
    """The mineral a surface form, alias or chemical symbol names, or a helpful error."""
    mineral = vocabulary.mineral(name)
    if mineral is None:
        key = unicodedata.normalize("NFKC", name).strip()
        mineral = next((m for m in vocabulary.minerals if m.symbol and m.symbol == key), None)
    if mineral is None:
        raise UnknownMineralError(name, suggest_minerals(name, vocabulary))
    return mineral


def suggest_minerals(name: str, vocabulary: Vocabulary, limit: int = 5) -> tuple[str, ...]:
    """The closest mineral labels and aliases (fuzzy), each shown with the mineral it names."""
    return vocabulary.suggest(name, vocabulary.minerals, limit)


def trace_mineral(
    graph: Graph,
    vocabulary: Vocabulary,
    name: str,
    passage: Callable[[str], Passage],
) -> Trace:
    """Every appearance of the mineral `name` names, oldest first, and its series timelines."""
    mineral = resolve_mineral(name, vocabulary)
    iri = str(mineral_iri(mineral.slug))
    context = _Context(
        vocabulary,
        passage,
        _by_document(queries.coverages(graph, subject_iri=iri, include_groups=True)),
        _by_document(queries.programme_scopes(graph, iri)),
        _by_document(t for t in queries.targets(graph, subject_iri=iri) if t.year),
        _export_controls(graph, iri),
        _supply_shares(graph, iri),
    )
    appearances = tuple(
        _appearance(mineral, iri, naming, context)
        for naming in queries.documents_naming(graph, iri)
    )
    by_doc = {a.doc_id: a for a in appearances}
    timelines = series_timelines(graph, mineral.label, by_doc)
    silent = tuple(
        (timeline.series, step.revision)
        for timeline in timelines
        for step in timeline.steps
        if step.state == "no_text" and step.revision is not None
    )
    return Trace(mineral, iri, appearances, silent, timelines)


@dataclass(frozen=True)
class _Context:
    """What every appearance reads: the vocabulary, passages, and the mineral's facts by the
    document stating them, each kind read once for the whole corpus. Read document by
    document (five queries for each), the trace of ホウ素 took 14.6 s on the 100-copy corpus
    (200 documents name it)."""

    vocabulary: Vocabulary
    passage: Callable[[str], Passage]
    coverages: dict[str, tuple[queries.Coverage, ...]]
    scopes: dict[str, tuple[queries.ScopeRecord, ...]]
    targets: dict[str, tuple[queries.TargetRecord, ...]]
    controls: dict[str, tuple[ControlFact, ...]]
    shares: dict[str, tuple[ShareFact, ...]]


class _Stated(Protocol):
    @property
    def doc_id(self) -> str: ...


Stated = TypeVar("Stated", bound=_Stated)


def _by_document(records: Iterable[Stated]) -> dict[str, tuple[Stated, ...]]:
    found: dict[str, list[Stated]] = {}
    for record in records:
        found.setdefault(record.doc_id, []).append(record)
    return {doc_id: tuple(stated) for doc_id, stated in found.items()}


def _export_controls(graph: Graph, iri: str) -> dict[str, tuple[ControlFact, ...]]:
    return {
        doc_id: tuple(dict.fromkeys(map(ControlFact.of, controls)))
        for doc_id, controls in _by_document(queries.export_controls(graph, iri)).items()
    }


def _supply_shares(graph: Graph, iri: str) -> dict[str, tuple[ShareFact, ...]]:
    return {
        doc_id: tuple(dict.fromkeys(map(ShareFact.of, shares)))
        for doc_id, shares in _by_document(supply_shares(graph, iri)).items()
    }


def _appearance(
    mineral: Mineral, iri: str, naming: queries.DocumentNaming, context: _Context
) -> Appearance:
    coverages = context.coverages.get(naming.doc_id, ())
    scopes = context.scopes.get(naming.doc_id, ())
    targets = tuple(TargetFact.of(t) for t in context.targets.get(naming.doc_id, ()))
    controls = context.controls.get(naming.doc_id, ())
    quotes = _quotes(mineral, iri, naming, [*coverages, *scopes], context)
    shown = quotes[:MAX_CITATIONS]
    return Appearance(
        doc_id=naming.doc_id,
        series=naming.series,
        revision=naming.revision,
        measures=tuple(dict.fromkeys(c.measure for c in coverages)),
        programme_scope=tuple(dict.fromkeys(_scope_text(s, iri) for s in scopes)),
        targets=tuple(t.text for t in targets),
        citations=tuple(q.citation for q in shown),
        naming_citations=sum(q.names_mineral for q in quotes),
        citations_total=len(quotes),
        covered_as=tuple(dict.fromkeys(c.subject for c in coverages if c.subject_iri != iri)),
        export_controls=tuple(dict.fromkeys(c.text for c in controls)),
        quotes=tuple(quotes),
        target_facts=targets,
        control_facts=controls,
        supply_shares=context.shares.get(naming.doc_id, ()),
    )


def _quotes(
    mineral: Mineral,
    iri: str,
    naming: queries.DocumentNaming,
    coverages: Iterable[queries.Coverage | queries.ScopeRecord],
    context: _Context,
) -> list[TraceQuote]:
    """Every distinct sentence cited, those naming the mineral (label or alias) first; the
    rest flagged with the broader term a measure list (or the programme's scope) covers it
    through, as the quote writes it (希土類金属, where the group's label is レアアース)."""
    forms = names_of(mineral)
    found = [TraceQuote(_citation(q, context), True) for q in naming.quotes]
    for coverage in coverages:
        if coverage.quotes:
            citation = _citation(coverage.quotes[0], context)
            named = any(form in citation.quote for form in forms)
            via = None
            if not named and coverage.subject_iri != iri:
                group = context.vocabulary.mineral_by_slug(coverage.subject_iri.rsplit("/", 1)[1])
                via = _first_form(citation.quote, names_of(group)) or coverage.subject
            found.append(TraceQuote(citation, named, via))
    first: dict[str, TraceQuote] = {}
    for quote in sorted(found, key=lambda q: not q.names_mineral):  # stable: text order kept
        first.setdefault(quote.citation.quote, quote)
    return list(first.values())


_GLOSS = re.compile(r"[（(][^）)]*[）)]$")
SCOPE_SENSES = {
    "legal_scope": "法令上の対象 legal scope",
    "current_focus": "当面の対象 current focus",
}


def _scope_text(scope: queries.ScopeRecord, iri: str) -> str:
    """取組の対象範囲: 当面の対象 current focus（レアアース として）."""
    via = f"（{scope.subject} として）" if scope.subject_iri != iri else ""
    return f"{scope.heading}: {SCOPE_SENSES[scope.scope]}{via}"


def _first_form(text: str, forms: Iterable[str]) -> str | None:
    """The form written first in `text`, the longest of those starting there (希土類金属, not
    希土類), without a bracketed gloss (希土類金属（レアアース） -> 希土類金属), so one card
    names one broader term once."""
    found = [(text.find(f), -len(f), f) for f in forms if f in text]
    return _GLOSS.sub("", min(found)[2]) if found else None


def names_of(mineral: Mineral) -> tuple[str, ...]:
    """The forms a text may name the mineral by: its label and aliases, as written and NFKC."""
    forms = mineral.surface_forms
    return tuple(dict.fromkeys([*forms, *(unicodedata.normalize("NFKC", f) for f in forms)]))


def _citation(quote: queries.QuoteRef, context: _Context) -> Citation:
    """Cite the sentence around a mention, not the bare word."""
    return Citation.around(quote, context.passage(quote.passage_id).text)
