import gc
import shutil
import uuid
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store

from policy_kg.config import Paths
from policy_kg.corpus.errors import CorpusErrors
from policy_kg.corpus.store import file_stem, read_manifest, read_passages
from policy_kg.graph.namespaces import document_graph_iri
from policy_kg.graph.store import open_oxigraph
from policy_kg.index.passage_terms import read_terms
from policy_kg.index.sentences import DocumentVectors
from policy_kg.rebuild import run_build

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
FRAMEWORK = "japan-us-minerals-framework-2025-10-28"
FRAMEWORK_ID = "japan-us-minerals-framework@2025-10-28"
OVERVIEW_ID = "rare-metals-overview@2011-12"


@pytest.fixture
def paths(tmp_path: Path, shared_cache: Path) -> Paths:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for stem in (FRAMEWORK, "rare-metals-overview-2011-12"):
        for suffix in (".txt", ".yaml"):
            shutil.copy(CORPUS / f"{stem}{suffix}", corpus)
    return Paths(corpus=corpus, indexes=tmp_path / "indexes", shared_cache=shared_cache)


def test_build_writes_passages_and_manifest_then_reports_up_to_date(paths: Paths):
    first = run_build(paths)
    assert not first.up_to_date and all(d.rebuilt for d in first.documents)
    # headings are not retrieved, yet each has unit vectors: one that states the value asked
    # for is an answer candidate (qa/companions.py)
    headings = [p for p in read_passages(first.build.passages, OVERVIEW_ID) if p.kind == "heading"]
    embedded = DocumentVectors.load(first.build.sentences / f"{file_stem(OVERVIEW_ID)}.json")
    assert headings and all(h.passage_id in embedded.spans for h in headings)
    manifest = read_manifest(first.build.manifest)
    assert list(manifest.metas()) == [
        "japan-us-minerals-framework@2025-10-28",
        "rare-metals-overview@2011-12",
    ]
    second = run_build(paths)
    assert second.up_to_date and second.build == first.build


def test_only_the_changed_document_is_parsed_again(paths: Paths):
    first = run_build(paths)
    before = read_passages(first.build.passages, "rare-metals-overview@2011-12")
    text = paths.corpus / f"{FRAMEWORK}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n追記された段落。\n", encoding="utf-8")
    second = run_build(paths)
    rebuilt = {d.doc_id: d.rebuilt for d in second.documents}
    assert rebuilt == {
        "japan-us-minerals-framework@2025-10-28": True,
        "rare-metals-overview@2011-12": False,
    }
    assert read_passages(second.build.passages, "rare-metals-overview@2011-12") == before
    assert paths.current.resolve() == second.build.root
    assert not paths.current.readlink().is_absolute()


def test_an_incremental_build_holds_the_graph_a_full_build_does(paths: Paths, tmp_path: Path):
    run_build(paths)
    text = paths.corpus / f"{FRAMEWORK}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n追記された段落。\n", encoding="utf-8")
    incremental = run_build(paths)
    full = run_build(replace(paths, indexes=tmp_path / "full"))
    assert _quads(incremental.build.graph) == _quads(full.build.graph)
    # the lexical index reads the same terms, most of them taken from the first build
    assert read_terms(incremental.build.terms) == read_terms(full.build.terms)


def test_only_the_changed_documents_graph_is_written_again(paths: Paths):
    """A mark left in each document's named graph of the build in use survives in the
    unchanged document's graph (kept) and not in the edited one's (made again)."""
    first = run_build(paths)
    mark = NamedNode("https://example.org/mark")
    store = Store(str(first.build.graph))
    for doc_id in (FRAMEWORK_ID, OVERVIEW_ID):
        store.add(Quad(mark, mark, Literal(doc_id), NamedNode(str(document_graph_iri(doc_id)))))
    store.flush()
    del store
    gc.collect()  # release the store's lock before the build reads it
    text = paths.corpus / f"{FRAMEWORK}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n追記された段落。\n", encoding="utf-8")
    second = run_build(paths)
    marked = {str(q.object.value) for q in open_oxigraph(second.build.graph) if q.subject == mark}
    assert marked == {OVERVIEW_ID}


def test_an_edit_writes_each_embedding_cache_once(paths: Paths, monkeypatch):
    """The passages' cache holds the passages and their units placed; the units alone are in
    the other. Both get new texts from an added paragraph of two sentences, and each file
    is written once, after both embedding steps."""
    run_build(paths)
    written: Counter = Counter()
    savez = np.savez

    def counted(file, **arrays) -> None:
        written[Path(file).name] += 1
        savez(file, **arrays)

    monkeypatch.setattr(np, "savez", counted)
    text = paths.corpus / f"{FRAMEWORK}.txt"
    added = f"\n{uuid.uuid4().hex}番の段落の一文目。{uuid.uuid4().hex}番の二文目。\n"
    text.write_text(text.read_text(encoding="utf-8") + added, encoding="utf-8")
    run_build(paths)
    caches = [n for n in written if "embeddings" in n]
    assert len(caches) == 2 and all(written[n] == 1 for n in caches)


def test_a_failing_sentence_step_keeps_the_passages_embedded(paths: Paths, monkeypatch):
    run_build(paths)
    [cache] = paths.cache.glob("embeddings-*.npz")  # the passages' cache (CacheDir)
    before = _cached(cache)
    text = paths.corpus / f"{FRAMEWORK}.txt"
    paragraph = f"{uuid.uuid4().hex}番の新しい段落。"
    text.write_text(text.read_text(encoding="utf-8") + f"\n{paragraph}\n", encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("policy_kg.index.builder.write_sentence_vectors", crash)
    with pytest.raises(OSError):
        run_build(paths)
    assert _cached(cache) == before + 1  # the new paragraph, as indexed


def _cached(cache: Path) -> int:
    with np.load(cache) as stored:
        return len(stored["keys"])


def _quads(store_dir: Path) -> tuple[dict[str, set[str]], Counter]:
    """Each named graph's quads as text, and how many quads with a blank node each has (the
    ontology's restrictions: their labels differ from store to store)."""
    named: dict[str, set[str]] = defaultdict(set)
    blank: Counter = Counter()
    for quad in open_oxigraph(store_dir):
        if BlankNode in (type(quad.subject), type(quad.object)):
            blank[str(quad.graph_name)] += 1
        else:
            named[str(quad.graph_name)].add(str(quad))
    return named, blank


def test_invalid_input_leaves_the_current_build_untouched(paths: Paths):
    first = run_build(paths)
    manifest = first.build.manifest.read_text(encoding="utf-8")
    (paths.corpus / f"{FRAMEWORK}.txt").write_bytes("壊れた".encode("cp932"))
    with pytest.raises(CorpusErrors) as raised:
        run_build(paths)
    assert "japan-us-minerals-framework-2025-10-28.txt" in str(raised.value)
    assert paths.current.resolve() == first.build.root
    assert first.build.manifest.read_text(encoding="utf-8") == manifest
    assert [p.name for p in paths.builds.iterdir()] == [first.build.root.name]


def test_skip_invalid_builds_the_rest_and_lists_what_it_skipped(paths: Paths):
    (paths.corpus / f"{FRAMEWORK}.yaml").write_text("doc_id: [broken\n", encoding="utf-8")
    report = run_build(paths, skip_invalid=True)
    assert [d.doc_id for d in report.documents] == ["rare-metals-overview@2011-12"]
    assert [e.path.name for e in report.skipped] == [f"{FRAMEWORK}.yaml"]


def test_a_crash_while_writing_keeps_the_previous_build(paths: Paths, monkeypatch):
    first = run_build(paths)
    (paths.corpus / f"{FRAMEWORK}.txt").write_text("はじめに\n\n新しい本文。\n", encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("policy_kg.rebuild._write_manifest", crash)
    with pytest.raises(OSError):
        run_build(paths)
    assert paths.current.resolve() == first.build.root
    assert [p.name for p in paths.builds.iterdir()] == [first.build.root.name]
