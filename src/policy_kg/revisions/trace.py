"""Trace a mineral through the documents and revisions of the corpus.

Any surface form resolves to its mineral (ネオジウム -> ネオジム, 黒鉛 -> グラファイト, the
element symbol). The trace lists every document that names it, oldest revision first, with
the measures that cover it there (directly or through a group it belongs to, such as
希土類金属), the targets set for it, and a citation for each appearance; and, for every series
it appears in, the revisions the texts name but the corpus does not hold, so a reader sees
where the record is silent.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rdflib import Graph

from policy_kg.corpus.model import Passage
from policy_kg.corpus.sentences import sentence_around
from policy_kg.graph import queries
from policy_kg.graph.namespaces import mineral_iri
from policy_kg.nlp.vocabulary import Mineral, Vocabulary, normalize_surface
from policy_kg.qa.model import Citation

MAX_CITATIONS = 5


class UnknownMineralError(LookupError):
    def __init__(self, name: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def __str__(self) -> str:
        hint = f"; did you mean: {', '.join(self.suggestions)}" if self.suggestions else ""
        return f"unknown mineral {self.name!r}{hint}"


@dataclass(frozen=True)
class Appearance:
    doc_id: str
    series: str
    revision: str | None
    measures: tuple[str, ...]
    targets: tuple[str, ...]
    citations: tuple[Citation, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id,
            "series": self.series,
            "revision": self.revision,
            "measures": list(self.measures),
            "targets": list(self.targets),
            "citations": [c.__dict__ for c in self.citations],
        }


@dataclass(frozen=True)
class Trace:
    mineral: Mineral
    iri: str
    appearances: tuple[Appearance, ...]
    revisions_without_text: tuple[tuple[str, str], ...]  # (series, revision)

    @property
    def first_seen(self) -> Appearance | None:
        return self.appearances[0] if self.appearances else None

    def to_json(self) -> dict[str, object]:
        return {
            "mineral": {
                "iri": self.iri,
                "label": self.mineral.label,
                "aliases": list(self.mineral.aliases),
            },
            "first_seen": self.first_seen.to_json() if self.first_seen else None,
            "appearances": [a.to_json() for a in self.appearances],
            "revisions_without_text": [
                {"series": series, "revision": revision}
                for series, revision in self.revisions_without_text
            ],
        }


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
    """The closest labels and aliases (fuzzy), each shown with the mineral it names."""
    forms = {
        normalize_surface(f): (f, m.label) for m in vocabulary.minerals for f in m.surface_forms
    }
    matches = process.extract(normalize_surface(name), list(forms), limit=limit * 2)
    suggestions: list[str] = []
    for key, score, _ in matches:
        form, label = forms[key]
        shown = form if form == label else f"{form} ({label})"
        if score >= 50 and shown not in suggestions:
            suggestions.append(shown)
    return tuple(suggestions[:limit])


def trace_mineral(
    graph: Graph,
    vocabulary: Vocabulary,
    name: str,
    passage: Callable[[str], Passage],
) -> Trace:
    """Every appearance of the mineral `name` names, oldest first (SPEC §3 `trace`)."""
    mineral = resolve_mineral(name, vocabulary)
    iri = str(mineral_iri(mineral.slug))
    namings = queries.documents_naming(graph, iri)
    appearances = tuple(_appearance(graph, iri, naming, passage) for naming in namings)
    series = dict.fromkeys(a.series for a in appearances)
    silent = tuple(
        (record.series, record.revision)
        for name_ in series
        for record in queries.revisions_without_text(graph, name_)
        if record.revision is not None
    )
    return Trace(mineral, iri, appearances, silent)


def _appearance(
    graph: Graph, iri: str, naming: queries.DocumentNaming, passage: Callable[[str], Passage]
) -> Appearance:
    coverages = queries.measures_covering(graph, iri, naming.doc_id, include_groups=True)
    measures = tuple(dict.fromkeys(c.measure for c in coverages))
    targets = tuple(t.summary for t in queries.targets_for(graph, iri, naming.doc_id))
    # the passages that put it under a measure first, then the ones that merely name it
    quotes = [c.quotes[0] for c in coverages if c.quotes] + list(naming.quotes)
    citations = tuple(dict.fromkeys(_citation(q, passage) for q in quotes))[:MAX_CITATIONS]
    return Appearance(naming.doc_id, naming.series, naming.revision, measures, targets, citations)


def _citation(quote: queries.QuoteRef, passage: Callable[[str], Passage]) -> Citation:
    """Cite the sentence around a mention, not the bare word."""
    found = passage(quote.passage_id)
    start, end = sentence_around(found.text, quote.start)
    return Citation(
        quote.doc_id, quote.revision, quote.section, quote.passage_id, found.text[start:end]
    )
