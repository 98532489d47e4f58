"""Load a question answerer over a finished build (the `ask` command's and the UI's entry)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from policy_kg.config import BuildDir
from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.corpus.store import read_passages
from policy_kg.index.embedder import Embedder
from policy_kg.index.retriever import Retriever
from policy_kg.index.sentences import SentenceVectors
from policy_kg.nlp.names import name_finder
from policy_kg.nlp.synonyms import Expander, SynonymTable, alt_labels, sudachi_groups
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.terms import TermExtractor
from policy_kg.nlp.userdict import system_tokenizer
from policy_kg.nlp.vocabulary import Vocabulary
from policy_kg.qa.answerer import AnswerSettings, QuestionAnswerer
from policy_kg.qa.columns import space_table_headers
from policy_kg.qa.notes import find_notes
from policy_kg.qa.ranker_model import RankerModel, load_model
from policy_kg.qa.sentence_ranking import DocumentContext, SentenceRanker


def load_passages(build: BuildDir, doc_ids: Iterable[str]) -> dict[str, Passage]:
    return {p.passage_id: p for doc_id in doc_ids for p in read_passages(build.passages, doc_id)}


# Question vectors kept: a question asked again (a reload, a second user) skips the model, the
# slowest step of answering (about 20 ms of a 28 ms answer on an idle machine).
QUERY_CACHE_SIZE = 1024


def _cached_queries(embedder: Embedder):
    @lru_cache(maxsize=QUERY_CACHE_SIZE)
    def encode(question: str):
        vector = embedder.encode_queries([question])[0]
        vector.setflags(write=False)  # shared by every caller: never changed in place
        return vector

    return encode


def leading(passages: Iterable[Passage]) -> dict[str, Passage]:
    """passage_id -> the passage that leads to it: the one before it in its document, under
    the same heading, when that is one line that ends no sentence, as a bullet over its
    sub-bullets or a ○ item line over its paragraph (国内レアアース開発・磁石製造企業に、
    金融支援を措置 ⏎ ② 16億ドルを投資し、同社株式の10%を取得). A paragraph ending in 。 leads
    to nothing: the next one need not be about its subject."""
    leads = {}
    previous: Passage | None = None
    for passage in passages:
        if passage.kind in ("heading", "title"):
            previous = None
            continue
        if (
            previous is not None
            and (previous.doc_id, previous.section) == (passage.doc_id, passage.section)
            and _is_lead_line(previous.text)
        ):
            leads[passage.passage_id] = previous
        previous = passage
    return leads


def _is_lead_line(text: str) -> bool:
    line = text.strip()
    return "\n" not in line and not line.endswith("。")


def load_answerer(
    build: BuildDir,
    passages: dict[str, Passage],
    metas: dict[str, DocumentMeta],
    vocabulary: Vocabulary,
    terms: TermExtractor,
    embedder: Embedder,
    settings: AnswerSettings | None = None,
    model: RankerModel | None = None,
) -> QuestionAnswerer:
    """The answerer over a build; `model` defaults to the fitted `ranker_model.json`."""
    rows = json.loads(build.rows.read_text(encoding="utf-8"))
    indexed = [passages[pid] for pid in rows]
    retriever = Retriever.load(build, indexed, terms, _cached_queries(embedder))
    entities = TermEntities.build(vocabulary, terms)
    contexts = {doc_id: DocumentContext(meta.title, meta.year) for doc_id, meta in metas.items()}
    reader = system_tokenizer()
    expander = Expander(
        SynonymTable.load(build.synonyms),
        sudachi_groups(reader),
        alt_labels(vocabulary, terms),
    )
    retriever.expander = expander
    sentences = SentenceVectors.load(build.sentences)
    headings = {(p.doc_id, p.section): p for p in passages.values() if p.kind == "heading"}
    ranker = SentenceRanker(
        terms,
        retriever.idf,
        entities,
        contexts,
        sentences,
        expander,
        retriever.knows,
        leading(passages.values()),
        space_table_headers(passages.values()),
        find_notes(passages.values()),
        headings,
    )
    return QuestionAnswerer(
        retriever,
        ranker,
        metas,
        headings,
        settings or AnswerSettings(),
        model or load_model(),
        name_finder(reader),
    )
