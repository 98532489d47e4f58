"""Loading `corpus/`: each `<stem>.txt` with its `<stem>.yaml` sidecar, checked.

Every problem in the corpus is collected before anything is raised, so a user fixes all of
them in one go; `skip_invalid` loads the valid documents and returns the problems instead.
Only regular files inside the corpus folder are read: a link leading out of it is refused, so
that a build never indexes (and a server never serves) a file from elsewhere on the machine.
How texts are decoded: see `encoding`; how sidecars are checked: see `sidecar`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from policy_kg.corpus.encoding import decode_text
from policy_kg.corpus.errors import CorpusError, CorpusErrors, shorten, shown
from policy_kg.corpus.model import SourceDocument
from policy_kg.corpus.sidecar import read_sidecar

TEXT_SUFFIX = ".txt"
SIDECAR_SUFFIX = ".yaml"


@dataclass(frozen=True)
class CorpusLoad:
    """The valid documents, sorted by doc_id, and the problems of those skipped."""

    documents: tuple[SourceDocument, ...]
    skipped: tuple[CorpusError, ...]


def load_corpus(corpus_dir: Path, skip_invalid: bool = False) -> CorpusLoad:
    """Read and check every document in `corpus_dir`.

    Raises `CorpusErrors` listing every problem unless `skip_invalid`; a missing or empty
    corpus folder is an error either way.
    """
    texts, sidecars, errors = _corpus_files(corpus_dir)
    refused = {error.path for error in errors}
    documents: list[SourceDocument] = []
    for text_path in texts:
        if _sidecar_path(text_path) in refused:
            continue  # the sidecar's problem is reported already
        loaded = _load_document(text_path, _sidecar_path(text_path))
        if isinstance(loaded, SourceDocument):
            documents.append(loaded)
        else:
            errors.extend(loaded)
    text_stems = {path.stem for path in texts} | {
        p.stem for p in refused if p.suffix == TEXT_SUFFIX
    }
    errors.extend(_orphan_sidecar(path) for path in sidecars if path.stem not in text_stems)
    documents, duplicates = _drop_duplicates(documents)
    errors.extend(duplicates)
    errors.sort(key=lambda e: (str(e.path), e.line or 0))
    if errors and not skip_invalid:
        raise CorpusErrors(errors)
    return CorpusLoad(tuple(sorted(documents, key=lambda d: d.meta.doc_id)), tuple(errors))


def _corpus_files(corpus_dir: Path) -> tuple[list[Path], list[Path], list[CorpusError]]:
    """The texts and sidecars to read, and the problems of those refused (folders, special
    files, links leading out of the corpus folder)."""
    if not corpus_dir.is_dir():
        raise CorpusErrors([CorpusError(corpus_dir, "corpus folder not found")])
    suffixes = (TEXT_SUFFIX, SIDECAR_SUFFIX)
    entries = sorted(
        p for p in corpus_dir.iterdir() if p.suffix in suffixes and not p.name.startswith(".")
    )
    if not entries:
        message = f"no documents: expected <stem>{TEXT_SUFFIX} files with <stem>{SIDECAR_SUFFIX}"
        raise CorpusErrors([CorpusError(corpus_dir, message)])
    root = corpus_dir.resolve()
    problems = [(path, _entry_problem(path, root)) for path in entries]
    errors = [CorpusError(path, problem) for path, problem in problems if problem]
    accepted = [path for path, problem in problems if not problem]
    texts = [p for p in accepted if p.suffix == TEXT_SUFFIX]
    return texts, [p for p in accepted if p.suffix == SIDECAR_SUFFIX], errors


def _entry_problem(path: Path, root: Path) -> str:
    """Why a corpus entry cannot be read as a file of the corpus ("" when it can)."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return f"is a link to {shorten(str(target))}, outside the corpus folder; copy it in"
        if not target.exists():
            return f"is a link to {shorten(str(target))}, which does not exist"
    if path.is_dir():
        return "is a folder, not a file"
    if not path.is_file():
        return "is not a regular file (a pipe, socket or device)"
    return ""


def _sidecar_path(text_path: Path) -> Path:
    return text_path.with_suffix(SIDECAR_SUFFIX)


def _load_document(text_path: Path, sidecar_path: Path) -> SourceDocument | list[CorpusError]:
    """The document, or every problem found in its text and its sidecar."""
    errors: list[CorpusError] = []
    text = None
    try:
        text_bytes = _read(text_path)
        text = decode_text(text_path, text_bytes)
    except CorpusError as error:
        errors.append(error)
    if not sidecar_path.is_file():
        errors.append(_missing_sidecar(text_path, sidecar_path))
        return errors
    try:
        sidecar_bytes = _read(sidecar_path)
    except CorpusError as error:
        return [*errors, error]
    meta_or_errors = read_sidecar(sidecar_path, sidecar_bytes)
    if isinstance(meta_or_errors, list):
        return errors + meta_or_errors
    if errors or text is None:
        return errors
    return SourceDocument(meta_or_errors, text_path, text, content_hash(text_bytes, sidecar_bytes))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CorpusError(path, f"cannot read it: {error.strerror}") from None


def content_hash(text_bytes: bytes, sidecar_bytes: bytes) -> str:
    """sha256 of the text and the sidecar bytes: a change to either rebuilds the document."""
    digest = hashlib.sha256(text_bytes)
    digest.update(b"\x00")
    digest.update(sidecar_bytes)
    return digest.hexdigest()


def _missing_sidecar(text_path: Path, sidecar_path: Path) -> CorpusError:
    message = f"no sidecar {sidecar_path.name} beside it (see corpus/README.md)"
    if text_path.with_suffix(".yml").is_file():
        message += f"; rename {text_path.with_suffix('.yml').name} to {sidecar_path.name}"
    return CorpusError(text_path, message)


def _orphan_sidecar(sidecar_path: Path) -> CorpusError:
    text_name = sidecar_path.with_suffix(TEXT_SUFFIX).name
    return CorpusError(sidecar_path, f"sidecar without its text: {text_name} is missing")


def _drop_duplicates(
    documents: list[SourceDocument],
) -> tuple[list[SourceDocument], list[CorpusError]]:
    """Documents whose doc_id is unique; every holder of a shared doc_id is an error."""
    by_id: dict[str, list[SourceDocument]] = {}
    for doc in documents:
        by_id.setdefault(doc.meta.doc_id, []).append(doc)
    unique = [docs[0] for docs in by_id.values() if len(docs) == 1]
    errors = [
        CorpusError(
            _sidecar_path(doc.text_path),
            f"duplicate doc_id {shown(doc_id)}: also in "
            + ", ".join(str(_sidecar_path(o.text_path)) for o in docs if o is not doc),
            field="doc_id",
        )
        for doc_id, docs in by_id.items()
        if len(docs) > 1
        for doc in docs
    ]
    return unique, errors
