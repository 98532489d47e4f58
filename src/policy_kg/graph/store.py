"""The graph of a build as an Oxigraph store (`<build>/graph/`), through rdflib.

`write_store` loads the named graphs into a fresh store in a sibling folder and renames it
into place only once it is complete and closed, so a crash never leaves a half-written store
where readers look. `open_store` opens it read-only as an rdflib `Dataset` whose default graph
is the union of the named graphs: what the SPARQL endpoint and the typed queries see.

Measured (bench/bench_graph.py): rdflib's memory store is far too slow for the joins the
queries need, so the store is Oxigraph (oxrdflib's rdflib plugin over pyoxigraph).
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Mapping
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef

from policy_kg import atomic
from policy_kg.graph.namespaces import bind_prefixes


class GraphStoreMissing(FileNotFoundError):
    """No graph store where one was expected: the corpus has not been built."""


def write_store(
    store_dir: Path,
    graphs: Mapping[URIRef, Graph],
    kept: Collection[URIRef] = (),
    source: Path | None = None,
) -> None:
    """Write `graphs` (graph IRI -> triples) as the store at `store_dir`, replacing any, with
    the named graphs `kept` as they are in the store at `source`.

    The kept graphs are not loaded again: the new store starts as a backup of the source
    (`Store.backup`, hard links to its immutable files on the same file system) less its other
    graphs. Loading is what costs: the 470,000 quads of a 40-document corpus loaded at about
    60,000 a second here (load average 5), from N-Triples, N-Quads or another store's quads
    alike, so an incremental build that loaded every document's graph again grew with the
    corpus; the backup and the removal of one graph took 0.5 s. (Counting the store's quads
    took 0.8 s more at 100 copies of the seeds, 5.9M quads: nothing reads a count here.)
    """
    with atomic.staged_dir(store_dir) as staging:
        store = _backup_keeping(source, staging, kept) if kept else ox.Store(str(staging))
        for name, graph in graphs.items():
            data = graph.serialize(format="nt").encode("utf-8")
            store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        store.flush()
        del store
        gc.collect()  # close the store (and its lock) before the folder is renamed


def _backup_keeping(source: Path | None, target: Path, kept: Collection[URIRef]) -> ox.Store:
    """A writable store at `target` (an empty folder): the store at `source` with only the
    named graphs `kept`."""
    if source is None:
        raise ValueError(f"{len(kept)} graphs to keep and no store to keep them from")
    original = open_oxigraph(source)
    held = {graph.value for graph in original.named_graphs() if isinstance(graph, ox.NamedNode)}
    missing = sorted(str(name) for name in kept if str(name) not in held)
    if missing:
        raise ValueError(f"no graph {', '.join(missing)} in the store at {source}")
    target.rmdir()  # Store.backup makes the folder
    original.backup(str(target))
    del original
    store = ox.Store(str(target))
    wanted = {str(name) for name in kept}
    for graph in list(store.named_graphs()):
        if not isinstance(graph, ox.NamedNode) or graph.value not in wanted:
            store.remove_graph(graph)
    store.clear_graph(ox.DefaultGraph())
    return store


def open_oxigraph(store_dir: Path) -> ox.Store:
    """The store at `store_dir`, read-only."""
    if not store_dir.is_dir():
        raise GraphStoreMissing(f"no graph store at {store_dir}: run `policy-kg build` first")
    return ox.Store.read_only(str(store_dir))


def union_triples(store: ox.Store) -> list[ox.Triple]:
    """Every triple of every graph of the store, once."""
    query = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    return list(store.query(query, use_default_graph_as_union=True))


def read_graph(store_dir: Path) -> Graph:
    """The union of the store's graphs, copied into an rdflib memory graph (for a reasoner or
    a serializer; query the store itself, not this copy)."""
    data = ox.serialize(union_triples(open_oxigraph(store_dir)), format=ox.RdfFormat.N_TRIPLES)
    return bind_prefixes(Graph().parse(data=data.decode("utf-8"), format="nt"))


def open_store(store_dir: Path) -> Dataset:
    """The store at `store_dir` as a read-only rdflib Dataset over the union of its graphs."""
    dataset = Dataset(store=OxigraphStore(store=open_oxigraph(store_dir)), default_union=True)
    bind_prefixes(dataset)
    return dataset
