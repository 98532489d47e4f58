"""Load a question answerer over a finished build (the `ask` command's and the UI's entry)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from policy_kg.config import BuildDir
from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.corpus.store import read_passages
from policy_kg.index.embedder import Embedder
from policy_kg.index.retriever import Retriever
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.terms import TermExtractor
from policy_kg.nlp.vocabulary import Vocabulary
from policy_kg.qa.answerer import AnswerSettings, QuestionAnswerer
from policy_kg.qa.extract import DocumentContext, SentenceRanker


def load_passages(build: BuildDir, doc_ids: Iterable[str]) -> dict[str, Passage]:
    return {p.passage_id: p for doc_id in doc_ids for p in read_passages(build.passages, doc_id)}


def load_answerer(
    build: BuildDir,
    passages: dict[str, Passage],
    metas: dict[str, DocumentMeta],
    vocabulary: Vocabulary,
    terms: TermExtractor,
    embedder: Embedder,
    settings: AnswerSettings | None = None,
) -> QuestionAnswerer:
    rows = json.loads((build.index / "rows.json").read_text(encoding="utf-8"))
    indexed = [passages[pid] for pid in rows]
    retriever = Retriever.load(
        build.index, indexed, terms, lambda q: embedder.encode_queries([q])[0]
    )
    entities = TermEntities.build(vocabulary, terms)
    contexts = {
        doc_id: DocumentContext(meta.title, meta.revision[:4] if meta.revision else None)
        for doc_id, meta in metas.items()
    }
    ranker = SentenceRanker(terms, retriever.idf, entities, contexts)
    headings = {(p.doc_id, p.section): p for p in passages.values() if p.kind == "heading"}
    return QuestionAnswerer(retriever, ranker, metas, headings, settings or AnswerSettings())
