"""Writes facts into a document's graph with the one provenance pattern of ontology/README.md.

A fact `pkg:statedIn` its revision, `prov:wasDerivedFrom` each supporting passage and
`pkg:hasQuote` one `pkg:Quote` per passage, anchored by an `oa:TextQuoteSelector` and an
`oa:TextPositionSelector` whose offsets count in the passage text. Its IRI is a hash of what
it says, so a rebuild of an unchanged document gives the same triples. What each kind of fact
states besides is written by its writer in `fact_kinds`; this class gives them the provenance,
quantities and entity IRIs they share.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV

from policy_kg.corpus.model import Passage
from policy_kg.graph.literals import add_individual, content_hash, count, decimal
from policy_kg.graph.model import DocumentInput, GraphBuildError
from policy_kg.graph.namespaces import (
    OA,
    PKG,
    QUDT,
    UNIT,
    agency_iri,
    fact_iri,
    mineral_iri,
    passage_iri_from_id,
    product_iri,
    quantity_iri,
    quote_iri,
    revision_iri_of_doc,
    text_position_selector_iri,
    text_quote_selector_iri,
)
from policy_kg.graph.vocabulary_rdf import area_iri
from policy_kg.nlp.facts import EntityType, Evidence
from policy_kg.nlp.quantity import Quantity
from policy_kg.nlp.vocabulary import Vocabulary

SELECTOR_CONTEXT = 10  # characters of oa:prefix / oa:suffix

# QUDT units by the unit as written (after NFKC); other units keep only pkg:unitText.
QUDT_UNITS = {
    "トン/年": UNIT["TONNE-PER-YR"],
    "トン": UNIT.TONNE,
    "%": UNIT.PERCENT,
    "GWh": UNIT["GigaW-HR"],
    "rpm": UNIT["REV-PER-MIN"],
    "kJ/m^3": UNIT["KiloJ-PER-M3"],
    "kA/m": UNIT["KiloA-PER-M"],
}


class FactWriter:
    """Writes the facts of one document into its graph, each with its provenance."""

    def __init__(self, graph: Graph, document: DocumentInput, vocabulary: Vocabulary) -> None:
        self.graph = graph
        self.doc_id = document.meta.doc_id
        self.revision = revision_iri_of_doc(self.doc_id)
        self.passages = {p.passage_id: p for p in document.passages}
        self.vocabulary = vocabulary

    # -- the provenance pattern --

    def fact(self, cls: URIRef, record: object, evidence: Iterable[Evidence]) -> URIRef:
        """A new fact of class `cls`, identified by `record`, with its provenance."""
        fact_hash = content_hash(self.doc_id, str(cls), identity_text(record))
        iri = fact_iri(fact_hash)
        add_individual(self.graph, iri, cls)
        self.graph.add((iri, PKG.statedIn, self.revision))
        for item in evidence:
            passage = self._passage(item, record)
            self.graph.add((iri, PROV.wasDerivedFrom, passage_iri_from_id(passage.passage_id)))
            self.graph.add((iri, PKG.hasQuote, self._quote(item, passage)))
        return iri

    def _passage(self, evidence: Evidence, record: object) -> Passage:
        passage = self.passages.get(evidence.passage_id)
        if passage is None:
            raise GraphBuildError(
                f"{self.doc_id}: {record!r} cites passage {evidence.passage_id}, "
                "which is not a passage of the document"
            )
        return passage

    def _quote(self, evidence: Evidence, passage: Passage) -> URIRef:
        start = anchor_quote(evidence, passage.text)
        end = start + len(evidence.quote)
        quote_hash = content_hash(passage.passage_id, str(start), str(end))
        iri = quote_iri(quote_hash)
        graph = self.graph
        add_individual(graph, iri, PKG.Quote)
        graph.add((iri, OA.hasSource, passage_iri_from_id(passage.passage_id)))
        exact = text_quote_selector_iri(quote_hash)
        span = text_position_selector_iri(quote_hash)
        graph.add((iri, OA.hasSelector, exact))
        graph.add((iri, OA.hasSelector, span))
        add_individual(graph, exact, OA.TextQuoteSelector)
        graph.add((exact, OA.exact, Literal(evidence.quote)))
        prefix = passage.text[max(0, start - SELECTOR_CONTEXT) : start]
        graph.add((exact, OA.prefix, Literal(prefix)))
        graph.add((exact, OA.suffix, Literal(passage.text[end : end + SELECTOR_CONTEXT])))
        add_individual(graph, span, OA.TextPositionSelector)
        graph.add((span, OA.start, count(start)))
        graph.add((span, OA.end, count(end)))
        return iri

    def quantity(self, fact: URIRef, quantity: Quantity, written: str = "") -> None:
        """`quantity` a value or a range with its unit as written; `written` the number and
        unit as the text writes them (約10万トン／年), kept beside the normalised value."""
        iri = quantity_iri(str(fact).rsplit("/", 1)[-1])
        graph = self.graph
        graph.add((fact, PKG.hasQuantity, iri))
        add_individual(graph, iri, QUDT.QuantityValue)
        if quantity.value is not None:
            graph.add((iri, QUDT.numericValue, decimal(quantity.value)))
        else:
            graph.add((iri, PKG.minimumValue, decimal(quantity.minimum)))
            graph.add((iri, PKG.maximumValue, decimal(quantity.maximum)))
        unit = quantity.unit
        graph.add((iri, PKG.unitText, Literal(unit)))
        if written:
            graph.add((iri, PKG.valueAsWritten, Literal(written)))
        qudt_unit = QUDT_UNITS.get(unicodedata.normalize("NFKC", unit).replace(" ", ""))
        if qudt_unit is not None:
            graph.add((iri, QUDT.hasUnit, qudt_unit))

    # -- entities --

    def mineral(self, key: str) -> URIRef:
        try:
            return mineral_iri(self.vocabulary.mineral_by_slug(key).slug)
        except KeyError:
            raise GraphBuildError(f"{self.doc_id}: unknown mineral key {key!r}") from None

    def product(self, name: str) -> URIRef:
        return product_iri(self.vocabulary.product_name(name))

    def agency(self, key: str) -> URIRef:
        agency = self.vocabulary.agency(key)
        if agency is None or agency.slug != key:
            raise GraphBuildError(f"{self.doc_id}: unknown agency key {key!r}")
        return agency_iri(agency.slug)

    def area(self, key: str) -> URIRef:
        try:
            return area_iri(self.vocabulary.country_by_code(key))
        except KeyError:
            raise GraphBuildError(f"{self.doc_id}: unknown country key {key!r}") from None

    def entity(self, entity_type: EntityType, key: str) -> URIRef:
        lookup = {"mineral": self.mineral, "agency": self.agency, "country": self.area}
        return lookup[entity_type](key)


def identity_text(record: object) -> str:
    """What a fact's IRI hashes: the record's repr, written as it was when a quantity was two
    fields (`quantity='20-22', unit='%'`) and shares and budgets were floats, so the typed
    records keep every fact IRI of the graphs built before them."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        return repr(record)
    parts = []
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        if isinstance(value, Quantity):
            parts += [f"{field.name}={value.plain!r}", f"unit={value.unit!r}"]
        elif isinstance(value, Decimal):  # as the float it was; the hashed text only
            parts.append(f"{field.name}={float(value)!r}")
        else:
            parts.append(f"{field.name}={value!r}")
    return f"{type(record).__qualname__}({', '.join(parts)})"


def anchor_quote(evidence: Evidence, text: str) -> int:
    """Where the quote starts in `text`: at its stated offset, else its nearest occurrence."""
    quote = evidence.quote
    if not quote:
        raise GraphBuildError(f"empty quote in {evidence.passage_id}")
    if text[evidence.start : evidence.end] == quote:
        return evidence.start
    starts = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not starts:
        raise GraphBuildError(f"quote {quote!r} is not in passage {evidence.passage_id}")
    return min(starts, key=lambda start: abs(start - evidence.start))
