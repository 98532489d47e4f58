"""Build the lexical and dense indexes of a build's passages, the embeddings of their
candidate sentences, and the synonym table over the indexed terms."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from policy_kg import atomic
from policy_kg.corpus.model import Passage
from policy_kg.index.dense import DenseIndex, EmbeddingCache
from policy_kg.index.embedder import Embedder
from policy_kg.index.lexical import LexicalIndex
from policy_kg.index.retriever import index_text, indexable
from policy_kg.index.sentences import build_sentence_vectors
from policy_kg.nlp.synonyms import SynonymTable, sudachi_groups
from policy_kg.nlp.terms import TermExtractor


def build_indexes(
    passages: list[Passage],
    titles: dict[str, str],
    folder: Path,
    terms: TermExtractor,
    embedder: Embedder,
    cache_dir: Path,
    progress: Callable[[str, int, int], None],
) -> None:
    """Write `lexical/`, `dense/`, `sentences/`, `synonyms.json` and `rows.json` (the passage
    id of every row) into `folder`."""
    rows = indexable(passages)
    texts = [index_text(p, titles[p.doc_id]) for p in rows]
    documents = [terms(t) for t in texts]
    lexical = LexicalIndex.build(documents)
    lexical.save(folder / "lexical")
    vocabulary = {t for document in documents for t in document}
    SynonymTable.build(sorted(vocabulary), sudachi_groups()).save(folder / "synonyms.json")
    cache = EmbeddingCache(cache_dir / f"embeddings-{embedder.name}.npz")
    cache.embed(texts, embedder.encode_passages, "embeddings", progress)
    DenseIndex.build(cache.matrix(texts), embedder.name).save(folder / "dense")
    build_sentence_vectors(rows, embedder, cache_dir, progress).save(folder / "sentences")
    atomic.write_text(folder / "rows.json", json.dumps([p.passage_id for p in rows]))
