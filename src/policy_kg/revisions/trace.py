"""Trace a mineral through the documents and revisions of the corpus.

Any surface form resolves to its mineral (ネオジウム -> ネオジム, 黒鉛 -> グラファイト, the
element symbol). The trace lists every document that names it, oldest revision first, with
the measures that cover it there (directly or through a group it belongs to, such as
希土類金属), the targets and export controls set for it, and its citations, the sentences
that name it first (for ジスプロシウム in the 取組方針 the five measure lists that cover it
only as 希土類金属 used to hide the three sentences naming it). For every series it appears
in, the timeline of `timeline.py`: each revision named, not named, or without text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from rdflib import Graph

from policy_kg.corpus.model import Passage
from policy_kg.corpus.sentences import sentence_around
from policy_kg.graph import queries
from policy_kg.graph.namespaces import mineral_iri
from policy_kg.nlp.vocabulary import Mineral, Vocabulary
from policy_kg.qa.model import Citation
from policy_kg.revisions.timeline import series_timelines
from policy_kg.revisions.trace_model import Appearance, Trace

MAX_CITATIONS = 5


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
    controls = _export_controls(graph, iri)
    appearances = tuple(
        _appearance(graph, iri, naming, passage, controls.get(naming.doc_id, ()))
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


def _export_controls(graph: Graph, iri: str) -> dict[str, tuple[str, ...]]:
    """Per document, the export controls it reports on the mineral: country, date, basis."""
    found: dict[str, list[str]] = {}
    for control in queries.export_controls(graph):
        if any(m.iri == iri for m in control.minerals):
            basis = f"（{control.legal_basis}）" if control.legal_basis else ""
            text = f"{control.country.label} {control.date}{basis}"
            found.setdefault(control.doc_id, []).append(text)
    return {doc_id: tuple(dict.fromkeys(texts)) for doc_id, texts in found.items()}


def _appearance(
    graph: Graph,
    iri: str,
    naming: queries.DocumentNaming,
    passage: Callable[[str], Passage],
    export_controls: tuple[str, ...],
) -> Appearance:
    coverages = queries.measures_covering(graph, iri, naming.doc_id, include_groups=True)
    measures = tuple(dict.fromkeys(c.measure for c in coverages))
    groups = tuple(dict.fromkeys(c.subject for c in coverages if c.subject_iri != iri))
    targets = tuple(
        _target_text(t) for t in queries.targets_for(graph, iri, naming.doc_id) if t.year
    )
    # the sentences that name it first; then measure lists that cover it, often only through
    # a broader term (希土類金属): the same sentence in several passages is shown once
    naming_quotes = _distinct(_citation(q, passage) for q in naming.quotes)
    coverage_quotes = (_citation(c.quotes[0], passage) for c in coverages if c.quotes)
    quotes = _distinct([*naming_quotes, *coverage_quotes])
    return Appearance(
        doc_id=naming.doc_id,
        series=naming.series,
        revision=naming.revision,
        measures=measures,
        targets=targets,
        citations=tuple(quotes[:MAX_CITATIONS]),
        naming_citations=min(len(naming_quotes), MAX_CITATIONS),
        citations_total=len(quotes),
        covered_as=groups,
        export_controls=export_controls,
    )


def _target_text(target: queries.TargetRecord) -> str:
    """The target as written, with the normalised amount and its year beside it."""
    written = target.quotes[0].quote if target.quotes else target.amount
    return f"{written}（{target.amount}、{target.year}年）"


def _distinct(citations: Iterable[Citation]) -> list[Citation]:
    """Citations in order, each quote text once (the first citation of it)."""
    first: dict[str, Citation] = {}
    for citation in citations:
        first.setdefault(citation.quote, citation)
    return list(first.values())


def _citation(quote: queries.QuoteRef, passage: Callable[[str], Passage]) -> Citation:
    """Cite the sentence around a mention, not the bare word."""
    found = passage(quote.passage_id)
    start, end = sentence_around(found.text, quote.start)
    return Citation(
        quote.doc_id, quote.revision, quote.section, quote.passage_id, found.text[start:end]
    )
