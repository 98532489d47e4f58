"""bench/bench_scale.py makes copies of the corpus that load as valid documents under new
ids, and whose passages are indexed under texts no other copy has (no embedding cache hit),
and reads growth as linear or worse from the slope of log-value on log-N."""

import importlib.util
import sys
from collections import Counter
from pathlib import Path

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.index.retriever import index_text

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "bench" / "bench_scale.py"
spec = importlib.util.spec_from_file_location("bench_scale", SCRIPT)
bench_scale = importlib.util.module_from_spec(spec)
sys.modules["bench_scale"] = bench_scale  # dataclasses look their module up there
spec.loader.exec_module(bench_scale)

SEED = REPO / "corpus" / "japan-us-minerals-framework-2025-10-28.txt"  # the shortest seed
COPIES = 3


def kinds(document) -> Counter:
    return Counter(passage.kind for passage in parse_document(document).passages)


def test_copies_load_under_new_ids_with_no_indexed_text_repeated(tmp_path):
    bench_scale.make_corpus([SEED], COPIES, tmp_path / "corpus")
    copies = load_corpus(tmp_path / "corpus").documents
    seed = next(d for d in load_corpus(REPO / "corpus").documents if d.text_path == SEED)
    ids = {doc.meta.doc_id for doc in copies}
    assert len(ids) == COPIES and seed.meta.doc_id not in ids
    parsed = [parse_document(doc) for doc in copies]
    texts = Counter(index_text(p, d.meta.title) for d in parsed for p in d.passages)
    assert texts and max(texts.values()) == 1


def test_a_copy_is_parsed_into_the_passages_of_its_seed(tmp_path):
    bench_scale.make_corpus([SEED], 1, tmp_path / "corpus")
    (copy,) = load_corpus(tmp_path / "corpus").documents
    seed = next(d for d in load_corpus(REPO / "corpus").documents if d.text_path == SEED)
    assert kinds(copy) == kinds(seed)


def test_copy_markers_differ_for_every_copy():
    markers = [bench_scale.copy_marker(n) for n in range(1_000)]
    assert len(set(markers)) == len(markers)
    assert not any(ch.isdigit() for m in markers for ch in m)


def test_growth_reads_linear_and_worse_from_the_slope():
    assert "linear" in bench_scale.growth([1, 4], [10.0, 40.0])
    assert "worse than linear" in bench_scale.growth([1, 4], [10.0, 160.0])
    assert "about flat" in bench_scale.growth([1, 4], [10.0, 10.0])
    assert "falls" in bench_scale.growth([1, 4], [40.0, 10.0])
