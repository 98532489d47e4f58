"""The Oxigraph store of a build: a round trip keeps every triple in its named graph, a rewrite
replaces the store whole, a failed write leaves the previous store, readers cannot write, named
graphs are kept from another store."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from policy_kg.graph.build import merged_graph
from policy_kg.graph.namespaces import CATALOGUE_GRAPH, series_iri
from policy_kg.graph.store import (
    GraphStoreMissing,
    open_oxigraph,
    open_store,
    read_graph,
    write_store,
)

SERIES = series_iri("critical-minerals-policy")


def test_round_trip_keeps_every_triple(
    small_graphs: dict[URIRef, Graph], small_store_dir: Path, small_store: Dataset
) -> None:
    assert isomorphic(read_graph(small_store_dir), merged_graph(small_graphs))
    assert len(small_store) == len(merged_graph(small_graphs))


def test_each_graph_is_a_named_graph_of_the_store(
    small_graphs: dict[URIRef, Graph], small_store_dir: Path
) -> None:
    store = open_oxigraph(small_store_dir)
    assert {str(g.value) for g in store.named_graphs()} == {str(name) for name in small_graphs}
    for name, graph in small_graphs.items():
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(name))
        assert sum(1 for _ in quads) == len(graph), name


def test_the_rdflib_view_answers_sparql_over_the_union(small_store: Dataset) -> None:
    rows = small_store.query(
        "SELECT ?label WHERE { ?s rdfs:label ?label ; dcterms:identifier ?id }"
    )
    labels = {str(row.label) for row in rows}
    assert "重要鉱物に係る安定供給確保を図るための取組方針" in labels


def test_a_rewrite_replaces_the_whole_store(tmp_path: Path) -> None:
    store_dir = tmp_path / "graph"
    first, second = Graph(), Graph()
    first.add((SERIES, RDFS.label, Literal("old")))
    second.add((SERIES, RDFS.label, Literal("new")))
    write_store(store_dir, {CATALOGUE_GRAPH: first})
    write_store(store_dir, {CATALOGUE_GRAPH: second})
    assert set(read_graph(store_dir)) == set(second)
    assert [p.name for p in tmp_path.iterdir()] == ["graph"]


class Exploding(Graph):
    def serialize(self, *args: object, **kwargs: object) -> str:  # type: ignore[override]
        raise RuntimeError("disk full")


def test_a_failed_write_leaves_the_previous_store(tmp_path: Path) -> None:
    store_dir = tmp_path / "graph"
    old = Graph()
    old.add((SERIES, RDFS.label, Literal("old")))
    write_store(store_dir, {CATALOGUE_GRAPH: old})
    with pytest.raises(RuntimeError, match="disk full"):
        write_store(store_dir, {CATALOGUE_GRAPH: old, SERIES: Exploding()})
    gc.collect()
    assert set(read_graph(store_dir)) == set(old)
    assert [p.name for p in tmp_path.iterdir()] == ["graph"]


def test_readers_cannot_write(small_store_dir: Path) -> None:
    store = open_oxigraph(small_store_dir)
    with pytest.raises(RuntimeError, match="read-write"):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_a_missing_store_says_to_build(tmp_path: Path) -> None:
    with pytest.raises(GraphStoreMissing, match="policy-kg build"):
        open_store(tmp_path / "graph")


def test_named_graphs_are_kept_from_another_store(tmp_path: Path) -> None:
    kept, dropped, rewritten = Graph(), Graph(), Graph()
    kept.add((SERIES, RDFS.label, Literal("kept")))
    dropped.add((SERIES, RDFS.label, Literal("dropped")))
    rewritten.add((SERIES, RDFS.comment, Literal("new")))
    write_store(tmp_path / "before", {SERIES: kept, CATALOGUE_GRAPH: dropped})
    gc.collect()
    before, after = tmp_path / "before", tmp_path / "after"
    write_store(after, {CATALOGUE_GRAPH: rewritten}, [SERIES], before)
    store = open_oxigraph(after)
    assert sorted(str(q.object.value) for q in store) == ["kept", "new"]
    assert len(open_oxigraph(before)) == 2  # the source is untouched


def test_keeping_a_graph_the_source_lacks_names_it(tmp_path: Path) -> None:
    write_store(tmp_path / "before", {CATALOGUE_GRAPH: Graph()})
    gc.collect()
    with pytest.raises(ValueError, match="critical-minerals-policy"):
        write_store(tmp_path / "after", {}, [SERIES], tmp_path / "before")
    assert not (tmp_path / "after").exists()
