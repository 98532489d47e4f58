"""Print the graph's build, store, export and consistency times, and the real query shapes
timed in rdflib's memory store against the Oxigraph store.

    .venv/bin/python bench/bench_graph.py [--corpus corpus] [--runs 5] [--memory-cap 120]

Extracts the facts of the corpus with the nlp pipeline, builds the graph, writes it as an
Oxigraph store in a temporary folder, then times each query shape (median of --runs) in
both stores. A memory-store query still running after --memory-cap seconds is stopped and
reported as such.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from rdflib import Graph

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.graph import queries
from policy_kg.graph.build import build_graph, merged_graph
from policy_kg.graph.consistency import check_consistency
from policy_kg.graph.export import export_graph
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import mineral_iri
from policy_kg.graph.ontology import load_ontology
from policy_kg.graph.queries import PREFIX_HEADER
from policy_kg.graph.store import open_store, read_graph, write_store
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.vocabulary import default_vocabulary

CM = "critical-minerals-policy@2026-03-30"

QUERIES = {
    # 4-pattern join (coverage -> measure, mineral, revision -> document) with GROUP BY
    "minerals per measure (GROUP BY)": """
SELECT ?docId ?measureLabel (COUNT(DISTINCT ?mineral) AS ?minerals) WHERE {
  ?coverage pkg:coverageMeasure ?measure ; pkg:coveredMineral ?mineral ; pkg:statedIn ?rev .
  ?measure rdfs:label ?measureLabel .
  ?rev eli:is_realized_by/dcterms:identifier ?docId .
}
GROUP BY ?docId ?measureLabel ORDER BY ?docId ?measureLabel""",
    "targets with their quotes": """
SELECT ?target ?value ?unit ?year ?quote ?section WHERE {
  ?target a pkg:Target ; pkg:hasQuantity ?quantity ; pkg:hasQuote ?q .
  ?quantity pkg:unitText ?unit .
  ?q oa:hasSource ?passage ; oa:hasSelector ?selector .
  ?selector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?passage pkg:sectionPath ?section .
  OPTIONAL { ?quantity qudt:numericValue ?value }
  OPTIONAL { ?target pkg:targetYear ?year }
}""",
    "the same, OPTIONALs in the middle": """
SELECT ?target ?value ?unit ?year ?quote ?section WHERE {
  ?target a pkg:Target ; pkg:hasQuantity ?quantity ; pkg:hasQuote ?q .
  ?quantity pkg:unitText ?unit .
  OPTIONAL { ?quantity qudt:numericValue ?value }
  OPTIONAL { ?target pkg:targetYear ?year }
  ?q oa:hasSource ?passage ; oa:hasSelector ?selector .
  ?selector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?passage pkg:sectionPath ?section .
}""",
    "documents naming ネオジム, oldest first": """
SELECT ?docId (MIN(STR(?date)) AS ?revision) (COUNT(DISTINCT ?passage) AS ?passages) WHERE {
  ?mineral skos:prefLabel "ネオジム"@ja .
  ?passage eli:is_about ?mineral ; eli:is_part_of ?rev ; pkg:inDocument/dcterms:identifier ?docId .
  ?rev pkg:revisionDate ?date .
}
GROUP BY ?docId ORDER BY ?revision""",
}

NEODYMIUM, LITHIUM = str(mineral_iri("neodymium")), str(mineral_iri("lithium"))
TYPED: dict[str, Callable[[Graph], tuple[object, ...]]] = {
    "queries.revisions": lambda g: queries.revisions(g, "critical-minerals-policy"),
    "queries.documents_naming(ネオジム)": lambda g: queries.documents_naming(g, NEODYMIUM),
    "queries.measures_covering(ネオジム, groups)": lambda g: queries.measures_covering(
        g, NEODYMIUM, CM, include_groups=True
    ),
    "queries.minerals_of_measure": lambda g: queries.minerals_of_measure(g, "製錬等事業支援"),
    "queries.targets": lambda g: queries.targets(g),
    "queries.export_controls": lambda g: queries.export_controls(g),
    "queries.entity_facts(リチウム)": lambda g: (queries.entity_facts(g, LITHIUM),),
}


class OverCap(Exception):
    pass


def _stop(signum: int, frame: FrameType | None) -> None:
    raise OverCap


def timed(action: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median seconds of `runs` calls, and the last result."""
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def run_query(graph: Graph, query: str) -> int:
    return len(list(graph.query(PREFIX_HEADER + query)))


def memory_time(action: Callable[[], int], runs: int, cap: int) -> str:
    signal.signal(signal.SIGALRM, _stop)
    signal.alarm(cap)
    try:
        seconds, rows = timed(action, runs)
    except OverCap:
        return f"> {cap} s (stopped)"
    finally:
        signal.alarm(0)
    return f"{seconds * 1000:10.1f} ms ({rows} rows)"


def compare(name: str, run: Callable[[Graph], int], stores: tuple[Graph, Graph], args) -> None:
    oxigraph, memory = stores
    seconds, rows = timed(lambda: run(oxigraph), args.runs)
    fast = f"{seconds * 1000:10.1f} ms ({rows} rows)"
    slow = memory_time(lambda: run(memory), args.runs, args.memory_cap)
    print(f"  {name:42} {fast:>24} {slow:>26}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-cap", type=int, default=120)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        started = time.perf_counter()
        parsed = [parse_document(doc) for doc in load_corpus(args.corpus).documents]
        extractor = FactExtractor.load(work / "cache", default_vocabulary())
        documents = [
            DocumentInput(p.meta, p.passages, extract_document(p, extractor), p.source.content_hash)
            for p in parsed
        ]
        print(f"parse + extract {len(documents)} documents: {time.perf_counter() - started:.2f} s")

        vocabulary, ontology = default_vocabulary(), load_ontology()
        seconds, graphs = timed(lambda: build_graph(documents, vocabulary, ontology), args.runs)
        triples = sum(len(g) for g in graphs.values())  # type: ignore[union-attr]
        print(f"build_graph: {seconds:.2f} s, {triples} triples in {len(graphs)} named graphs")
        store_dir = work / "graph"
        seconds, _ = timed(lambda: write_store(store_dir, graphs), args.runs)  # type: ignore[arg-type]
        print(f"write_store (Oxigraph, aside then renamed): {seconds:.2f} s")
        for fmt in ("turtle", "ntriples", "nquads", "jsonld"):
            out = work / f"graph.{fmt}"
            seconds, _ = timed(lambda fmt=fmt, out=out: export_graph(store_dir, fmt, out), 1)
            print(f"export {fmt:8}: {seconds:.2f} s, {out.stat().st_size / 1e6:.1f} MB")
        report = check_consistency(read_graph(store_dir))
        print(
            f"HermiT consistency (owlready2 load + check): {report.seconds:.1f} s, "
            f"consistent={report.consistent}"
        )

        stores = (open_store(store_dir), merged_graph(graphs))  # type: ignore[arg-type]
        print(f"\nquery shapes, median of {args.runs} runs ({len(stores[1])} triples):")
        print(f"  {'query':42} {'Oxigraph':>24} {'rdflib memory store':>26}")
        for name, query in QUERIES.items():
            compare(name, lambda g, q=query: run_query(g, q), stores, args)
        for name, call in TYPED.items():
            compare(name, lambda g, c=call: len(c(g)), stores, args)


if __name__ == "__main__":
    main()
