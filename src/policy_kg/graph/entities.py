"""Find an entity of the graph by what a user types: an IRI, or any name of a mineral,
agency, country or measure; and its page as JSON (labels, links, facts with citations).

A key is never part of a query. An IRI is parsed as one (`queries.parse_iri`) and must be a
subject or object of the graph, looked up as a term; a name goes through the vocabulary or
becomes a measure IRI by percent-encoding. Anything else is an UnknownEntityError, whose
message quotes the key capped in length.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from policy_kg.graph import queries
from policy_kg.graph.namespaces import agency_iri, measure_iri, mineral_iri
from policy_kg.graph.queries.plumbing import MAX_IRI_CHARS, capped
from policy_kg.graph.vocabulary_rdf import area_iri
from policy_kg.nlp.vocabulary import Vocabulary

# No name of the vocabulary or the graph comes near the longest IRI; a longer key names nothing.
MAX_KEY_CHARS = MAX_IRI_CHARS


class UnknownEntityError(LookupError):
    def __init__(
        self, key: str, reason: str | None = None, suggestions: tuple[str, ...] = ()
    ) -> None:
        super().__init__(key)
        self.key = key
        self.reason = reason
        self.suggestions = suggestions  # close names of the vocabulary: "did you mean"

    def __str__(self) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return (
            f"no entity named {capped(self.key)!r}{why}: give a mineral, agency, country or "
            "measure name (ネオジム, JOGMEC, 中国, 製錬等事業支援) or an IRI of the graph"
        )


def entity_iri(key: str, vocabulary: Vocabulary, graph: Graph) -> str:
    """The IRI of the entity `key` names, or UnknownEntityError."""
    key = key.strip()
    if len(key) > MAX_KEY_CHARS:
        raise UnknownEntityError(key, f"longer than {MAX_KEY_CHARS} characters")
    if key.startswith(("http://", "https://")):
        return str(_graph_iri(key, graph))
    if (mineral := vocabulary.mineral(key)) is not None:
        return str(mineral_iri(mineral.slug))
    if (agency := vocabulary.agency(key)) is not None:
        return str(agency_iri(agency.slug))
    if (country := vocabulary.country(key)) is not None:
        return str(area_iri(country))  # a region (the EU, Africa) has a slug, not a code
    measure = measure_iri(key)
    if (measure, None, None) in graph:
        return str(measure)
    entries = (*vocabulary.minerals, *vocabulary.agencies, *vocabulary.countries)
    raise UnknownEntityError(key, suggestions=vocabulary.suggest(key, entries))


def _graph_iri(key: str, graph: Graph) -> URIRef:
    """`key` as an IRI that is a subject or an object of the graph."""
    try:
        iri = queries.parse_iri(key)
    except queries.InvalidIriError as error:
        raise UnknownEntityError(key, f"not an IRI: {error.reason}") from None
    if (iri, None, None) not in graph and (None, None, iri) not in graph:
        raise UnknownEntityError(key, "not in the graph")
    return iri


@dataclass(frozen=True)
class EntityView:
    """`queries.EntityPage` with its quotes as citations, for the CLI, UI and API."""

    page: queries.EntityPage

    def to_json(self) -> dict[str, object]:
        page = self.page
        return {
            "iri": page.iri,
            "labels": list(page.labels),
            "types": list(page.types),
            "links": [link.__dict__ for link in page.links],
            "facts": [
                {
                    "fact": f.fact,
                    "kind": f.kind,
                    "predicate": f.predicate,
                    "doc_id": f.doc_id,
                    "quantity": f.quantity,  # as written, the normalised value beside
                    "quotes": [_citation(q) for q in f.quotes],
                    "parts": [part.__dict__ for part in f.parts],
                }
                for f in page.facts
            ],
            "mentions": page.mentions,
            "terms": {term.iri: term.label for term in page.terms},
        }


def _citation(quote: queries.QuoteRef) -> dict[str, object]:
    return {
        "doc_id": quote.doc_id,
        "revision": quote.revision,
        "section": quote.section,
        "passage_id": quote.passage_id,
        "quote": quote.quote,
        "start": quote.start,
        "end": quote.end,
    }
