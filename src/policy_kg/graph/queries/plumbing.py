"""Running the typed queries: prefixes, IRIs bound as terms, literals read back.

No text from outside reaches a query. A value goes in only as an RDF term: `parse_iri` checks
that text is one IRI (none of the characters SPARQL's IRIREF forbids, `<>"{}|^`\\` and
spaces or controls, then pyoxigraph's own IRI parser, and a length cap), and `select` binds
only such IRIs, in a VALUES block of each term as rdflib serialises it (`URIRef.n3()`) at
the start of the query's first WHERE group, where the engine joins on it first. The query
text itself is a constant of the code.

Why VALUES and not the store's own binding: oxrdflib passes rdflib's `initBindings` on as
pyoxigraph `substitutions`, which refuse a variable the query does not project (pyoxigraph
0.5.13), and were not faster: on the corpus's graph, median of 30 runs, the mentions join of
`documents_naming` took 19 ms with VALUES and 35 ms substituted, the entity page's facts
97 ms and 40 ms. The VALUES text is the one the queries used before the check, so each
query keeps its speed: bench/bench_queries.py, before and after, median over 7 alternating
runs on a loaded 2-core machine: documents_naming 118 and 106 ms, targets 44 and 39 ms,
the page of リチウム 33 and 32 ms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.query import ResultRow

from policy_kg.corpus.dates import parse_iso_date
from policy_kg.graph.namespaces import PREFIXES
from policy_kg.nlp.quantity import Quantity

PREFIX_HEADER = "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())

# The longest IRI of the corpus's graph has 272 characters (a percent-encoded measure name);
# four times that leaves room for longer names while refusing text pasted by mistake.
MAX_IRI_CHARS = 1024
# What IRIREF (SPARQL 1.1 grammar, production 139) forbids besides spaces and controls.
_FORBIDDEN = frozenset('<>"{}|^`\\')
QUOTED_CHARS = 80  # how much of a value an error message quotes
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WHERE = "WHERE {"

# The Japanese label of ?x as ?xLabel: skos:prefLabel for vocabulary concepts, rdfs:label else.
_LABEL = """OPTIONAL {{ {x} skos:prefLabel ?{x_}Pref . FILTER (LANG(?{x_}Pref) = "ja") }}
OPTIONAL {{ {x} rdfs:label ?{x_}Plain . FILTER (LANG(?{x_}Plain) = "ja") }}
BIND (COALESCE(?{x_}Pref, ?{x_}Plain) AS ?{x_}Label)"""


class InvalidIriError(ValueError):
    """Text that is not an IRI a query can be asked about; `reason` says why."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text, reason)
        self.text = text
        self.reason = reason

    def __str__(self) -> str:
        return f"{capped(self.text)!r} is not an IRI: {self.reason}"


def capped(text: str, limit: int = QUOTED_CHARS) -> str:
    """`text` as an error message may quote it: at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_iri(text: str) -> URIRef:
    """`text` as an IRI term, or InvalidIriError saying what is wrong with it."""
    if len(text) > MAX_IRI_CHARS:
        raise InvalidIriError(text, f"it is longer than {MAX_IRI_CHARS} characters")
    bad = next((c for c in text if c in _FORBIDDEN or ord(c) <= 0x20), None)
    if bad is not None:
        raise InvalidIriError(text, f"it contains {bad!r}")
    try:
        ox.NamedNode(text)
    except ValueError as error:
        raise InvalidIriError(text, f"not absolute or malformed ({capped(str(error))})") from None
    return URIRef(text)


def values(variable: str, iris: Iterable[URIRef]) -> str:
    """A VALUES block fixing ?variable to each of `iris`, each checked by `parse_iri`."""
    if not _VARIABLE.fullmatch(variable):
        raise ValueError(f"{capped(variable)!r} is not a SPARQL variable name")
    terms = []
    for iri in iris:
        if not isinstance(iri, URIRef):
            raise TypeError(f"?{variable} can only be bound to an IRI, not {type(iri).__name__}")
        terms.append(parse_iri(str(iri)).n3())
    return f"VALUES ?{variable} {{ {' '.join(terms)} }}"


def select(graph: Graph, query: str, **bindings: URIRef) -> list[ResultRow]:
    """Run a SELECT whose variables in `bindings` are fixed to IRIs (see the module's doc).

    `query` is the code's own text; any value from outside goes in `bindings`.
    """
    if bindings and _WHERE not in query:
        raise ValueError(f"a query with bindings needs a {_WHERE!r} group to bind them in")
    block = "".join(values(name, [iri]) + "\n" for name, iri in bindings.items())
    query = query.replace(_WHERE, f"{_WHERE}\n{block}", 1)
    return list(graph.query(PREFIX_HEADER + query))


def label_pattern(variable: str) -> str:
    """The patterns that bind ?<variable>Label to the Japanese label of ?<variable>."""
    return _LABEL.format(x=f"?{variable}", x_=variable)


def text_or_none(node: object) -> str | None:
    return None if node is None else str(node)


def int_or_none(node: object) -> int | None:
    """An integer or an xsd:gYear ("2030") as int."""
    return None if node is None else int(str(node))


def decimal_or_none(node: object) -> Decimal | None:
    return None if node is None else Decimal(str(node))


def quantity_of(row: ResultRow) -> Quantity:
    """The Quantity a row's ?value (or ?minimum and ?maximum) and ?unit give."""
    return Quantity(
        decimal_or_none(row.value),
        decimal_or_none(row.minimum),
        decimal_or_none(row.maximum),
        str(row.unit),
    )


def date_order(revision: str | None) -> tuple[bool, date]:
    """Sort key of an ISO (partial) date: its earliest day; undated last."""
    if revision is None:
        return (True, date.max)
    return (False, parse_iso_date(revision).earliest_day)
