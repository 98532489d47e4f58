"""Fixtures over the small hand-made corpus of small_corpus.py: its graph and its store."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from policy_kg.graph.build import build_graph
from policy_kg.graph.ontology import load_ontology
from policy_kg.graph.store import open_store, write_store
from policy_kg.nlp.vocabulary import Vocabulary, default_vocabulary

from .small_corpus import SMALL_CORPUS


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return default_vocabulary()


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="session")
def small_graphs(vocabulary: Vocabulary, ontology: Graph) -> dict[URIRef, Graph]:
    return build_graph(SMALL_CORPUS, vocabulary, ontology)


@pytest.fixture(scope="session")
def small_store_dir(
    small_graphs: dict[URIRef, Graph], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    store_dir = tmp_path_factory.mktemp("build") / "graph"
    write_store(store_dir, small_graphs)
    return store_dir


@pytest.fixture(scope="session")
def small_store(small_store_dir: Path) -> Iterator[Dataset]:
    dataset = open_store(small_store_dir)
    yield dataset
    del dataset
    gc.collect()
