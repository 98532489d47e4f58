"""The TBox (ontology/policy-kg.ttl) and what code reads from it rather than repeating it: the
fact classes, every class under pkg:Fact (transitively), which the entity page leaves out of an
entity's links and each fact kind's graph writer must use."""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from policy_kg.config import ONTOLOGY_TTL, shipped_file
from policy_kg.graph.namespaces import PKG

ONTOLOGY_FILE = shipped_file(ONTOLOGY_TTL)


def load_ontology(path: Path = ONTOLOGY_FILE) -> Graph:
    """The TBox (ontology/policy-kg.ttl)."""
    return Graph().parse(path, format="turtle")


def fact_classes(ontology: Graph) -> frozenset[URIRef]:
    """pkg:Fact and every class under it, through any chain of rdfs:subClassOf."""
    found = ontology.transitive_subjects(RDFS.subClassOf, PKG.Fact)
    return frozenset(iri for iri in found if isinstance(iri, URIRef))


@functools.cache
def project_fact_classes() -> frozenset[URIRef]:
    """`fact_classes` of the project's ontology, read once per process."""
    return fact_classes(load_ontology())
