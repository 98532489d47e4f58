"""Digests of what the corpus becomes: its facts and its graph, to show a refactor changes neither.

    .venv/bin/python bench/graph_digest.py [--corpus corpus] [--write-nquads out.nq]

Extracts the facts of every document, builds every named graph, and prints the number of quads
and a SHA-256 of (a) the facts, as the repr of each document's `DocumentFacts`, and (b) the
graph as N-Quads, each named graph canonicalised (rdflib.compare.to_canonical_graph, so the
ontology's blank nodes get stable labels) and the lines sorted. Run it before and after a change:
equal digests mean the same facts and a triple-for-triple identical graph.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import tempfile
from pathlib import Path

from rdflib.compare import to_canonical_graph

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.graph.build import build_graph
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.ontology import load_ontology
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.vocabulary import default_vocabulary


def sorted_nquads(documents: list[DocumentInput]) -> list[str]:
    graphs = build_graph(documents, default_vocabulary(), load_ontology())
    lines = []
    for name, graph in graphs.items():
        for line in to_canonical_graph(graph).serialize(format="nt").splitlines():
            if line.strip():
                lines.append(f"{line.rstrip()[:-1].rstrip()} <{name}> .")
    return sorted(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--write-nquads", type=Path, help="also write the sorted N-Quads here")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the extractors' notes on left-out targets
    parsed = [parse_document(doc) for doc in load_corpus(args.corpus).documents]
    with tempfile.TemporaryDirectory() as cache:
        extractor = FactExtractor.load(Path(cache), default_vocabulary())
        facts = [extract_document(document, extractor) for document in parsed]
    documents = [
        DocumentInput(p.meta, p.passages, f, p.source.content_hash)
        for p, f in zip(parsed, facts, strict=True)
    ]
    lines = sorted_nquads(documents)
    text = "\n".join(lines) + "\n"
    if args.write_nquads:
        args.write_nquads.write_text(text, encoding="utf-8")
    facts_text = "\n".join(repr(f) for f in facts)
    print(f"documents: {len(documents)}, quads: {len(lines)}")
    print(f"facts  sha256: {hashlib.sha256(facts_text.encode()).hexdigest()}")
    print(f"graph  sha256: {hashlib.sha256(text.encode()).hexdigest()}")


if __name__ == "__main__":
    main()
