"""Namespaces of the graph and the IRIs of its instances.

Instance IRIs live under `ID` (https://w3id.org/policy-kg/id/):

    mineral/<slug>            agency/<slug>              country/<iso alpha-2>  region/<slug>
    series/<series>           revision/<series>/<rev>    document/<series>/<rev>
    passage/<series>/<rev>/<hash>                        measure/<slug>         product/<slug>
    fact/<hash>               quote/<hash>               scheme/<name>

with hash-IRIs for the nodes that belong to one fact: `fact/<hash>#quantity` (its
qudt:QuantityValue), `quote/<hash>#text-quote` and `#text-position` (its two selectors).
Using IRIs rather than blank nodes keeps every triple of a fact addressable for incremental
rebuilds.

The store keeps its triples in named graphs: `graph/ontology` (the TBox), `graph/vocabulary`
(the SKOS schemes), `graph/catalogue` (series, revisions, measures, products: what spans
documents) and `graph/document/<series>/<rev>` (one document's passages and facts).

A doc_id `series@revision` maps to `<series>/<revision>`, so a revision that has no text in the
corpus (`known_revisions`) gets the same IRI as it would with one.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

PKG = Namespace("https://w3id.org/policy-kg/ontology#")
ID = Namespace("https://w3id.org/policy-kg/id/")
ONTOLOGY_IRI = URIRef("https://w3id.org/policy-kg/ontology")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")

PREFIXES: dict[str, Namespace] = {
    "pkg": PKG,
    "pkgid": ID,
    "eli": ELI,
    "oa": OA,
    "qudt": QUDT,
    "unit": UNIT,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

MINERAL_SCHEME = ID["scheme/minerals"]
AGENCY_SCHEME = ID["scheme/agencies"]
COUNTRY_SCHEME = ID["scheme/countries"]

ONTOLOGY_GRAPH = ID["graph/ontology"]
VOCABULARY_GRAPH = ID["graph/vocabulary"]
CATALOGUE_GRAPH = ID["graph/catalogue"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on `graph` (for readable Turtle and SPARQL) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _segment(value: str) -> str:
    """One IRI path segment: percent-encodes anything that is not unreserved, `/` included."""
    if not value:
        raise ValueError("an IRI segment cannot be empty")
    return quote(value, safe="-._~")


def _doc_path(doc_id: str) -> str:
    series, separator, revision = doc_id.partition("@")
    if not separator:
        raise ValueError(f"doc_id {doc_id!r} is not of the form series@revision")
    return f"{_segment(series)}/{_segment(revision)}"


def _slug_iri(kind: str, slug: str) -> URIRef:
    """`<kind>/<slug>`, the slug one segment: how most instances are named."""
    return ID[f"{kind}/{_segment(slug)}"]


mineral_iri = partial(_slug_iri, "mineral")
agency_iri = partial(_slug_iri, "agency")
region_iri = partial(_slug_iri, "region")
measure_iri = partial(_slug_iri, "measure")
product_iri = partial(_slug_iri, "product")
series_iri = partial(_slug_iri, "series")
fact_iri = partial(_slug_iri, "fact")
quote_iri = partial(_slug_iri, "quote")


def country_iri(code: str) -> URIRef:
    """A country by its ISO 3166-1 alpha-2 code (any case)."""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return ID[f"country/{code.lower()}"]


def revision_iri(series: str, revision: str) -> URIRef:
    """A revision by series and its revision label (ISO date, `YYYY-MM`, `YYYY`, `2025-draft`)."""
    return ID[f"revision/{_segment(series)}/{_segment(revision)}"]


def revision_iri_of_doc(doc_id: str) -> URIRef:
    """The revision a document realises: `series@revision` -> revision/<series>/<revision>."""
    return ID[f"revision/{_doc_path(doc_id)}"]


def document_iri(doc_id: str) -> URIRef:
    return ID[f"document/{_doc_path(doc_id)}"]


def passage_iri(doc_id: str, passage_hash: str) -> URIRef:
    return ID[f"passage/{_doc_path(doc_id)}/{_segment(passage_hash)}"]


def quantity_iri(fact_hash: str) -> URIRef:
    return URIRef(f"{fact_iri(fact_hash)}#quantity")


def text_quote_selector_iri(quote_hash: str) -> URIRef:
    return URIRef(f"{quote_iri(quote_hash)}#text-quote")


def text_position_selector_iri(quote_hash: str) -> URIRef:
    return URIRef(f"{quote_iri(quote_hash)}#text-position")


def passage_iri_from_id(passage_id: str) -> URIRef:
    """The IRI of a passage by its passage_id, `series@revision#hash`."""
    doc_id, separator, passage_hash = passage_id.partition("#")
    if not separator:
        raise ValueError(f"passage_id {passage_id!r} is not of the form doc_id#hash")
    return passage_iri(doc_id, passage_hash)


def document_graph_iri(doc_id: str) -> URIRef:
    """The named graph holding one document's passages and facts."""
    return ID[f"graph/document/{_doc_path(doc_id)}"]
