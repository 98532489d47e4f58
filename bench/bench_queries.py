"""Print how long the typed queries and the explore page take on the real corpus's graph.

    .venv/bin/python bench/bench_queries.py [--corpus corpus] [--runs 20] [--store DIR]

Builds the corpus's graph into an Oxigraph store in a temporary folder (or opens --store),
then prints the median of --runs calls of each typed query, of the entity page of the most
connected nodes of the graph (the heaviest pages a user can ask for), and of looking up a
key that tries to inject SPARQL (which must be refused, not run).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.graph import queries
from policy_kg.graph.build import build_graph
from policy_kg.graph.entities import UnknownEntityError, entity_iri
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import ID, MINERAL_SCHEME, PKG, mineral_iri
from policy_kg.graph.ontology import load_ontology
from policy_kg.graph.store import open_store, write_store
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.vocabulary import default_vocabulary
from policy_kg.revisions.entities import entity_deltas

CM = "critical-minerals-policy@2026-03-30"
NEODYMIUM, LITHIUM = str(mineral_iri("neodymium")), str(mineral_iri("lithium"))
TYPED: dict[str, Callable[[Graph], object]] = {
    "revisions": lambda g: queries.revisions(g, "critical-minerals-policy"),
    "documents_naming(ネオジム)": lambda g: queries.documents_naming(g, NEODYMIUM),
    "measures_covering(ネオジム, groups)": lambda g: queries.measures_covering(
        g, NEODYMIUM, CM, include_groups=True
    ),
    "minerals_of_measure": lambda g: queries.minerals_of_measure(g, "製錬等事業支援"),
    "targets": lambda g: queries.targets(g),
    "export_controls": lambda g: queries.export_controls(g),
    "support_agency": lambda g: queries.support_agency(g, CM),
}
DIFF = (CM, "rare-metals-overview@2011-12")
# The nodes with the most edges (counted with a GROUP BY over the corpus's graph).
HEAVY_PAGES = {
    "リチウム": LITHIUM,
    "owl:NamedIndividual (10057 edges)": str(OWL.NamedIndividual),
    "pkg:Mention (1983 edges)": str(PKG.Mention),
    f"revision {CM} (1819 edges)": str(ID["revision/critical-minerals-policy/2026-03-30"]),
    "レアアース (398 edges)": str(mineral_iri("rare-earths")),
    "the minerals scheme": str(MINERAL_SCHEME),
}
INJECTIONS = {
    "SERVICE": f"{mineral_iri('gallium')}> }} SERVICE <http://127.0.0.1:9/x> {{ ?a ?b ?c }} #",
    "cartesian": f"{mineral_iri('gallium')}> }} ?a ?b ?c . ?d ?e ?f . ?g ?h ?i #",
    "UNION bomb": f"{mineral_iri('gallium')}> }} "
    + " UNION ".join("{ ?s ?p ?o }" for _ in range(10_000))
    + " #",
}


def median_ms(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def refused(key: str, graph: Graph) -> str:
    try:
        return f"ran: {entity_iri(key, default_vocabulary(), graph)[:40]}"
    except UnknownEntityError:
        return "refused"


def build_store(corpus: Path, work: Path) -> Path:
    parsed = [parse_document(doc) for doc in load_corpus(corpus).documents]
    extractor = FactExtractor.load(work / "cache", default_vocabulary())
    documents = [
        DocumentInput(p.meta, p.passages, extract_document(p, extractor), p.source.content_hash)
        for p in parsed
    ]
    graphs = build_graph(documents, default_vocabulary(), load_ontology())
    write_store(work / "graph", graphs)
    return work / "graph"


def page(graph: Graph, key: str) -> queries.EntityPage:
    """What Runtime.entity does: find the entity, then query its page."""
    return queries.entity_facts(graph, entity_iri(key, default_vocabulary(), graph))


def report(graph: Graph, runs: int) -> None:
    print(f"median of {runs} runs, ms")
    for name, call in TYPED.items():
        print(f"  queries.{name:40} {median_ms(lambda c=call: c(graph), runs):8.1f}")
    took = median_ms(lambda: entity_deltas(graph, *DIFF), runs)
    print(f"  revisions.entity_deltas(CM, {DIFF[1]})".ljust(52) + f" {took:8.1f}")
    for name, iri in HEAVY_PAGES.items():
        shown = page(graph, iri)
        took = median_ms(lambda i=iri: page(graph, i), runs)
        size = f"{len(shown.links)} links, {len(shown.facts)} facts"
        print(f"  entity page ({name})".ljust(52) + f" {took:8.1f}  {size}")
    for name, key in INJECTIONS.items():
        outcome = refused(key, graph)
        if outcome == "refused":
            took = median_ms(lambda k=key: refused(k, graph), runs)
            print(f"  entity_iri(injection: {name})".ljust(52) + f" {took:8.1f}  refused")
        else:
            print(f"  entity_iri(injection: {name})".ljust(52) + f"     {outcome} (not run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--store", type=Path, help="an existing graph store to open")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = args.store or build_store(args.corpus, Path(folder))
        report(open_store(store), args.runs)


if __name__ == "__main__":
    main()
