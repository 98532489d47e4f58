"""RDF literals and small node helpers shared by the catalogue, the document graphs and the fact
writers: dates at the precision the text gives, counts, decimals, Japanese text, and the
content hashes that make IRIs stable (a rebuild of an unchanged document gives the same
triples)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from policy_kg.corpus.dates import DateParseError, parse_iso_date
from policy_kg.graph.model import GraphBuildError
from policy_kg.nlp.quantity import format_value


def date_literal(iso: str) -> Literal:
    """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` as xsd:date, xsd:gYearMonth or xsd:gYear."""
    try:
        parse_iso_date(iso)
    except DateParseError as error:
        raise GraphBuildError(str(error)) from None
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(iso)]
    return Literal(iso, datatype=datatype)


def year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def ja(text: str) -> Literal:
    return Literal(text, lang="ja")


def count(value: int) -> Literal:
    """An offset, order or number as xsd:integer: Oxigraph stores the derived integer types
    (xsd:nonNegativeInteger, the ontology's ranges) as xsd:integer anyway, and their value
    spaces are what the reasoner checks."""
    return Literal(value)


def decimal(value: Decimal) -> Literal:
    """xsd:decimal, written without exponent or trailing zeros (1E+3 and 1000.0 as 1000)."""
    return Literal(Decimal(format_value(value)), datatype=XSD.decimal)


def content_hash(*parts: str) -> str:
    """The local name of an IRI made from what it identifies."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def add_individual(graph: Graph, iri: URIRef, cls: URIRef) -> None:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDF.type, OWL.NamedIndividual))
