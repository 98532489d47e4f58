"""The SPARQL 1.1 Service Description answered at GET /sparql without a query."""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from policy_kg.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS
from policy_kg.sparql.model import SparqlSettings
from policy_kg.sparql.querytext import MAX_QUERY_BYTES

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DESCRIPTION = NamedNode("http://purl.org/dc/terms/description")

# W3C format IRIs (http://www.w3.org/ns/formats/) by our format name.
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def service_description(endpoint_url: str, settings: SparqlSettings) -> bytes:
    """Turtle describing the endpoint: its URL, language, result formats and limits."""
    pairs: list[tuple[NamedNode, NamedNode | Literal]] = [
        (RDF_TYPE, _sd("Service")),
        (_sd("endpoint"), NamedNode(endpoint_url)),
        (_sd("supportedLanguage"), _sd("SPARQL11Query")),
    ]
    pairs += [
        (_sd("resultFormat"), NamedNode(FORMATS + _FORMAT_IRIS[fmt.name]))
        for fmt in (*RESULT_FORMATS, *GRAPH_FORMATS)
    ]
    if settings.union_default_graph:
        pairs.append((_sd("feature"), _sd("UnionDefaultGraph")))
    pairs.append((DESCRIPTION, Literal(_limits(settings), language="en")))
    service = BlankNode()
    triples = [Triple(service, predicate, value) for predicate, value in pairs]
    prefixes = {"sd": SD, "formats": FORMATS, "dcterms": "http://purl.org/dc/terms/"}
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes)


def _sd(name: str) -> NamedNode:
    return NamedNode(SD + name)


def _limits(settings: SparqlSettings) -> str:
    return (
        f"Read-only SPARQL 1.1 query endpoint. A query text may be {MAX_QUERY_BYTES} bytes; "
        f"each query may run {settings.time_limit:g} s (past {settings.fast_time_limit:g} s "
        f"only while one of {settings.long_workers} lanes for long queries is free) and "
        f"return {settings.max_rows} rows or triples and {settings.max_answer_bytes} bytes "
        "at most. SPARQL Update and SERVICE are refused."
    )
