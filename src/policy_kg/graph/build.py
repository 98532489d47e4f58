"""The knowledge graph of a corpus: documents, passages and extracted facts as RDF.

`build_graph` turns each document (metadata, passages, `DocumentFacts`) plus the vocabulary
and the ontology into named graphs (see `namespaces`):

- `graph/ontology` and `graph/vocabulary`: the TBox and the SKOS schemes, as given;
- `graph/catalogue`: series, their revisions (with text or only named by a text's
  `known_revisions`), measures and products, which span documents;
- `graph/document/<series>/<rev>`: the document, its passages and every fact it states.

Every fact follows the one provenance pattern of ontology/README.md: it `pkg:statedIn` its
revision, `prov:wasDerivedFrom` each supporting passage and `pkg:hasQuote` one `pkg:Quote` per
passage, anchored by an `oa:TextQuoteSelector` and an `oa:TextPositionSelector` whose offsets
count in the passage text. IRIs are hashes of what the fact says, so a rebuild of an unchanged
document gives the same triples.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from policy_kg.corpus.dates import DateParseError, parse_iso_date
from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.graph.namespaces import (
    CATALOGUE_GRAPH,
    ELI,
    OA,
    ONTOLOGY_GRAPH,
    PKG,
    QUDT,
    UNIT,
    VOCABULARY_GRAPH,
    agency_iri,
    bind_prefixes,
    document_graph_iri,
    document_iri,
    fact_iri,
    measure_iri,
    mineral_iri,
    passage_iri_from_id,
    product_iri,
    quantity_iri,
    quote_iri,
    revision_iri,
    revision_iri_of_doc,
    series_iri,
    text_position_selector_iri,
    text_quote_selector_iri,
)
from policy_kg.graph.vocabulary_rdf import area_iri, vocabulary_graph
from policy_kg.nlp import facts
from policy_kg.nlp.vocabulary import Vocabulary

ONTOLOGY_FILE = Path(__file__).resolve().parents[3] / "ontology" / "policy-kg.ttl"

# The role the extractor (nlp.extract.agencies) gives the agency that runs a policy's support
# business and fund (〈…を行う法人〉として X を選定); it becomes a pkg:SupportAgencyDesignation.
SUPPORT_AGENCY_ROLE = "安定供給確保支援業務を行う法人"

SELECTOR_CONTEXT = 10  # characters of oa:prefix / oa:suffix

SCOPES = {"legal_scope": PKG.LegalScope, "current_focus": PKG.CurrentFocus}
STAGES = {
    "import": PKG.ImportStage,
    "mining": PKG.MiningStage,
    "refining": PKG.RefiningStage,
    "production": PKG.ProductionStage,
    "reserves": PKG.ReservesStage,
}
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

_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*[-–~〜]\s*(\d+(?:\.\d+)?)")
_FISCAL_YEAR = re.compile(r"(?:(令和|平成)(元|\d{1,2})|(\d{4}))年度")
_ERA_OFFSETS = {"令和": 2018, "平成": 1988}


class GraphBuildError(ValueError):
    """Facts that cannot become triples (an unknown passage, entity or quote); names the fact."""


@dataclass(frozen=True)
class DocumentInput:
    """One document as the graph needs it: metadata, passages and extracted facts."""

    meta: DocumentMeta
    passages: tuple[Passage, ...]
    facts: facts.DocumentFacts
    content_hash: str | None = None


def load_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """The TBox (ontology/policy-kg.ttl)."""
    return Graph().parse(path, format="turtle")


def build_graph(
    documents: Sequence[DocumentInput], vocabulary: Vocabulary, ontology: Graph
) -> dict[URIRef, Graph]:
    """Every named graph of the corpus, by graph IRI (see the module docstring)."""
    graphs = {
        ONTOLOGY_GRAPH: ontology,
        VOCABULARY_GRAPH: vocabulary_graph(vocabulary),
        CATALOGUE_GRAPH: catalogue_graph(documents, vocabulary),
    }
    for document in documents:
        graphs[document_graph_iri(document.meta.doc_id)] = document_graph(document, vocabulary)
    return graphs


def merged_graph(graphs: dict[URIRef, Graph]) -> Graph:
    """All named graphs as one graph (for a memory-store check or a reasoner)."""
    merged = bind_prefixes(Graph())
    for graph in graphs.values():
        merged += graph
    return merged


# --- literals ---


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


def _ja(text: str) -> Literal:
    return Literal(text, lang="ja")


def _count(value: int) -> Literal:
    """An offset, order or number as xsd:integer: Oxigraph stores the derived integer types
    (xsd:nonNegativeInteger, the ontology's ranges) as xsd:integer anyway, and their value
    spaces are what the reasoner checks."""
    return Literal(value)


def _decimal(text: str) -> Literal:
    try:
        return Literal(Decimal(text), datatype=XSD.decimal)
    except InvalidOperation:
        raise GraphBuildError(f"quantity {text!r} is neither a number nor a range") from None


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _individual(graph: Graph, iri: URIRef, cls: URIRef) -> None:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDF.type, OWL.NamedIndividual))


# --- the catalogue: series, revisions, measures, products ---


def catalogue_graph(documents: Sequence[DocumentInput], vocabulary: Vocabulary) -> Graph:
    """Series and revisions (with and without text), measures and products."""
    graph = bind_prefixes(Graph())
    by_series: dict[str, list[DocumentMeta]] = {}
    for document in documents:
        by_series.setdefault(document.meta.series, []).append(document.meta)
    for series, metas in by_series.items():
        _add_series(graph, series, metas)
        for meta in metas:
            _add_document_revision(graph, meta, vocabulary)
        _add_revisions_without_text(graph, series, metas)
    for document in documents:
        _add_measures(graph, document, vocabulary)
    _add_products(graph, documents, vocabulary)
    return graph


def _add_series(graph: Graph, series: str, metas: list[DocumentMeta]) -> None:
    iri = series_iri(series)
    _individual(graph, iri, PKG.PolicySeries)
    graph.add((iri, DCTERMS.identifier, Literal(series)))
    latest = max(metas, key=lambda meta: (_earliest_day(meta.revision), meta.doc_id))
    graph.add((iri, RDFS.label, _ja(latest.title)))


def _earliest_day(revision: str | None) -> date:
    return date.min if revision is None else parse_iso_date(revision).earliest_day


def _add_revision_date(graph: Graph, iri: URIRef, iso: str, label: str) -> None:
    literal = date_literal(iso)
    graph.add((iri, PKG.revisionDate, literal))
    if literal.datatype == XSD.date:  # ELI's version_date is a full date
        graph.add((iri, ELI.version_date, literal))
    if label:
        graph.add((iri, PKG.revisionLabel, _ja(label)))


def _add_document_revision(graph: Graph, meta: DocumentMeta, vocabulary: Vocabulary) -> None:
    iri = revision_iri_of_doc(meta.doc_id)
    _individual(graph, iri, PKG.Revision)
    graph.add((iri, ELI.is_member_of, series_iri(meta.series)))
    if meta.revision is not None:
        _add_revision_date(graph, iri, meta.revision, meta.revision_label)
    elif meta.revision_label:
        graph.add((iri, PKG.revisionLabel, _ja(meta.revision_label)))
    graph.add((iri, PKG.status, Literal(meta.status)))
    graph.add((iri, ELI.is_realized_by, document_iri(meta.doc_id)))
    issuer = vocabulary.agency(meta.issuer)
    if issuer is not None:
        graph.add((iri, ELI.passed_by, agency_iri(issuer.slug)))


def _add_revisions_without_text(graph: Graph, series: str, metas: list[DocumentMeta]) -> None:
    """The series' `known_revisions` that no document of the corpus realises."""
    with_text = {meta.revision for meta in metas}
    for meta in metas:
        for known in meta.known_revisions:
            if known.revision in with_text:
                continue
            iri = revision_iri(series, known.revision)
            _individual(graph, iri, PKG.Revision)
            graph.add((iri, ELI.is_member_of, series_iri(series)))
            _add_revision_date(graph, iri, known.revision, known.label)


def _add_measures(graph: Graph, document: DocumentInput, vocabulary: Vocabulary) -> None:
    series = series_iri(document.meta.series)
    for coverage in document.facts.coverages:
        iri = measure_iri(coverage.measure)
        _individual(graph, iri, PKG.Measure)
        graph.add((iri, RDFS.label, _ja(coverage.measure)))
        if (english := vocabulary.measure_label_en(coverage.measure)) is not None:
            graph.add((iri, RDFS.label, Literal(english, lang="en")))
        graph.add((iri, PKG.measureOf, series))


def _add_products(graph: Graph, documents: Sequence[DocumentInput], vocabulary: Vocabulary) -> None:
    """One node per product, however its mineral is spelt (ネオジム磁石 = ネオジウム磁石): the
    preferred spelling is its label when a text writes it, the others are altLabels."""
    written: dict[str, list[str]] = {}
    for document in documents:
        for name in _product_names(document):
            written.setdefault(vocabulary.product_name(name), []).append(name)
    for key, names in written.items():
        spellings = list(dict.fromkeys(names))
        label = key if key in spellings else spellings[0]
        iri = product_iri(key)
        _individual(graph, iri, PKG.Product)
        graph.add((iri, RDFS.label, _ja(label)))
        for spelling in spellings:
            if spelling != label:
                graph.add((iri, SKOS.altLabel, _ja(spelling)))


def _product_names(document: DocumentInput) -> Iterator[str]:
    for coverage in document.facts.coverages:
        yield from coverage.products
    for target in document.facts.targets:
        if target.subject and not target.subject_is_mineral:
            yield target.subject


# --- one document: its node, passages and facts ---


def document_graph(document: DocumentInput, vocabulary: Vocabulary) -> Graph:
    """The document, its passages and every fact it states, with provenance."""
    graph = bind_prefixes(Graph())
    _add_document(graph, document)
    for order, passage in enumerate(document.passages):
        _add_passage(graph, passage, order)
    writer = _FactWriter(graph, document, vocabulary)
    found = document.facts
    for mention in found.mentions:
        writer.mention(mention)
    for coverage in found.coverages:
        writer.coverage(coverage)
    for scope in found.programme_scopes:
        writer.programme_scope(scope)
    for target in found.targets:
        writer.target(target)
    for role in found.agency_roles:
        writer.agency_role(role)
    for control in found.export_controls:
        writer.export_control(control)
    for share in found.supply_shares:
        writer.supply_share(share)
    for budget in found.budgets:
        writer.budget(budget)
    return graph


def _add_document(graph: Graph, document: DocumentInput) -> None:
    meta = document.meta
    iri = document_iri(meta.doc_id)
    _individual(graph, iri, PKG.Document)
    graph.add((iri, ELI.realizes, revision_iri_of_doc(meta.doc_id)))
    graph.add((iri, DCTERMS.identifier, Literal(meta.doc_id)))
    graph.add((iri, ELI.title, _ja(meta.title)))
    graph.add((iri, PKG.sourceFile, Literal(meta.source_file)))
    if document.content_hash is not None:
        graph.add((iri, PKG.contentHash, Literal(document.content_hash)))


def _add_passage(graph: Graph, passage: Passage, order: int) -> None:
    iri = passage_iri_from_id(passage.passage_id)
    _individual(graph, iri, PKG.Passage)
    graph.add((iri, DCTERMS.identifier, Literal(passage.passage_id)))
    graph.add((iri, ELI.is_part_of, revision_iri_of_doc(passage.doc_id)))
    graph.add((iri, PKG.inDocument, document_iri(passage.doc_id)))
    graph.add((iri, PKG.passageKind, Literal(passage.kind)))
    graph.add((iri, PKG.sectionPath, Literal(passage.section_path)))
    graph.add((iri, PKG.passageText, Literal(passage.text)))
    graph.add((iri, PKG.startOffset, _count(passage.start)))
    graph.add((iri, PKG.endOffset, _count(passage.end)))
    graph.add((iri, PKG.readingOrder, _count(order)))
    if passage.footnote_number is not None:
        graph.add((iri, PKG.footnoteNumber, _count(passage.footnote_number)))
    for footnote in passage.footnotes:
        graph.add((iri, PKG.refersToFootnote, passage_iri_from_id(footnote)))


class _FactWriter:
    """Writes the facts of one document into its graph, each with its provenance."""

    def __init__(self, graph: Graph, document: DocumentInput, vocabulary: Vocabulary) -> None:
        self.graph = graph
        self.doc_id = document.meta.doc_id
        self.revision = revision_iri_of_doc(self.doc_id)
        self.passages = {p.passage_id: p for p in document.passages}
        self.vocabulary = vocabulary

    # -- the provenance pattern --

    def fact(self, cls: URIRef, record: object, evidence: Iterable[facts.Evidence]) -> URIRef:
        """A new fact of class `cls`, identified by `record`, with its provenance."""
        fact_hash = _hash(self.doc_id, str(cls), repr(record))
        iri = fact_iri(fact_hash)
        _individual(self.graph, iri, cls)
        self.graph.add((iri, PKG.statedIn, self.revision))
        for item in evidence:
            passage = self._passage(item, record)
            self.graph.add((iri, PROV.wasDerivedFrom, passage_iri_from_id(passage.passage_id)))
            self.graph.add((iri, PKG.hasQuote, self._quote(item, passage)))
        return iri

    def _passage(self, evidence: facts.Evidence, record: object) -> Passage:
        passage = self.passages.get(evidence.passage_id)
        if passage is None:
            raise GraphBuildError(
                f"{self.doc_id}: {record!r} cites passage {evidence.passage_id}, "
                "which is not a passage of the document"
            )
        return passage

    def _quote(self, evidence: facts.Evidence, passage: Passage) -> URIRef:
        start = anchor_quote(evidence, passage.text)
        end = start + len(evidence.quote)
        quote_hash = _hash(passage.passage_id, str(start), str(end))
        iri = quote_iri(quote_hash)
        graph = self.graph
        _individual(graph, iri, PKG.Quote)
        graph.add((iri, OA.hasSource, passage_iri_from_id(passage.passage_id)))
        exact = text_quote_selector_iri(quote_hash)
        span = text_position_selector_iri(quote_hash)
        graph.add((iri, OA.hasSelector, exact))
        graph.add((iri, OA.hasSelector, span))
        _individual(graph, exact, OA.TextQuoteSelector)
        graph.add((exact, OA.exact, Literal(evidence.quote)))
        prefix = passage.text[max(0, start - SELECTOR_CONTEXT) : start]
        graph.add((exact, OA.prefix, Literal(prefix)))
        graph.add((exact, OA.suffix, Literal(passage.text[end : end + SELECTOR_CONTEXT])))
        _individual(graph, span, OA.TextPositionSelector)
        graph.add((span, OA.start, _count(start)))
        graph.add((span, OA.end, _count(end)))
        return iri

    def quantity(self, fact: URIRef, value: str, unit: str, written: str = "") -> None:
        """`value` is a number or a range ("20-22"); `unit` as written; `written` the number
        and unit as the text writes them (約10万トン／年), kept beside the normalised value."""
        iri = quantity_iri(str(fact).rsplit("/", 1)[-1])
        graph = self.graph
        graph.add((fact, PKG.hasQuantity, iri))
        _individual(graph, iri, QUDT.QuantityValue)
        bounds = _RANGE.fullmatch(value.strip())
        if bounds is None:
            graph.add((iri, QUDT.numericValue, _decimal(value.strip())))
        else:
            graph.add((iri, PKG.minimumValue, _decimal(bounds.group(1))))
            graph.add((iri, PKG.maximumValue, _decimal(bounds.group(2))))
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

    def entity(self, entity_type: facts.EntityType, key: str) -> URIRef:
        lookup = {"mineral": self.mineral, "agency": self.agency, "country": self.area}
        return lookup[entity_type](key)

    # -- one method per fact kind --

    def mention(self, mention: facts.Mention) -> None:
        entity = self.entity(mention.entity_type, mention.key)
        fact = self.fact(PKG.Mention, mention, [mention.evidence])
        self.graph.add((fact, PKG.mentionedEntity, entity))
        passage = passage_iri_from_id(mention.evidence.passage_id)
        self.graph.add((passage, ELI.is_about, entity))

    def coverage(self, coverage: facts.MeasureCoverage) -> None:
        """One fact per mineral (or product): measure × subject × scope × revision."""
        subjects = [(PKG.coveredMineral, self.mineral(key), key) for key in coverage.minerals]
        subjects += [(PKG.coveredProduct, self.product(name), name) for name in coverage.products]
        for predicate, subject, key in subjects:
            conditions = [c for c in coverage.conditions if key in c.minerals]
            evidence = [coverage.evidence, *(c.evidence for c in conditions)]
            fact = self.fact(PKG.MeasureCoverage, (coverage, key), evidence)
            self.graph.add((fact, PKG.coverageMeasure, measure_iri(coverage.measure)))
            self.graph.add((fact, predicate, subject))
            self.graph.add((fact, PKG.coverageScope, SCOPES[coverage.scope]))
            for condition in conditions:
                self.graph.add((fact, PKG.coverageCondition, _ja(condition.text)))

    def programme_scope(self, scope: facts.ProgrammeScope) -> None:
        """One fact per mineral: the programme's scope × mineral × sense × revision."""
        for key in scope.minerals:
            conditions = [c for c in scope.conditions if key in c.minerals]
            evidence = [scope.evidence, *(c.evidence for c in conditions)]
            fact = self.fact(PKG.ProgrammeScope, (scope, key), evidence)
            self.graph.add((fact, PKG.coveredMineral, self.mineral(key)))
            self.graph.add((fact, PKG.coverageScope, SCOPES[scope.scope]))
            self.graph.add((fact, PKG.scopeHeading, _ja(scope.heading)))
            for condition in conditions:
                self.graph.add((fact, PKG.coverageCondition, _ja(condition.text)))

    def target(self, target: facts.Target) -> None:
        graph = self.graph
        fact = self.fact(PKG.Target, target, [target.evidence])
        if target.subject_is_mineral:
            graph.add((fact, PKG.targetMineral, self.mineral(target.subject)))
        elif target.subject:  # a target may name no subject (30%以上削減)
            graph.add((fact, PKG.targetProduct, self.product(target.subject)))
        self.quantity(fact, target.quantity, target.unit, target.as_written)
        graph.add((fact, PKG.targetKind, Literal(target.kind)))
        graph.add((fact, PKG.isApproximate, Literal(target.approximate)))
        if target.kind == "capacity_threshold":
            graph.add((fact, PKG.comparator, PKG.AtLeast))
        if target.year is not None:
            graph.add((fact, PKG.targetYear, year_literal(target.year)))
        if target.baseline_year is not None:
            graph.add((fact, PKG.baselineYear, year_literal(target.baseline_year)))

    def agency_role(self, role: facts.AgencyRole) -> None:
        agency = self.agency(role.agency)
        if role.role == SUPPORT_AGENCY_ROLE:
            fact = self.fact(PKG.SupportAgencyDesignation, role, [role.evidence])
            self.graph.add((fact, PKG.designatedAgency, agency))
        else:
            fact = self.fact(PKG.AgencyRole, role, [role.evidence])
            self.graph.add((fact, PKG.roleAgency, agency))
            self.graph.add((fact, PKG.roleDescription, _ja(role.role)))

    def export_control(self, control: facts.ExportControl) -> None:
        graph = self.graph
        try:
            date = date_literal(control.date)
        except GraphBuildError as error:
            raise GraphBuildError(f"{self.doc_id}: {control!r}: {error}") from None
        fact = self.fact(PKG.ExportControl, control, [control.evidence])
        graph.add((fact, PKG.issuingCountry, self.area(control.country)))
        graph.add((fact, PKG.controlDate, date))
        for key in control.minerals:
            graph.add((fact, PKG.controlledMineral, self.mineral(key)))
        if control.legal_basis:
            graph.add((fact, PKG.legalBasis, _ja(control.legal_basis)))

    def supply_share(self, share: facts.SupplyShare) -> None:
        graph = self.graph
        fact = self.fact(PKG.SupplyShare, share, [share.evidence])
        graph.add((fact, PKG.shareMineral, self.mineral(share.mineral)))
        graph.add((fact, PKG.shareHolder, self.area(share.country)))
        graph.add((fact, PKG.supplyStage, STAGES[share.stage]))
        self.quantity(fact, _plain_number(share.share), "%", share.as_written)
        if share.year is not None:
            graph.add((fact, PKG.referenceYear, year_literal(share.year)))

    def budget(self, budget: facts.Budget) -> None:
        graph = self.graph
        fact = self.fact(PKG.Budget, budget, [budget.evidence])
        self.quantity(fact, _plain_number(budget.amount), budget.unit)
        graph.add((fact, PKG.budgetProgramme, _ja(budget.programme)))
        if budget.fiscal_year:
            year, category = fiscal_year(budget.fiscal_year)
            if year is not None:
                graph.add((fact, PKG.fiscalYear, year_literal(year)))
            if category:
                graph.add((fact, PKG.budgetCategory, _ja(category)))


def _plain_number(value: float) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def fiscal_year(written: str) -> tuple[int | None, str]:
    """`令和4年度第2次補正予算` -> (2022, "第2次補正予算"); the year is None if none is written."""
    match = _FISCAL_YEAR.search(written)
    if match is None:
        return None, written.strip()
    era, era_year, western = match.groups()
    if western is not None:
        year = int(western)
    else:
        year = _ERA_OFFSETS[era] + (1 if era_year == "元" else int(era_year))
    return year, (written[: match.start()] + written[match.end() :]).strip()


def anchor_quote(evidence: facts.Evidence, text: str) -> int:
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
