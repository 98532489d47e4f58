"""Fact extraction over the whole corpus: gold precision / recall and timings.

    .venv/bin/python bench/bench_extract.py

Prints the figures of issue #3 (minerals per measure, targets, support agencies, export-control
timelines, and the informative ones) computed by tests/nlp/test_gold.py, then how long the
pipeline takes to load (user dictionary built from scratch), to extract each document, and to
write and read the per-document JSON cache.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.nlp.facts_io import read_facts, write_facts
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.vocabulary import default_vocabulary

REPO = Path(__file__).resolve().parents[1]


def _gold_module():
    path = REPO / "tests" / "nlp" / "test_gold.py"
    spec = importlib.util.spec_from_file_location("nlp_gold", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    gold = _gold_module()
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        extractor = FactExtractor.load(Path(cache), default_vocabulary())
        loaded = time.perf_counter() - started

        started = time.perf_counter()
        parsed = [parse_document(d) for d in load_corpus(REPO / "corpus").documents]
        parsing = time.perf_counter() - started

        facts, timings = {}, {}
        for document in parsed:
            started = time.perf_counter()
            facts[document.meta.doc_id] = extract_document(document, extractor)
            timings[document.meta.doc_id] = time.perf_counter() - started

        started = time.perf_counter()
        for doc_id, document_facts in facts.items():
            path = Path(cache) / "facts" / f"{doc_id}.json"
            write_facts(path, document_facts)
            assert read_facts(path) == document_facts
        caching = time.perf_counter() - started

    print("Gold (tests/graph/gold/extraction_gold.yaml)")
    for name, result in gold.gold_report(facts).items():
        print(f"  {name:<50} {result}")

    chars = sum(len(p.text) for d in parsed for p in d.passages)
    print(f"\nTimings ({len(parsed)} documents, {chars} passage characters)")
    print(f"  load pipeline (user dictionary built)  {loaded:6.2f} s")
    print(f"  load and parse corpus                  {parsing:6.2f} s")
    for doc_id, seconds in timings.items():
        print(f"  extract {doc_id:<40} {seconds:6.2f} s")
    print(f"  extract, all documents                 {sum(timings.values()):6.2f} s")
    print(f"  write + read JSON cache                {caching:6.2f} s")
    total = loaded + parsing + sum(timings.values())
    print(f"  load + parse + extract                 {total:6.2f} s")


if __name__ == "__main__":
    main()
