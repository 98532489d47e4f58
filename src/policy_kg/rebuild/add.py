"""Adding a published file: read it, draft its sidecar, write both into the corpus, rebuild
what changed, and say what the new document adds.

Nothing is written until the file has been read and its drafted sidecar passes the same
checks as a hand-written one, so a bad file leaves corpus/ and indexes/ as they were. The
text, sidecar and original are each written aside and renamed (`atomic`), the sidecar last:
until it lands, the corpus loader sees no new document. The rebuild is the incremental one
of `policy-kg build`: only the new document is parsed and extracted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policy_kg import atomic
from policy_kg.config import Paths
from policy_kg.corpus.dates import parse_iso_date
from policy_kg.corpus.errors import CorpusErrors
from policy_kg.corpus.ingest.draft import Choices, Draft, draft_sidecar
from policy_kg.corpus.ingest.errors import IngestError
from policy_kg.corpus.ingest.read import Published, read_published
from policy_kg.corpus.ingest.title_block import read_title_block
from policy_kg.corpus.loader import SIDECAR_SUFFIX, TEXT_SUFFIX, load_corpus
from policy_kg.corpus.model import DocumentMeta, Passage, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.corpus.sidecar import read_sidecar
from policy_kg.rebuild import BuildReport, ProgressCallback, run_build
from policy_kg.revisions.entities import minerals_named
from policy_kg.runtime import Runtime


@dataclass(frozen=True)
class AddPlan:
    """A file read and its sidecar drafted: what `write_plan` would write."""

    published: Published
    draft: Draft
    existing: SourceDocument | None  # the corpus document with the same doc_id, if any

    def preview(self, count: int) -> tuple[Passage, ...]:
        """The first `count` passages the text will give, past its table of contents (a list
        of the headings that follow, which says nothing of how the body was read)."""
        source = SourceDocument(self.draft.meta, Path(f"{self.draft.stem}{TEXT_SUFFIX}"),
                                self.published.text, "")  # fmt: skip
        passages = parse_document(source).passages
        return tuple(p for p in passages if not p.restates_headings)[:count]


@dataclass(frozen=True)
class RevisionChange:
    """What a revision changes against the previous revision of its series."""

    previous: str
    sections: dict[str, int]  # status -> count: changed, added, removed, unchanged
    minerals_added: tuple[str, ...]
    minerals_removed: tuple[str, ...]


@dataclass(frozen=True)
class AddReport:
    doc_id: str
    written: tuple[Path, ...]
    passages: int
    minerals: tuple[str, ...]
    revision: RevisionChange | None
    build: BuildReport


def plan_add(paths: Paths, file: Path, choices: Choices) -> AddPlan:
    """Read `file` and draft its sidecar against the corpus as it is (raises IngestError)."""
    published = read_published(file)
    corpus = _corpus_documents(paths)
    suffix = file.suffix.lower()
    try:
        draft = draft_sidecar(
            read_title_block(published.text),
            choices,
            file.name,
            suffix,
            published.sha256,
            tuple(d.meta for d in corpus),
        )
    except ValueError as error:
        raise IngestError(file, str(error)) from None
    existing = next((d for d in corpus if d.meta.doc_id == draft.meta.doc_id), None)
    return AddPlan(published, draft, existing)


def _corpus_documents(paths: Paths) -> tuple[SourceDocument, ...]:
    try:
        return load_corpus(paths.corpus, skip_invalid=True).documents
    except CorpusErrors:
        return ()  # an empty corpus: the first document is being added


def check_plan(plan: AddPlan, replace: bool) -> None:
    """The problems that stop a write: fields left to give, a taken doc_id, a bad sidecar."""
    file = plan.published.path
    missing = plan.draft.missing()
    if missing:
        options = ", ".join(f"--{name}" for name in missing)
        raise IngestError(file, f"the title block does not give {', '.join(missing)}: {options}")
    if plan.existing is not None and not replace:
        raise IngestError(
            file,
            f"{plan.draft.meta.doc_id} is already in the corpus "
            f"({plan.existing.text_path.name}); give --replace to replace it",
        )
    sidecar = Path(f"{plan.draft.stem}{SIDECAR_SUFFIX}")
    checked = read_sidecar(sidecar, plan.draft.sidecar_yaml().encode())
    if isinstance(checked, list):
        raise IngestError(file, "; ".join(str(e) for e in checked))


def write_plan(paths: Paths, plan: AddPlan) -> tuple[Path, ...]:
    """Write the original, the text and (last) the sidecar; drop a replaced document's files
    when they had another name."""
    corpus = paths.corpus
    original = corpus / plan.draft.original
    text = corpus / f"{plan.draft.stem}{TEXT_SUFFIX}"
    sidecar = corpus / f"{plan.draft.stem}{SIDECAR_SUFFIX}"
    atomic.write_bytes(original, plan.published.data)
    atomic.write_text(text, plan.published.text)
    atomic.write_text(sidecar, plan.draft.sidecar_yaml())
    if plan.existing is not None and plan.existing.text_path.resolve() != text.resolve():
        plan.existing.text_path.unlink(missing_ok=True)
        plan.existing.text_path.with_suffix(SIDECAR_SUFFIX).unlink(missing_ok=True)
    return (text, sidecar, original)


def add_and_build(
    paths: Paths, plan: AddPlan, progress: ProgressCallback | None = None
) -> AddReport:
    """Write the plan, rebuild incrementally, and summarise what the new document adds."""
    written = write_plan(paths, plan)
    report = run_build(paths, progress=progress) if progress else run_build(paths)
    runtime = Runtime(paths, report)
    doc_id = plan.draft.meta.doc_id
    passages = next(d.passages for d in report.documents if d.doc_id == doc_id)
    previous = previous_revision(plan.draft.meta, tuple(runtime.documents.values()))
    return AddReport(
        doc_id,
        written,
        passages,
        minerals_named(runtime.graph, doc_id),
        _revision_change(runtime, previous, doc_id) if previous else None,
        report,
    )


def previous_revision(meta: DocumentMeta, documents: tuple[DocumentMeta, ...]) -> str | None:
    """The doc_id of the latest revision of the series dated before `meta`'s."""
    if meta.revision is None:
        return None
    day = parse_iso_date(meta.revision).earliest_day
    earlier = [
        (parse_iso_date(d.revision).earliest_day, d.doc_id)
        for d in documents
        if d.series == meta.series and d.revision and d.doc_id != meta.doc_id
        and parse_iso_date(d.revision).earliest_day < day
    ]  # fmt: skip
    return max(earlier)[1] if earlier else None


def _revision_change(runtime: Runtime, previous: str, doc_id: str) -> RevisionChange:
    diff = runtime.diff(previous, doc_id)
    counts: dict[str, int] = {}
    for section in diff.sections:
        counts[section.status] = counts.get(section.status, 0) + 1
    minerals = diff.entities.minerals
    return RevisionChange(previous, counts, minerals.added, minerals.removed)
