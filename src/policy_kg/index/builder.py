"""Build the lexical and dense indexes of a build's passages, the embeddings of their
candidate sentences, and the synonym table over the indexed terms."""

from __future__ import annotations

import json
from pathlib import Path

from policy_kg import atomic
from policy_kg.config import BuildDir, CacheDir
from policy_kg.corpus.model import Passage
from policy_kg.index.dense import DenseIndex
from policy_kg.index.embedder import Embedder
from policy_kg.index.embedding_cache import VectorCaches, text_keys
from policy_kg.index.lexical import LexicalIndex
from policy_kg.index.passage_terms import read_terms, terms_of, write_terms
from policy_kg.index.retriever import index_text, indexable
from policy_kg.index.sentences import write_sentence_vectors
from policy_kg.nlp.synonyms import SynonymTable, sudachi_groups
from policy_kg.nlp.terms import TermExtractor
from policy_kg.progress import ProgressCallback


def build_indexes(
    passages: list[Passage],
    titles: dict[str, str],
    build: BuildDir,
    terms: TermExtractor,
    embedder: Embedder,
    cache_dir: Path,
    progress: ProgressCallback,
    reused: BuildDir | None = None,
) -> None:
    """Write the build's lexical, dense and sentence indexes, its synonym table, its rows
    (the passage id of every row) and its rows' terms; the terms of texts the `reused` build
    read are taken from it, and its HNSW graph is extended (`DenseIndex.extend`)."""
    rows = indexable(passages)
    texts = [index_text(p, titles[p.doc_id]) for p in rows]
    documents = terms_of(texts, terms, read_terms(reused.terms) if reused else {})
    write_terms(build.terms, texts, documents)
    lexical = LexicalIndex.build(documents)
    lexical.save(build.lexical)
    vocabulary = {t for document in documents for t in document}
    SynonymTable.build(sorted(vocabulary), sudachi_groups()).save(build.synonyms)
    caches = VectorCaches.open(CacheDir(cache_dir), embedder.name)
    try:
        vectors = caches.passages.embed(texts, embedder.encode_passages, "embeddings", progress)
        keys = text_keys(texts)
        dense = (
            DenseIndex.extend(reused.dense, keys, vectors.__getitem__, embedder.name)
            if reused
            else None
        )
        dense = dense or DenseIndex.build(vectors, embedder.name, keys=keys)
        dense.save(build.dense)
        kept = reused.sentences if reused else None
        write_sentence_vectors(passages, titles, embedder, caches, progress, build.sentences, kept)
    finally:  # what was embedded is kept, even when a later step fails
        caches.save()
    atomic.write_text(build.rows, json.dumps([p.passage_id for p in rows]))
