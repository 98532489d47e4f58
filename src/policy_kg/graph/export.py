"""`policy-kg export`: the whole graph (ontology, vocabulary, documents, facts with their
provenance) in one file, written atomically.

`nquads` keeps the named graphs of the store (see `namespaces`); the triple formats
(`turtle`, `ntriples`, `jsonld`) hold their union, each triple once.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from policy_kg import atomic
from policy_kg.graph.namespaces import PREFIXES
from policy_kg.graph.store import open_oxigraph, union_triples

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def export_graph(store_dir: Path, fmt: str, out_path: Path) -> int:
    """Write the graph stored at `store_dir` to `out_path` in `fmt` (a key of
    EXPORT_FORMATS); returns the number of triples (quads for nquads) written."""
    if fmt not in EXPORT_FORMATS:
        choices = ", ".join(EXPORT_FORMATS)
        raise ValueError(f"unknown export format {fmt!r}; choose one of {choices}")
    store = open_oxigraph(store_dir)
    statements: list[ox.Quad] | list[ox.Triple]
    if fmt == "nquads":
        statements = sorted(store.quads_for_pattern(None, None, None, None), key=_quad_order)
    else:
        statements = sorted(union_triples(store), key=_triple_order)  # subjects together
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    data = ox.serialize(statements, format=EXPORT_FORMATS[fmt], prefixes=prefixes)
    atomic.write_text(out_path, data.decode("utf-8"))
    return len(statements)


def _triple_order(triple: ox.Triple) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def _quad_order(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), *_triple_order(quad.triple))
