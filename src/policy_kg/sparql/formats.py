"""Result formats and content negotiation (HTTP Accept with q-values).

SELECT and ASK answer in the SPARQL results formats, CONSTRUCT and DESCRIBE in RDF
formats; the first format of each list is the default (for a missing Accept or `*/*`).
Aliases are media types that clients send for the same format (SPARQLWrapper sends
`application/json` and `application/turtle`, for example); the answer always carries the
format's registered media type.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from policy_kg.sparql.model import NotAcceptable


@dataclass(frozen=True)
class Format:
    name: str  # as on the command line: `--format NAME`
    media_type: str
    engine_format: QueryResultsFormat | RdfFormat
    aliases: tuple[str, ...] = ()


RESULT_FORMATS = (
    Format(
        "json",
        "application/sparql-results+json",
        QueryResultsFormat.JSON,
        ("application/json", "text/javascript", "application/javascript"),
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        QueryResultsFormat.XML,
        ("application/xml", "text/xml"),
    ),
    Format("csv", "text/csv", QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", QueryResultsFormat.TSV),
)

GRAPH_FORMATS = (
    Format(
        "turtle", "text/turtle", RdfFormat.TURTLE, ("application/turtle", "application/x-turtle")
    ),
    Format("ntriples", "application/n-triples", RdfFormat.N_TRIPLES, ("text/plain",)),
    Format("jsonld", "application/ld+json", RdfFormat.JSON_LD, ("application/json",)),
    Format("rdfxml", "application/rdf+xml", RdfFormat.RDF_XML),
)


def formats_for(returns_graph: bool) -> tuple[Format, ...]:
    return GRAPH_FORMATS if returns_graph else RESULT_FORMATS


def format_named(name: str, returns_graph: bool) -> Format:
    """The format called `name`; NotAcceptable when it does not fit the query form."""
    offered = formats_for(returns_graph)
    for fmt in offered:
        if fmt.name == name:
            return fmt
    kind = "CONSTRUCT/DESCRIBE" if returns_graph else "SELECT/ASK"
    names = ", ".join(fmt.name for fmt in offered)
    raise NotAcceptable(f"format {name!r} does not fit a {kind} query; use one of: {names}")


def negotiate(accept: str, returns_graph: bool) -> Format:
    """The offered format the client prefers most; ties go to the server's order."""
    offered = formats_for(returns_graph)
    ranges = _media_ranges(accept or "*/*")
    best, best_q = None, 0.0
    for fmt in offered:
        q = max([_quality(fmt.media_type, ranges), *(_exact(a, ranges) for a in fmt.aliases)])
        if q > best_q:
            best, best_q = fmt, q
    if best is None:
        kind = "CONSTRUCT/DESCRIBE" if returns_graph else "SELECT/ASK"
        types = ", ".join(fmt.media_type for fmt in offered)
        raise NotAcceptable(
            f"no acceptable format for a {kind} result (Accept: {accept}); available: {types}"
        )
    return best


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header; an unreadable q counts as 0."""
    ranges = []
    for part in accept.split(","):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        if not media_range:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media_range.lower(), q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching `media_type` (0 when none matches)."""
    main = media_type.split("/")[0]
    best_specificity, q = -1, 0.0
    for media_range, range_q in ranges:
        specificity = {media_type: 2, f"{main}/*": 1, "*/*": 0}.get(media_range, -1)
        if specificity > best_specificity:
            best_specificity, q = specificity, range_q
    return q


def _exact(alias: str, ranges: list[tuple[str, float]]) -> float:
    """An alias counts only where named: `text/*` must not pick JSON for `text/javascript`."""
    return max((q for media_range, q in ranges if media_range == alias), default=0.0)
