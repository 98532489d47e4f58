"""`policy-kg check`: HermiT's verdict on a built graph, and a plain message without Java."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import owlready2
from rdflib import URIRef
from rdflib.namespace import RDF

from policy_kg.cli import EXIT_REASONER, main
from policy_kg.cli_check import EXIT_INCONSISTENT, run_check
from policy_kg.config import BuildDir
from policy_kg.graph.namespaces import ONTOLOGY_GRAPH, PKG
from policy_kg.graph.ontology import load_ontology
from policy_kg.graph.store import write_store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FRAMEWORK = "japan-us-minerals-framework-2025-10-28"


def test_check_without_java_names_java_17_and_builds_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-for-policy-kg")
    indexes = tmp_path / "indexes"
    argv = ["--corpus", str(CORPUS), "--indexes", str(indexes), "check"]
    assert main(argv) == EXIT_REASONER
    err = capsys.readouterr().err
    assert "Java 17" in err and "no-such-java-for-policy-kg" in err
    assert "Traceback" not in err
    assert not indexes.exists(), "Java is looked for before the build"


def test_hermit_check_finds_a_built_corpus_consistent(tmp_path, shared_cache, monkeypatch, capsys):
    monkeypatch.setenv("POLICY_KG_CACHE", str(shared_cache))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(CORPUS / f"{FRAMEWORK}{suffix}", corpus)
    argv = ["--corpus", str(corpus), "--indexes", str(tmp_path / "indexes"), "check", "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["consistent"] is True
    assert report["triples"] > len(load_ontology())


def test_hermit_check_reports_a_contradiction(tmp_path, capsys):
    """A fact typed both pkg:Target and pkg:ExportControl, which the ontology makes disjoint."""
    graph = load_ontology()
    fact = URIRef("https://w3id.org/policy-kg/id/test/both-kinds")
    graph.add((fact, RDF.type, PKG.Target))
    graph.add((fact, RDF.type, PKG.ExportControl))
    build = BuildDir(tmp_path / "build")
    write_store(build.graph, {ONTOLOGY_GRAPH: graph})
    assert run_check(build, classify=False, as_json=False) == EXIT_INCONSISTENT
    assert "INCONSISTENT" in capsys.readouterr().out


def test_hermit_check_of_the_ontology_alone_passes(tmp_path, capsys):
    build = BuildDir(tmp_path / "build")
    write_store(build.graph, {ONTOLOGY_GRAPH: load_ontology()})
    assert run_check(build, classify=False, as_json=False) == 0
    assert "build: consistent (" in capsys.readouterr().out
