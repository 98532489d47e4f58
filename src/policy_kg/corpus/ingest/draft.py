"""The sidecar drafted for an added file: the title block's metadata, what the user gave
(`--series`, `--revision`, `--status`), and the series of a document already in the corpus
with the same title; written as the hand-written sidecars are.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

import yaml

from policy_kg.corpus.dates import DateParseError, parse_iso_date, parse_japanese_date
from policy_kg.corpus.errors import shorten
from policy_kg.corpus.ingest.title_block import TitleBlock
from policy_kg.corpus.model import DocumentMeta, KnownRevision, PartialDate
from policy_kg.corpus.sidecar import ORIGINALS_DIR, UNDATED


@dataclass(frozen=True)
class Choices:
    """What the user gave on the command line or in the form (None: draft it)."""

    series: str | None = None
    revision: str | None = None  # ISO or Japanese
    status: str | None = None
    title: str | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class Draft:
    """A drafted sidecar: the metadata, and the original kept beside the text."""

    meta: DocumentMeta
    original: str  # originals/<stem><suffix>
    original_sha256: str

    @property
    def stem(self) -> str:
        return self.meta.doc_id.replace("@", "-")

    def missing(self) -> tuple[str, ...]:
        """Fields the title block did not give and the user must."""
        fields = ("series", "title", "issuer")
        return tuple(f for f in fields if not getattr(self.meta, f))

    def sidecar_yaml(self) -> str:
        meta = self.meta
        record: dict[str, object] = {
            "doc_id": meta.doc_id,
            "series": meta.series,
            "title": meta.title,
            "issuer": meta.issuer,
            "revision": meta.revision,
            "revision_label": meta.revision_label,
            "status": meta.status,
            "source_file": meta.source_file,
            "original": self.original,
            "original_sha256": self.original_sha256,
            "known_revisions": [
                {"revision": k.revision, "label": k.label} for k in meta.known_revisions
            ],
        }
        header = f"# Drafted by `policy-kg add` from the title block of {meta.source_file}.\n"
        return header + yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


def draft_sidecar(
    block: TitleBlock,
    choices: Choices,
    source_name: str,
    suffix: str,
    sha256: str,
    corpus: tuple[DocumentMeta, ...],
) -> Draft:
    revision, label = _revision(block, choices.revision)
    title = choices.title or block.title
    draft = block.draft if choices.status is None else choices.status == "draft"
    series = choices.series or _series_of_title(title, corpus) or ""
    doc_id = f"{series}@{revision.iso if revision else UNDATED}{'-draft' if draft else ''}"
    known = _known(block.known_revisions, revision, label)
    meta = DocumentMeta(
        doc_id=doc_id,
        series=series,
        title=title,
        issuer=choices.issuer or block.issuer,
        revision=revision.iso if revision else None,
        revision_label=label,
        status="draft" if draft else "final",
        source_file=source_name,
        known_revisions=known,
    )
    stem = doc_id.replace("@", "-")
    return Draft(meta, f"{ORIGINALS_DIR}/{stem}{suffix}", sha256)


def with_series(draft: Draft, series: str) -> Draft:
    """The draft under another series (its doc_id, stem and original's name follow)."""
    meta = draft.meta
    doc_id = f"{series}@{meta.doc_id.partition('@')[2]}"
    suffix = draft.original[draft.original.rfind(".") :]
    original = f"{ORIGINALS_DIR}/{doc_id.replace('@', '-')}{suffix}"
    return replace(draft, meta=replace(meta, series=series, doc_id=doc_id), original=original)


def _revision(block: TitleBlock, given: str | None) -> tuple[PartialDate | None, str]:
    if given is None:
        return block.revision, block.revision_label
    try:
        date = parse_iso_date(given)
        label = date.japanese
    except DateParseError:
        try:
            date = parse_japanese_date(given)
        except DateParseError as error:
            raise ValueError(
                f"--revision {shorten(given)}: {error.reason}; use YYYY-MM-DD or 令和8年3月30日"
            ) from None
        label = given
    if block.revision is not None and block.revision.iso == date.iso:
        label = block.revision_label  # the title block's own wording of the same date
    return date, label


def _known(
    listed: tuple[KnownRevision, ...], revision: PartialDate | None, label: str
) -> tuple[KnownRevision, ...]:
    known = list(listed)
    if revision is not None and all(k.revision != revision.iso for k in known):
        known.append(KnownRevision(revision.iso, label))
    return tuple(sorted(known, key=lambda k: parse_iso_date(k.revision).earliest_day))


def _comparable(title: str) -> str:
    return "".join(unicodedata.normalize("NFKC", title).split())


def _series_of_title(title: str, corpus: tuple[DocumentMeta, ...]) -> str | None:
    """The series of a document in the corpus with the same title (a later revision of it)."""
    wanted = _comparable(title)
    series = {m.series for m in corpus if wanted and _comparable(m.title) == wanted}
    return series.pop() if len(series) == 1 else None
