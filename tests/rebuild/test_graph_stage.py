"""The graph stage runs in a child process: its progress, its graph and its errors reach the
build that started it. A facts cache file it cannot read is extracted again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_kg.config import BuildDir, CacheDir
from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.passages import parse_document
from policy_kg.corpus.store import write_passages
from policy_kg.graph.namespaces import document_graph_iri
from policy_kg.graph.store import open_oxigraph
from policy_kg.nlp.facts_io import read_facts
from policy_kg.nlp.vocabulary import default_vocabulary
from policy_kg.rebuild.graph_stage import GraphJob, GraphStage, extract_facts

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
STEM = "japan-us-minerals-framework-2025-10-28"  # the smallest seed
DOC_ID = "japan-us-minerals-framework@2025-10-28"


def _job(tmp_path: Path, cache: Path) -> GraphJob:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for suffix in (".txt", ".yaml"):
        shutil.copy(CORPUS / f"{STEM}{suffix}", corpus)
    staging = BuildDir(tmp_path / "build")
    staging.passages.mkdir(parents=True)
    documents = load_corpus(corpus).documents
    return GraphJob(staging, documents, cache, default_vocabulary(), None, frozenset())


def test_the_child_writes_the_graph_and_reports_its_progress(tmp_path, shared_cache):
    job = _job(tmp_path, shared_cache / "cache")
    for source in job.documents:
        write_passages(job.staging.passages, source.meta.doc_id, parse_document(source).passages)
    seen: list[tuple[str, int, int]] = []
    GraphStage(job, lambda *step: seen.append(step)).wait()
    assert seen == [("facts", 1, 1)]
    graph = str(document_graph_iri(DOC_ID))
    assert any(str(quad.graph_name.value) == graph for quad in open_oxigraph(job.staging.graph))


def test_an_error_in_the_child_is_raised_by_the_build(tmp_path, shared_cache):
    """The staged build lacks the document's passages: the child cannot read them."""
    job = _job(tmp_path, shared_cache / "cache")
    seen: list[tuple[str, int, int]] = []
    stage = GraphStage(job, lambda *step: seen.append(step))
    with pytest.raises(FileNotFoundError, match=r"japan-us-minerals-framework__2025-10-28\.jsonl"):
        stage.wait()
    assert seen == []
    assert not job.staging.graph.exists()


def test_a_damaged_facts_file_is_extracted_again_and_replaced(tmp_path, shared_cache, caplog):
    job = _job(tmp_path, tmp_path / "cache")
    documents = [parse_document(source) for source in job.documents]
    first = extract_facts(documents, job.cache, job.vocabulary, lambda *step: None)
    path = CacheDir(job.cache).facts(job.documents[0].content_hash)
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    again = extract_facts(documents, job.cache, job.vocabulary, lambda *step: None)
    assert again == first
    assert f"{path}: not JSON" in caplog.text
    assert read_facts(path) == first[0]
