"""`export_graph`: every format parses back to the whole graph (ontology, vocabulary, documents,
facts with provenance); N-Quads keeps the named graphs; the file is written atomically."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from policy_kg.graph.export import EXPORT_FORMATS, export_graph
from policy_kg.graph.namespaces import PKG
from policy_kg.graph.store import read_graph

RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMATS))
def test_triple_formats_parse_back_to_the_whole_graph(
    small_store_dir: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    written = export_graph(small_store_dir, fmt, out)
    parsed = Graph().parse(out, format=RDFLIB_FORMATS[fmt])
    whole = read_graph(small_store_dir)
    assert written == len(parsed) == len(whole)
    assert isomorphic(parsed, whole)
    assert (PKG.Target, None, None) in parsed  # the ontology is in
    assert len(set(parsed.subjects(PKG.hasQuote, None))) > 10  # and the facts


def test_nquads_keep_the_named_graphs(
    small_graphs: dict[URIRef, Graph], small_store_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.nq"
    written = export_graph(small_store_dir, "nquads", out)
    named = Counter(str(quad.graph_name.value) for quad in ox.parse(path=out))
    assert named == {str(name): len(graph) for name, graph in small_graphs.items()}
    assert written == sum(named.values())


def test_turtle_uses_the_project_prefixes(small_store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    export_graph(small_store_dir, "turtle", out)
    head = out.read_text(encoding="utf-8")[:2000]
    assert "@prefix pkg: <https://w3id.org/policy-kg/ontology#> ." in head


def test_an_unknown_format_is_refused_and_writes_nothing(
    small_store_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.xml"
    with pytest.raises(ValueError, match=", ".join(EXPORT_FORMATS)):
        export_graph(small_store_dir, "rdfxml", out)
    assert list(tmp_path.iterdir()) == []


def test_an_export_replaces_the_file_whole(small_store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    out.write_text("stale\n", encoding="utf-8")
    export_graph(small_store_dir, "ntriples", out)
    assert "stale" not in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]
