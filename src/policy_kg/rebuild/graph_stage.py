"""The graph stage of a build (each document's facts, then the graph store) in a child process,
while the build's own process loads the embedding model and embeds.

The two stages read the same parsed documents and write different files of the staged build,
and each is held by one core most of the time: spaCy's import and the extraction, then the
graph's writing, against torch's import and the model's load (the embedding itself takes both
cores, by then the graph is mostly written). Measured at 100 copies of the seeds (502
documents), one sentence appended to one of them, in process: 3.35 s for the facts (2 s of it
importing spaCy) and 2.15 s for the graph, beside 3.8 s loading the model and 1.6 s for the
lexical index. Threads instead of a process made the edit slower (16.1 s against 14.6 s): both
sides hold the interpreter's lock most of the time. With this child the same kind of edit took
11.2-11.4 s against 13.9-16.9 s, built in turn with the code before (`policy-kg build`, wall,
quiet machine; more kinds in docs/scale.md).

The child is a fresh interpreter running `main` (given a socket's file descriptor), not a
multiprocessing child: the server's first build already runs in a daemonic multiprocessing
child, which may not start children of its own. It gets a `GraphJob` over the socket and sends
back its progress, then `DONE` or its error.
"""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from policy_kg.child_process import child_env, picklable
from policy_kg.config import BuildDir, CacheDir
from policy_kg.corpus.model import ParsedDocument, SourceDocument
from policy_kg.corpus.store import read_passages
from policy_kg.graph.build import build_graph
from policy_kg.graph.model import DocumentInput
from policy_kg.graph.namespaces import document_graph_iri
from policy_kg.graph.ontology import load_ontology
from policy_kg.graph.store import write_store
from policy_kg.nlp.extract import extractor_version
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.facts_io import StaleFactsError, UnreadableFactsError, read_facts, write_facts
from policy_kg.nlp.vocabulary import Vocabulary
from policy_kg.progress import ProgressCallback

DONE = "done"
# the child's program: `python -m` would import this module twice (once with its package)
_CHILD = f"import sys; from {__name__} import main; main(sys.argv[1:])"
log = logging.getLogger(__name__)


class GraphStageError(RuntimeError):
    """The graph stage's process ended without finishing (killed, out of memory, crashed)."""


@dataclass(frozen=True)
class GraphJob:
    """What the graph stage needs: the documents (their passages are read back from the staged
    build, where the build wrote them), the caches, and what the build in use keeps."""

    staging: BuildDir
    documents: tuple[SourceDocument, ...]
    cache: Path
    vocabulary: Vocabulary
    previous: BuildDir | None
    unchanged: frozenset[str]


def write_graph_stage(job: GraphJob, progress: ProgressCallback) -> None:
    """Extract (or read from the cache) each document's facts, then write the graph store."""
    parsed = [
        ParsedDocument(source, read_passages(job.staging.passages, source.meta.doc_id))
        for source in job.documents
    ]
    facts = extract_facts(parsed, job.cache, job.vocabulary, progress)
    write_graph(job.staging, parsed, facts, job.vocabulary, job.previous, set(job.unchanged))


def extract_facts(
    documents: list[ParsedDocument],
    cache: Path,
    vocabulary: Vocabulary,
    progress: ProgressCallback,
) -> list[DocumentFacts]:
    """Facts per document, from the cache when this document and extractor made them before;
    a cache file that cannot be read is extracted again and replaced."""
    # spaCy (and through thinc, torch) loads only when a document must be extracted again
    from policy_kg.nlp.pipeline import FactExtractor, extract_document

    version = extractor_version()
    extractor: FactExtractor | None = None
    found = []
    for n, doc in enumerate(documents, start=1):
        path = CacheDir(cache).facts(doc.source.content_hash)
        facts = _cached_facts(path, version, doc.meta.doc_id)
        if facts is None:
            extractor = extractor or FactExtractor.load(cache, vocabulary)
            facts = extract_document(doc, extractor)
            write_facts(path, facts, version)
        found.append(facts)
        progress("facts", n, len(documents))
    return found


def _cached_facts(path: Path, version: str, doc_id: str) -> DocumentFacts | None:
    """The document's facts from the cache, or None: none there, written by another extractor,
    or unreadable (a warning names the file)."""
    try:
        return read_facts(path, version)
    except (FileNotFoundError, StaleFactsError):
        return None
    except UnreadableFactsError as error:
        log.warning("%s; extracting %s again", error, doc_id)
        return None


def write_graph(
    staging: BuildDir,
    documents: list[ParsedDocument],
    facts: list[DocumentFacts],
    vocabulary: Vocabulary,
    previous: BuildDir | None,
    unchanged: set[str],
) -> None:
    """The graph store of the build. An unchanged document's named graph is kept from the
    build in use (`write_store` starts from a hard-linked backup of its store), as its passages
    are. Making every document's graph again and loading it grew with the corpus: editing one
    document of 80 took 53 s before, 19 s now (bench/bench_edit.py, load average 5)."""
    inputs = [
        DocumentInput(doc.meta, doc.passages, doc_facts, doc.source.content_hash)
        for doc, doc_facts in zip(documents, facts, strict=True)
    ]
    kept = unchanged if previous is not None else set()
    graphs = build_graph(inputs, vocabulary, load_ontology(), kept)
    kept_graphs = [document_graph_iri(doc_id) for doc_id in sorted(kept)]
    write_store(staging.graph, graphs, kept_graphs, previous.graph if previous else None)


class GraphStage:
    """`write_graph_stage` running in a child process; `wait` relays its progress (from a
    thread, so `progress` must be safe to call from two threads) and raises its error."""

    def __init__(self, job: GraphJob, progress: ProgressCallback) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env=child_env(),
            )
        self._connection = Connection(ours.detach())
        self._outcome: BaseException | None = None
        self._relay = threading.Thread(target=self._follow, args=(job, progress), daemon=True)
        self._relay.start()

    def wait(self) -> None:
        self._relay.join()
        self._process.wait()
        self._connection.close()
        if self._outcome is not None:
            raise self._outcome

    def stop(self) -> None:
        """End the child now, if it still runs (the build failed, or was interrupted)."""
        self._process.kill()
        self._process.wait()
        self._relay.join()
        self._connection.close()

    def _follow(self, job: GraphJob, progress: ProgressCallback) -> None:
        try:
            self._connection.send(job)
            while (message := self._connection.recv()) != DONE:
                if isinstance(message, BaseException):
                    self._outcome = message
                    return
                progress(*message)
        except (EOFError, OSError):
            code = self._process.wait()
            self._outcome = GraphStageError(
                f"the graph stage's process ended before the graph was written (exit code {code})"
            )


def serialised(progress: ProgressCallback) -> ProgressCallback:
    """`progress`, called by one thread at a time."""
    lock = threading.Lock()

    def report(step: str, done: int, total: int) -> None:
        with lock:
            progress(step, done, total)

    return report


def main(argv: list[str]) -> None:
    """The child's side: the job, then progress and `DONE`, or the error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends this
    connection = Connection(int(argv[0]))
    job = connection.recv()
    try:
        write_graph_stage(job, lambda step, done, total: connection.send((step, done, total)))
    except Exception as error:
        connection.send(picklable(error))
        return
    connection.send(DONE)
