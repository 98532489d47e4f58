"""The domain vocabulary as SKOS: three concept schemes (minerals, agencies, countries).

Every entry is a skos:Concept in its scheme and an instance of its ontology class, stated
explicitly up the hierarchy (a mineral is pkg:Mineral and e.g. pkg:ChemicalElement; a country
is pkg:GeographicArea and pkg:Country) because SPARQL here runs without inference. Labels:
skos:prefLabel in ja and en, every alias as skos:altLabel@ja (the forms Japanese text uses,
acronyms included). Chemical symbols and ISO country codes are skos:notation.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from policy_kg.graph.namespaces import (
    AGENCY_SCHEME,
    COUNTRY_SCHEME,
    MINERAL_SCHEME,
    PKG,
    agency_iri,
    bind_prefixes,
    country_iri,
    mineral_iri,
    region_iri,
)
from policy_kg.nlp.vocabulary import Agency, Country, Mineral, MineralKind, Vocabulary

MINERAL_CLASS: dict[MineralKind, URIRef] = {
    "element": PKG.ChemicalElement,
    "group": PKG.MineralGroup,
    "mixture": PKG.ElementMixture,
    "mineral": PKG.NaturalMineral,
}

_SCHEMES = (
    (MINERAL_SCHEME, "鉱種", "Minerals"),
    (AGENCY_SCHEME, "機関", "Agencies"),
    (COUNTRY_SCHEME, "国・地域", "Countries and regions"),
)


def vocabulary_graph(vocabulary: Vocabulary, graph: Graph | None = None) -> Graph:
    """Add the SKOS triples of `vocabulary` to `graph` (a new one if None) and return it."""
    graph = bind_prefixes(Graph()) if graph is None else graph
    for scheme, label_ja, label_en in _SCHEMES:
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, RDF.type, OWL.NamedIndividual))
        graph.add((scheme, SKOS.prefLabel, Literal(label_ja, lang="ja")))
        graph.add((scheme, SKOS.prefLabel, Literal(label_en, lang="en")))
    for mineral in vocabulary.minerals:
        _add_mineral(graph, mineral)
    for agency in vocabulary.agencies:
        _add_agency(graph, agency, vocabulary)
    for country in vocabulary.countries:
        _add_country(graph, country)
    return graph


def area_iri(country: Country) -> URIRef:
    """The IRI of a country (by ISO code) or of a region (by slug)."""
    return country_iri(country.code) if country.kind == "country" else region_iri(country.code)


def _add_concept(
    graph: Graph,
    iri: URIRef,
    scheme: URIRef,
    classes: tuple[URIRef, ...],
    labels: tuple[str, str, tuple[str, ...]],
    top: bool,
) -> None:
    label_ja, label_en, aliases = labels
    for cls in (SKOS.Concept, OWL.NamedIndividual, *classes):
        graph.add((iri, RDF.type, cls))
    graph.add((iri, SKOS.inScheme, scheme))
    graph.add((iri, SKOS.prefLabel, Literal(label_ja, lang="ja")))
    graph.add((iri, SKOS.prefLabel, Literal(label_en, lang="en")))
    for alias in aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias, lang="ja")))
    if top:
        graph.add((iri, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, iri))


def _add_mineral(graph: Graph, mineral: Mineral) -> None:
    iri = mineral_iri(mineral.slug)
    classes = (PKG.Mineral, MINERAL_CLASS[mineral.kind])
    labels = (mineral.label, mineral.label_en, mineral.aliases)
    _add_concept(graph, iri, MINERAL_SCHEME, classes, labels, top=not mineral.broader)
    if mineral.symbol is not None:
        graph.add((iri, SKOS.notation, Literal(mineral.symbol)))
    for parent in mineral.broader:
        graph.add((iri, SKOS.broader, mineral_iri(parent)))


def _add_agency(graph: Graph, agency: Agency, vocabulary: Vocabulary) -> None:
    iri = agency_iri(agency.slug)
    labels = (agency.label, agency.label_en, agency.aliases)
    _add_concept(graph, iri, AGENCY_SCHEME, (PKG.Agency,), labels, top=True)
    if agency.country is not None:
        graph.add((iri, PKG.jurisdiction, area_iri(vocabulary.country_by_code(agency.country))))


def _add_country(graph: Graph, country: Country) -> None:
    iri = area_iri(country)
    cls = PKG.Country if country.kind == "country" else PKG.Region
    labels = (country.label, country.label_en, country.aliases)
    _add_concept(graph, iri, COUNTRY_SCHEME, (PKG.GeographicArea, cls), labels, top=True)
    if country.kind == "country":
        graph.add((iri, SKOS.notation, Literal(country.code.upper())))
