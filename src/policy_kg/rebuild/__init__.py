"""The build: corpus -> passages -> facts -> graph -> lexical and dense indexes (the facts and
the graph in a child process, beside the indexes: `graph_stage`).

Each build is written into a fresh folder under `indexes/builds/`; only when it is complete
does `indexes/current` switch to it (one atomic symlink swap), so a crash or a bad input file
never leaves the build in use half-written. A document whose content hash (text and sidecar)
and the code fingerprint are unchanged is not parsed again: its files are copied from the
build in use. One build at a time writes into an indexes folder, and a build is pruned only
when no process reads it any more (see `locks`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from policy_kg import atomic
from policy_kg.config import BuildDir, Paths
from policy_kg.corpus.errors import CorpusError, CorpusErrors
from policy_kg.corpus.loader import CorpusLoad, load_corpus
from policy_kg.corpus.model import ParsedDocument, SourceDocument
from policy_kg.corpus.passages import body_passages, parse_document
from policy_kg.corpus.store import (
    Manifest,
    ManifestEntry,
    link_passages,
    read_manifest,
    read_passages,
    write_manifest,
    write_passages,
)
from policy_kg.graph.ontology import ONTOLOGY_FILE
from policy_kg.index.builder import build_indexes
from policy_kg.index.e5_adapter import adapter_file
from policy_kg.index.embedder import default_embedder
from policy_kg.nlp.terms import domain_term_extractor
from policy_kg.nlp.vocabulary import Vocabulary, default_vocabulary
from policy_kg.progress import ProgressCallback, no_message, no_progress
from policy_kg.rebuild.graph_stage import GraphJob, GraphStage, serialised
from policy_kg.rebuild.locks import (
    BuildLease,
    build_lock,
    lease_current,
    prune_builds,
    remove_stale_staging,
)

NO_PASSAGES = (
    "no passages: nothing in it can be cited; its first lines are read as the title block, "
    "so a text on one line has no body (break it into lines)"
)


@dataclass(frozen=True)
class DocumentSummary:
    doc_id: str
    passages: int
    rebuilt: bool


@dataclass(frozen=True)
class BuildReport:
    """What a build did; `lease` keeps `build` from being pruned while this process reads it,
    `warnings` names the documents that gave no passage."""

    build: BuildDir
    documents: tuple[DocumentSummary, ...]
    skipped: tuple[CorpusError, ...]
    up_to_date: bool
    seconds: float
    lease: BuildLease | None = field(default=None, compare=False, repr=False)
    warnings: tuple[CorpusError, ...] = ()

    def release(self) -> None:
        """End the lease: the build may be pruned from now on."""
        if self.lease is not None:
            self.lease.release()


# the stages whose code decides what a build holds; answering, serving and the UI do not
BUILD_STAGES = ("corpus", "nlp", "graph", "index", "rebuild")
# code inside those stages that reads no corpus text into a build: turning a PDF or an HTML
# page into corpus text (its output is hashed as a document), adding a file, build locks
NOT_BUILD_CODE = (Path("corpus", "ingest"), Path("rebuild", "add.py"), Path("rebuild", "locks.py"))


def code_fingerprint() -> str:
    """A hash of the build stages' code and data and of the ontology: a changed parser,
    extractor or index rebuilds every document; a change to the UI or to answering does not."""
    package = Path(__file__).resolve().parent.parent
    files = [package / "config.py", package / "atomic.py", ONTOLOGY_FILE, adapter_file()]
    for stage in BUILD_STAGES:
        files += sorted(
            p
            for p in (package / stage).rglob("*")
            if p.suffix in {".py", ".yaml", ".csv", ".ttl"}
            and "__pycache__" not in p.parts
            and not outside_build(p.relative_to(package))
        )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def outside_build(relative: Path) -> bool:
    return any(relative == part or part in relative.parents for part in NOT_BUILD_CODE)


def _previous_hashes(previous: BuildDir | None, fingerprint: str) -> dict[str, str]:
    """doc_id -> content hash of the documents the build in use holds, if its code matches."""
    if previous is None or not previous.manifest.exists():
        return {}
    manifest = read_manifest(previous.manifest)
    if manifest.code != fingerprint:
        return {}
    return {e.meta.doc_id: e.content_hash for e in manifest.documents}


def _is_up_to_date(documents: tuple[SourceDocument, ...], previous: dict[str, str]) -> bool:
    current = {d.meta.doc_id: d.content_hash for d in documents}
    return bool(current) and current == previous


def _build_id(documents: tuple[SourceDocument, ...], fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode())
    for doc in documents:
        digest.update(doc.content_hash.encode())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{stamp}-{digest.hexdigest()[:8]}"


def _write_documents(
    staging: BuildDir,
    documents: tuple[SourceDocument, ...],
    previous: BuildDir | None,
    unchanged: set[str],
    progress: ProgressCallback,
) -> list[tuple[ParsedDocument, bool]]:
    """Each document's passages (parsed again only when it changed) written into the staged
    build, with whether it was parsed again."""
    staging.passages.mkdir(parents=True)
    out = []
    for n, doc in enumerate(documents, start=1):
        doc_id = doc.meta.doc_id
        reuse = doc_id in unchanged and previous is not None
        if reuse:
            parsed = ParsedDocument(doc, read_passages(previous.passages, doc_id))
            link_passages(previous.passages, staging.passages, doc_id)
        else:
            parsed = parse_document(doc)
            write_passages(staging.passages, doc_id, parsed.passages)
        out.append((parsed, not reuse))
        progress("passages", n, len(documents))
    return out


def _write_manifest(staging: BuildDir, documents: list[ParsedDocument], fingerprint: str) -> None:
    entries = tuple(
        ManifestEntry(
            d.meta,
            d.source.content_hash,
            d.source.text_path.name,
            len(d.passages),
            len(body_passages(d.passages)),
        )
        for d in documents
    )
    created = datetime.now(UTC).isoformat(timespec="seconds")
    write_manifest(staging.manifest, Manifest(fingerprint, created, entries))


def run_build(
    paths: Paths,
    *,
    skip_invalid: bool = False,
    progress: ProgressCallback = no_progress,
    on_wait: Callable[[str], None] = no_message,
) -> BuildReport:
    """Build what changed in `paths.corpus` into a new build and make it current.

    Raises `CorpusErrors` (naming every bad file and field) unless `skip_invalid`; the build in
    use is untouched then, as it is by an OSError (a read-only folder, a full disk). While
    another process builds into the same indexes folder, waits for it (telling `on_wait`).
    The report holds a lease on its build.
    """
    started = time.perf_counter()
    load = load_corpus(paths.corpus, skip_invalid=skip_invalid)
    if not load.documents:
        raise CorpusErrors(load.skipped or (CorpusError(paths.corpus, "no valid document"),))
    fingerprint = code_fingerprint()
    report = _if_up_to_date(paths, load, fingerprint, started)
    if report is not None:
        return report
    with build_lock(paths, on_wait):
        # the build we waited for may have made exactly this one
        report = _if_up_to_date(paths, load, fingerprint, started)
        if report is not None:
            return report
        remove_stale_staging(paths.builds)
        # loaded here only, for a build that writes: the stages are given it, none loads it
        vocabulary = default_vocabulary()
        return _build_new(paths, load, fingerprint, started, vocabulary, progress)


def open_current(paths: Paths) -> BuildReport | None:
    """The build in use, leased, without building (None when nothing is built yet)."""
    started = time.perf_counter()
    lease = lease_current(paths)
    if lease is None:
        return None
    entries = read_manifest(lease.build.manifest).documents
    summaries = tuple(DocumentSummary(e.meta.doc_id, e.passages, rebuilt=False) for e in entries)
    warnings = _no_passages((paths.corpus / e.text_path, e.body_passages) for e in entries)
    seconds = time.perf_counter() - started
    return BuildReport(lease.build, summaries, (), True, seconds, lease, warnings)


def _if_up_to_date(
    paths: Paths, load: CorpusLoad, fingerprint: str, started: float
) -> BuildReport | None:
    """A report on the current build, leased, when it holds exactly these documents."""
    report = open_current(paths)
    if report is None:
        return None
    if not _is_up_to_date(load.documents, _previous_hashes(report.build, fingerprint)):
        report.release()
        return None
    return replace(report, skipped=load.skipped, seconds=time.perf_counter() - started)


def _no_passages(documents: Iterable[tuple[Path, int]]) -> tuple[CorpusError, ...]:
    """A warning for each document with no passage below its title block (count 0)."""
    return tuple(CorpusError(path, NO_PASSAGES) for path, count in documents if count == 0)


def _build_new(
    paths: Paths,
    load: CorpusLoad,
    fingerprint: str,
    started: float,
    vocabulary: Vocabulary,
    progress: ProgressCallback,
) -> BuildReport:
    """Write a new build, make it current, lease it and prune the builds nobody reads."""
    previous = paths.current_build()
    previous_hashes = _previous_hashes(previous, fingerprint)
    unchanged = {
        d.meta.doc_id
        for d in load.documents
        if previous_hashes.get(d.meta.doc_id) == d.content_hash
    }
    target = paths.builds / _build_id(load.documents, fingerprint)
    with atomic.staged_dir(target) as staging_root:
        staging = BuildDir(staging_root)
        staging.lease.touch()
        written = _write_documents(staging, load.documents, previous, unchanged, progress)
        parsed = [doc for doc, _ in written]
        summaries = [DocumentSummary(d.meta.doc_id, len(d.passages), new) for d, new in written]
        progress = serialised(progress)
        sources = tuple(doc.source for doc in parsed)
        job = GraphJob(staging, sources, paths.cache, vocabulary, previous, frozenset(unchanged))
        graph_stage = GraphStage(job, progress)
        try:
            passages = [p for doc in parsed for p in doc.passages]
            terms = domain_term_extractor(paths.cache)
            embedder = default_embedder(paths.models, query_map=False)
            titles = {d.meta.doc_id: d.meta.title for d in load.documents}
            reused = previous if previous_hashes else None  # of the same code fingerprint
            build_indexes(passages, titles, staging, terms, embedder, paths.cache, progress, reused)
            graph_stage.wait()
        except BaseException:
            graph_stage.stop()
            raise
        progress("graph", 1, 1)
        _write_manifest(staging, parsed, fingerprint)
    atomic.point_symlink(paths.current, target)
    lease = BuildLease(BuildDir(target.resolve()))  # the build lock keeps it from pruners
    prune_builds(paths.builds, keep={target.resolve()} | ({previous.root} if previous else set()))
    seconds = time.perf_counter() - started
    warnings = _no_passages((d.source.text_path, len(body_passages(d.passages))) for d in parsed)
    return BuildReport(lease.build, tuple(summaries), load.skipped, False, seconds, lease, warnings)
