"""Typed queries over the built graph, for the later stages (trace, diff, ask, UI).

Each function runs SPARQL on an rdflib graph (normally `store.open_store(...)`, the Oxigraph
store of a build; any rdflib graph holding the same triples works) and returns small frozen
records. The quotes behind facts are fetched by the one provenance pattern of
ontology/README.md (`pkg:hasQuote` -> `oa:hasSource` passage + selectors).

By job: `records` (the dataclasses), `plumbing` (`select` with IRIs bound as terms, literal
helpers, `date_order`), `provenance` (quotes), `documents` (revisions, documents naming an
entity), `coverage` (measures and what they cover), `numeric_targets`, `agencies` (support
agency, export controls), `uses` (what minerals are used for) and `entity_page`.

Orders: revisions and documents by the earliest day of their (partial) date, undated last;
quotes in reading order.

OPTIONAL blocks come last in each group: Oxigraph joins what follows an OPTIONAL separately,
which made a targets-with-quotes query take 540 ms instead of 2 ms (bench/bench_graph.py).
"""

from policy_kg.graph.queries.agencies import export_controls, support_agencies, support_agency
from policy_kg.graph.queries.coverage import (
    coverages,
    measures_covering,
    minerals_of_measure,
    programme_scopes,
)
from policy_kg.graph.queries.documents import documents_naming, revisions, revisions_without_text
from policy_kg.graph.queries.entity_page import entity_facts
from policy_kg.graph.queries.numeric_targets import targets, targets_for
from policy_kg.graph.queries.plumbing import (
    PREFIX_HEADER,
    InvalidIriError,
    date_order,
    parse_iri,
    select,
)
from policy_kg.graph.queries.provenance import quotes_of
from policy_kg.graph.queries.records import (
    AgencyRecord,
    Coverage,
    DocumentNaming,
    EntityPage,
    ExportControlRecord,
    FactRef,
    Link,
    MineralUseRecord,
    Named,
    QuoteRef,
    RevisionRecord,
    Scope,
    ScopeRecord,
    TargetRecord,
)
from policy_kg.graph.queries.uses import mineral_uses

__all__ = [
    "PREFIX_HEADER",
    "AgencyRecord",
    "Coverage",
    "DocumentNaming",
    "EntityPage",
    "ExportControlRecord",
    "FactRef",
    "InvalidIriError",
    "Link",
    "MineralUseRecord",
    "Named",
    "QuoteRef",
    "RevisionRecord",
    "Scope",
    "ScopeRecord",
    "TargetRecord",
    "coverages",
    "date_order",
    "documents_naming",
    "entity_facts",
    "export_controls",
    "measures_covering",
    "mineral_uses",
    "minerals_of_measure",
    "parse_iri",
    "programme_scopes",
    "quotes_of",
    "revisions",
    "revisions_without_text",
    "select",
    "support_agencies",
    "support_agency",
    "targets",
    "targets_for",
]
