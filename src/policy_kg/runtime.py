"""The loaded application: a current build and the services over it, loaded on first use.

The CLI, the UI and the benchmarks share this object. Nothing heavy is loaded until a
service is used: `passages` and `trace` never import torch; `ask` answers from the graph
when a route of `qa/router.py` knows the question, and loads the embedding model the first
time a question goes on to the text answerer, keeping it for the life of the process. A
Runtime reads one concrete build (never `indexes/current`, which a rebuild moves) and holds a
lease on it, so that no rebuild prunes it while in use; `close()` ends the lease.

`Runtime.start` builds in a child process (spawned, not forked), relaying its progress and
errors: the build's peak (spaCy, the embedding batches, the graph in memory) ends with that
process and never stays in a server's footprint, while queries load only what they read.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Graph

from policy_kg.child_process import picklable
from policy_kg.config import BuildDir, Paths
from policy_kg.corpus.errors import CorpusError, CorpusErrors
from policy_kg.corpus.model import DocumentMeta, ParsedDocument, Passage, SourceDocument
from policy_kg.corpus.store import ManifestEntry, read_manifest, read_passages
from policy_kg.graph import queries
from policy_kg.graph.entities import EntityView, entity_iri
from policy_kg.graph.store import open_store
from policy_kg.index.embedder import default_embedder
from policy_kg.index.lexical import LexicalIndex
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.terms import TermExtractor, domain_term_extractor
from policy_kg.nlp.vocabulary import Vocabulary, default_vocabulary
from policy_kg.progress import no_message, no_progress
from policy_kg.qa.answerer import QuestionAnswerer
from policy_kg.qa.described import DescribedMinerals
from policy_kg.qa.model import Answer
from policy_kg.qa.router import Router, graph_routes
from policy_kg.qa.routes.context import GraphContext
from policy_kg.qa.service import load_answerer, load_passages
from policy_kg.qa.targets import TargetAnswerer, target_sentences
from policy_kg.rebuild import BuildReport, ProgressCallback, open_current, run_build
from policy_kg.rebuild.locks import BuildLease
from policy_kg.revisions.diff import DocumentDiff, diff_documents
from policy_kg.revisions.entities import entity_deltas
from policy_kg.revisions.trace import Trace, resolve_mineral, trace_mineral
from policy_kg.sparql.model import QueryRequest, QueryResult
from policy_kg.sparql.process import run_once

# Traces a runtime keeps, by mineral: one at 100 copies of the seeds holds about 10,000 quotes.
TRACES_KEPT = 16


class BuildProcessError(RuntimeError):
    """The build's child process ended without a report: killed (out of memory?) or crashed."""


def build_in_child(
    paths: Paths, progress: ProgressCallback, on_wait: Callable[[str], None]
) -> BuildReport:
    """`run_build` in a spawned process, its progress, waits and errors relayed here; the
    report returned holds a lease of this process on the build."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(
        target=_build_child, args=(paths, theirs), name="policy-kg-build", daemon=True
    )
    child.start()
    theirs.close()  # so that the child's end closing shows here as EOFError
    try:
        report = _follow(ours, progress, on_wait)
    except EOFError:
        child.join()
        raise BuildProcessError(
            f"the build process ended before the build was done (exit code {child.exitcode})"
        ) from None
    except BaseException:
        child.terminate()  # an error it sent (it is exiting), or ours: stop it either way
        child.join()
        raise
    finally:
        ours.close()
    child.join()
    return report


def _follow(
    connection: Connection, progress: ProgressCallback, on_wait: Callable[[str], None]
) -> BuildReport:
    """Relay the child's messages until its report, or raise its error."""
    while True:
        match connection.recv():
            case ("progress", step, done, total):
                progress(step, done, total)
            case ("wait", message):
                on_wait(message)
            case ("corpus-errors", errors):
                raise CorpusErrors(_corpus_errors(errors))
            case ("error", error):
                raise error
            case ("built", report, skipped, warnings):
                # leased before the child, still holding its own lease, may exit: no
                # pruner can remove the build in between
                lease = BuildLease(report.build)
                connection.send("leased")
                return replace(
                    report,
                    lease=lease,
                    skipped=_corpus_errors(skipped),
                    warnings=_corpus_errors(warnings),
                )


def _build_child(paths: Paths, connection: Connection) -> None:
    """The child's side: build, send progress, then the report or the error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends this

    def relay(step: str, done: int, total: int) -> None:
        connection.send(("progress", step, done, total))

    try:
        report = run_build(paths, progress=relay, on_wait=lambda m: connection.send(("wait", m)))
    except CorpusErrors as errors:
        connection.send(("corpus-errors", _error_fields(errors.errors)))
        return
    except Exception as error:
        connection.send(("error", picklable(error)))
        return
    bare = replace(report, lease=None, skipped=(), warnings=())
    connection.send(("built", bare, _error_fields(report.skipped), _error_fields(report.warnings)))
    connection.recv()  # keep this lease until the parent holds its own
    report.release()


ErrorFields = tuple[Path, str, str | None, int | None]


def _error_fields(errors: tuple[CorpusError, ...]) -> list[ErrorFields]:
    """CorpusError's fields: its keyword-only constructor does not survive pickling."""
    return [(e.path, e.message, e.field, e.line) for e in errors]


def _corpus_errors(fields: list[ErrorFields]) -> tuple[CorpusError, ...]:
    return tuple(CorpusError(p, message, field=f, line=n) for p, message, f, n in fields)


class UnknownDocumentError(KeyError):
    def __init__(self, doc_id: str, known: tuple[str, ...]) -> None:
        super().__init__(doc_id)
        self.doc_id = doc_id
        self.known = known

    def __str__(self) -> str:
        return f"unknown doc_id {self.doc_id!r}; known: {', '.join(self.known)}"


@dataclass
class Runtime:
    paths: Paths
    report: BuildReport

    @classmethod
    def start(
        cls,
        paths: Paths | None = None,
        progress: ProgressCallback = no_progress,
        on_wait: Callable[[str], None] = no_message,
    ) -> Runtime:
        """Bring the build up to date with the corpus (building what is missing, in a child
        process), then load; `on_wait` hears when another process's build must finish first.
        Raises CorpusErrors as `run_build` does, or BuildProcessError if the child died."""
        paths = paths or Paths()
        return cls(paths, build_in_child(paths, progress, on_wait))

    @classmethod
    def open(cls, paths: Paths) -> Runtime | None:
        """The build in use as it is, without building (None when nothing is built yet)."""
        report = open_current(paths)
        return cls(paths, report) if report is not None else None

    def close(self) -> None:
        """End the lease on the build: a later build may prune it."""
        self.report.release()

    @property
    def build(self) -> BuildDir:
        return self.report.build

    @property
    def documents(self) -> dict[str, DocumentMeta]:
        return {doc_id: e.meta for doc_id, e in self._manifest_entries.items()}

    @cached_property
    def answerer(self) -> QuestionAnswerer:
        """The text answerer (retrieval and sentence ranking): the router's fallback."""
        embedder = default_embedder(self.paths.models)
        return load_answerer(
            self.build, self._passages, self.documents, self.vocabulary, self._terms, embedder
        )

    def ask(self, question: str, top_k: int = 3) -> Answer:
        """A cited answer: from the graph's facts when a route knows the question, else text."""
        return self.router.ask(question, top_k)

    @cached_property
    def router(self) -> Router:
        routes = graph_routes(self.graph_context, self.trace, lambda: self.target_answerer)
        return Router(
            routes,
            lambda text, top_k: self.answerer.ask(text, top_k),
            lambda text: self.answerer.unknown_names(text),
            # the BM25 index is read at the first described question, not when routing starts
            described=DescribedMinerals(self.graph_context, lambda term: self._lexical.idf(term)),
        )

    @cached_property
    def graph_context(self) -> GraphContext:
        """What the graph-backed routes read: graph, vocabulary, documents, passages, terms."""
        return GraphContext(
            self.graph,
            self.vocabulary,
            self.documents,
            self._passages,
            self._terms,
            TermEntities.build(self.vocabulary, self._terms),
        )

    @cached_property
    def _terms(self) -> TermExtractor:
        return domain_term_extractor(self.paths.cache)

    @cached_property
    def target_answerer(self) -> TargetAnswerer:
        """Target questions matched against the sentences that state targets (needs idf)."""
        sentences = target_sentences(queries.targets(self.graph), self._passages.__getitem__)
        return TargetAnswerer(sentences, self._terms, self._lexical.idf)

    @cached_property
    def _lexical(self) -> LexicalIndex:
        """The BM25 index, for the IDF of a question's terms."""
        return LexicalIndex.load(self.build.lexical)

    def document(self, doc_id: str) -> ParsedDocument:
        """A built document's passages with its metadata and text."""
        entry = self._manifest_entries.get(doc_id)
        if entry is None:
            raise UnknownDocumentError(doc_id, tuple(self._manifest_entries))
        text_path = self.paths.corpus / entry.text_path
        source = SourceDocument(
            entry.meta, text_path, text_path.read_text(encoding="utf-8"), entry.content_hash
        )
        return ParsedDocument(source, read_passages(self.build.passages, doc_id))

    def diff(self, a: str, b: str) -> DocumentDiff:
        """Sections aligned and compared, with the entity deltas from the graph."""
        diff = diff_documents(self.document(a), self.document(b))
        return replace(diff, entities=entity_deltas(self.graph, a, b))

    @cached_property
    def graph(self) -> Graph:
        """The build's graph store, read-only."""
        return open_store(self.build.graph)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return default_vocabulary()

    def passage(self, passage_id: str) -> Passage:
        return self._passages[passage_id]

    @cached_property
    def _passages(self) -> dict[str, Passage]:
        return load_passages(self.build, self._manifest_entries)

    def entity(self, key: str) -> EntityView:
        """The graph's page for an entity named by IRI, label or alias."""
        iri = entity_iri(key, self.vocabulary, self.graph)
        return EntityView(queries.entity_facts(self.graph, iri))

    def trace(self, mineral: str) -> Trace:
        """The trace of the mineral any surface form names, made once per mineral for the
        build's life (its graph never changes while it is served): at 100 copies of the seeds
        the trace of ネオジム reads the quotes of 10,700 mentions in 300 documents and takes
        5.6-6.5 s on a quiet machine."""
        return self._traces(resolve_mineral(mineral, self.vocabulary).slug)

    @cached_property
    def _traces(self) -> Callable[[str], Trace]:
        def by_slug(slug: str) -> Trace:
            label = self.vocabulary.mineral_by_slug(slug).label
            return trace_mineral(self.graph, self.vocabulary, label, self.passage)

        return lru_cache(maxsize=TRACES_KEPT)(by_slug)

    def sparql(self, query: str, result_format: str | None = None) -> QueryResult:
        """Run a read-only query in a guarded worker process, as the server does (the
        same safety check, time limit, memory cap and network isolation)."""
        return run_once(self.build.graph, QueryRequest(query, format=result_format))

    @cached_property
    def _manifest_entries(self) -> dict[str, ManifestEntry]:
        return {e.meta.doc_id: e for e in read_manifest(self.build.manifest).documents}
