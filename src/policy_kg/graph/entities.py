"""Find an entity of the graph by what a user types: an IRI, or any name of a mineral,
agency, country or measure; and its page as JSON (labels, links, facts with citations)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from policy_kg.graph import queries
from policy_kg.graph.namespaces import agency_iri, country_iri, measure_iri, mineral_iri
from policy_kg.nlp.vocabulary import Vocabulary


class UnknownEntityError(LookupError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return (
            f"no entity named {self.key!r}: give a mineral, agency, country or measure name "
            "(ネオジム, JOGMEC, 中国, 製錬等事業支援) or an IRI"
        )


def entity_iri(key: str, vocabulary: Vocabulary, graph: Graph) -> str:
    key = key.strip()
    if key.startswith(("http://", "https://")):
        return key
    if (mineral := vocabulary.mineral(key)) is not None:
        return str(mineral_iri(mineral.slug))
    if (agency := vocabulary.agency(key)) is not None:
        return str(agency_iri(agency.slug))
    if (country := vocabulary.country(key)) is not None:
        return str(country_iri(country.code))
    measure = measure_iri(key)
    if (measure, None, None) in graph:
        return str(measure)
    raise UnknownEntityError(key)


@dataclass(frozen=True)
class EntityView:
    """`queries.EntityPage` with its quotes as SPEC citations, for the CLI, UI and API."""

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
                    "quotes": [_citation(q) for q in f.quotes],
                }
                for f in page.facts
            ],
            "mentions": page.mentions,
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
