"""Loading `corpus/`: each `<stem>.txt` with its `<stem>.yaml` sidecar (SPEC §2), checked.

Every problem in the corpus is collected before anything is raised, so a user fixes all of
them in one go; `skip_invalid` loads the valid documents and returns the problems instead.

Texts are read as UTF-8 and otherwise kept exactly as they are: CRLF line ends are not
normalised (the structure parser splits lines on either), so character offsets into
`SourceDocument.text` are offsets into the file as any editor shows it. The one exception is a
leading byte-order mark, which is dropped (editors hide it too); a file that starts with one
therefore has offsets one less than a count that includes it.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from policy_kg.corpus.dates import DateParseError, parse_iso_date, parse_japanese_date
from policy_kg.corpus.errors import CorpusError, CorpusErrors
from policy_kg.corpus.model import DocumentMeta, KnownRevision, SourceDocument

TEXT_SUFFIX = ".txt"
SIDECAR_SUFFIX = ".yaml"
REQUIRED_FIELDS = (
    "doc_id",
    "series",
    "title",
    "issuer",
    "revision",
    "revision_label",
    "status",
    "source_file",
)
OPTIONAL_FIELDS = ("known_revisions",)
STATUSES = ("final", "draft")
UNDATED = "undated"  # the revision part of a doc_id whose revision is null

_SERIES = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DOC_ID = re.compile(
    rf"{_SERIES.pattern}@(?:[0-9]{{4}}(?:-[0-9]{{2}}){{0,2}}|{UNDATED})(?:-draft)?"
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16 (little-endian, with a byte-order mark)", "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16 (big-endian, with a byte-order mark)", "UTF-16"),
)
_LEGACY_ENCODINGS = (("cp932", "CP932 (Shift_JIS)", "CP932"), ("euc_jp", "EUC-JP", "EUC-JP"))
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]")


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
    texts, sidecars = _corpus_files(corpus_dir)
    documents: list[SourceDocument] = []
    errors: list[CorpusError] = []
    for text_path in texts:
        loaded = _load_document(text_path, _sidecar_path(text_path))
        if isinstance(loaded, SourceDocument):
            documents.append(loaded)
        else:
            errors.extend(loaded)
    text_stems = {path.stem for path in texts}
    errors.extend(_orphan_sidecar(path) for path in sidecars if path.stem not in text_stems)
    documents, duplicates = _drop_duplicates(documents)
    errors.extend(duplicates)
    errors.sort(key=lambda e: (str(e.path), e.line or 0))
    if errors and not skip_invalid:
        raise CorpusErrors(errors)
    return CorpusLoad(tuple(sorted(documents, key=lambda d: d.meta.doc_id)), tuple(errors))


def _corpus_files(corpus_dir: Path) -> tuple[list[Path], list[Path]]:
    if not corpus_dir.is_dir():
        raise CorpusErrors([CorpusError(corpus_dir, "corpus folder not found")])
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    texts = [p for p in files if p.suffix == TEXT_SUFFIX]
    sidecars = [p for p in files if p.suffix == SIDECAR_SUFFIX]
    if not texts and not sidecars:
        message = f"no documents: expected <stem>{TEXT_SUFFIX} files with <stem>{SIDECAR_SUFFIX}"
        raise CorpusErrors([CorpusError(corpus_dir, message)])
    return texts, sidecars


def _sidecar_path(text_path: Path) -> Path:
    return text_path.with_suffix(SIDECAR_SUFFIX)


def _load_document(text_path: Path, sidecar_path: Path) -> SourceDocument | list[CorpusError]:
    """The document, or every problem found in its text and its sidecar."""
    errors: list[CorpusError] = []
    text_bytes = text_path.read_bytes()
    text = None
    try:
        text = decode_text(text_path, text_bytes)
    except CorpusError as error:
        errors.append(error)
    if not sidecar_path.is_file():
        errors.append(_missing_sidecar(text_path, sidecar_path))
        return errors
    sidecar_bytes = sidecar_path.read_bytes()
    meta_or_errors = read_sidecar(sidecar_path, sidecar_bytes)
    if isinstance(meta_or_errors, list):
        return errors + meta_or_errors
    if errors or text is None:
        return errors
    return SourceDocument(meta_or_errors, text_path, text, content_hash(text_bytes, sidecar_bytes))


def content_hash(text_bytes: bytes, sidecar_bytes: bytes) -> str:
    """sha256 of the text and the sidecar bytes: a change to either rebuilds the document."""
    digest = hashlib.sha256(text_bytes)
    digest.update(b"\x00")
    digest.update(sidecar_bytes)
    return digest.hexdigest()


# --- the text -------------------------------------------------------------------------------


def decode_text(path: Path, data: bytes) -> str:
    """The text of a corpus file, or a `CorpusError` saying what encoding it seems to be in."""
    for bom, name, iconv_name in _BOMS:
        if data.startswith(bom):
            raise CorpusError(path, f"text is {name}, not UTF-8; {_convert_hint(iconv_name)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CorpusError(path, _not_utf8_message(data, error), line=line) from None
    if "\x1b$B" in text or "\x1b$@" in text:
        raise CorpusError(path, f"text is ISO-2022-JP, not UTF-8; {_convert_hint('ISO-2022-JP')}")
    if "\x00" in text:
        message = "text contains NUL bytes: UTF-16 without a byte-order mark, or not text at all"
        raise CorpusError(path, message)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CorpusError(path, "text is empty" if not text else "text is only white space")
    return text


def guess_legacy_encoding(data: bytes) -> tuple[str, str] | None:
    """(name, iconv name) of the Japanese encoding that reads `data` as the most Japanese text."""
    best, best_share = None, 0.5
    for codec, name, iconv_name in _LEGACY_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        non_ascii = [c for c in text if ord(c) > 0x7F]
        share = sum(1 for c in non_ascii if _JAPANESE.match(c)) / max(len(non_ascii), 1)
        if share > best_share:
            best, best_share = (name, iconv_name), share
    return best


def _not_utf8_message(data: bytes, error: UnicodeDecodeError) -> str:
    where = f"byte 0x{data[error.start]:02X} at offset {error.start} is not UTF-8"
    guess = guess_legacy_encoding(data)
    if guess is None:
        return f"text is not UTF-8 ({where}) and not CP932 or EUC-JP either"
    name, iconv_name = guess
    return f"text is not UTF-8 ({where}); it looks like {name}: {_convert_hint(iconv_name)}"


def _convert_hint(iconv_name: str) -> str:
    return f"convert it with `iconv -f {iconv_name} -t UTF-8 FILE > FILE.new`"


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
            f"duplicate doc_id {doc_id!r}: also in "
            + ", ".join(str(_sidecar_path(o.text_path)) for o in docs if o is not doc),
            field="doc_id",
        )
        for doc_id, docs in by_id.items()
        if len(docs) > 1
        for doc in docs
    ]
    return unique, errors


# --- the sidecar ----------------------------------------------------------------------------


def read_sidecar(path: Path, data: bytes) -> DocumentMeta | list[CorpusError]:
    """The sidecar's metadata, or every problem found in it."""
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [CorpusError(path, _not_utf8_message(data, error))]
    try:
        record = yaml.safe_load(source)
        lines = _field_lines(source)
    except yaml.MarkedYAMLError as error:
        return [_yaml_error(path, error)]
    except yaml.YAMLError as error:
        return [CorpusError(path, f"YAML syntax error: {error}")]
    if not isinstance(record, dict):
        found = "nothing" if record is None else type(record).__name__
        return [CorpusError(path, f"sidecar must be a mapping of fields, found {found}")]
    checker = _SidecarChecker(path, record, lines)
    meta = checker.meta()
    return checker.errors if meta is None or checker.errors else meta


def _yaml_error(path: Path, error: yaml.MarkedYAMLError) -> CorpusError:
    mark = error.problem_mark or error.context_mark
    context = f" ({error.context})" if error.context else ""
    return CorpusError(
        path,
        f"YAML syntax error: {error.problem}{context}",
        line=mark.line + 1 if mark is not None else None,
    )


def _field_lines(source: str) -> dict[str, int]:
    """Line numbers of the top-level keys and of the items of list values (`name[i]`)."""
    node = yaml.compose(source)
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        lines[str(key.value)] = key.start_mark.line + 1
        if isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                lines[f"{key.value}[{i}]"] = item.start_mark.line + 1
    return lines


class _SidecarChecker:
    """Checks one sidecar's fields, collecting every problem with its field and line."""

    def __init__(self, path: Path, record: dict, lines: dict[str, int]) -> None:
        self.path = path
        self.record = record
        self.lines = lines
        self.errors: list[CorpusError] = []

    def error(self, field: str, message: str) -> None:
        line = self.lines.get(field.split(".")[0], self.lines.get(field.split("[")[0]))
        self.errors.append(CorpusError(self.path, message, field=field, line=line))

    def meta(self) -> DocumentMeta | None:
        self._check_field_names()
        values = {
            "doc_id": self.text("doc_id"),
            "series": self.series(),
            "title": self.text("title"),
            "issuer": self.text("issuer"),
            "revision": self.revision(),
            "revision_label": self.text("revision_label", allow_empty=True),
            "status": self.status(),
            "source_file": self.text("source_file"),
            "known_revisions": self.known_revisions(),
        }
        if self.errors:
            return None
        meta = DocumentMeta(**values)
        self._check_consistency(meta)
        return meta

    def _check_field_names(self) -> None:
        known = REQUIRED_FIELDS + OPTIONAL_FIELDS
        for name in self.record:
            if name not in known:
                close = difflib.get_close_matches(str(name), known, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                self.error(str(name), f"unknown field{hint}")

    def present(self, name: str) -> bool:
        if name in self.record:
            return True
        self.error(name, "missing")
        return False

    def text(self, name: str, allow_empty: bool = False) -> str:
        if not self.present(name):
            return ""
        value = self.record[name]
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str):
            self.error(name, f"must be text, found {value!r}; quote it")
        elif not value.strip() and not allow_empty:
            self.error(name, "is empty")
        return value if isinstance(value, str) else ""

    def series(self) -> str:
        series = self.text("series")
        if series and not _SERIES.fullmatch(series):
            self.error("series", f"{series!r} must be lower-case letters, digits and hyphens")
        return series

    def status(self) -> str:
        status = self.text("status")
        if status and status not in STATUSES:
            self.error("status", f"must be 'final' or 'draft', found {status!r}")
        return status

    def revision(self) -> str | None:
        if not self.present("revision"):
            return None
        return self.iso_date("revision", self.record["revision"], allow_null=True)

    def iso_date(self, field: str, value: object, allow_null: bool = False) -> str | None:
        """An ISO (possibly partial) date; YAML's own dates and bare years are accepted."""
        if value is None and allow_null:
            return None
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            try:
                return parse_iso_date(value).iso
            except DateParseError:
                pass
        self.error(field, f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
        return None

    def known_revisions(self) -> tuple[KnownRevision, ...]:
        """The valid entries, oldest first (a partial date as its earliest day)."""
        entries = self.record.get("known_revisions")
        if entries is None:
            return ()
        if not isinstance(entries, list):
            self.error("known_revisions", "must be a list of {revision, label} entries")
            return ()
        known = [self.known_revision(f"known_revisions[{i}]", e) for i, e in enumerate(entries)]
        valid = [k for k in known if k is not None]
        return tuple(sorted(valid, key=lambda k: parse_iso_date(k.revision).earliest_day))

    def known_revision(self, field: str, entry: object) -> KnownRevision | None:
        if not isinstance(entry, dict) or set(entry) != {"revision", "label"}:
            self.error(field, f"must have exactly the keys revision and label, found {entry!r}")
            return None
        revision = self.iso_date(f"{field}.revision", entry["revision"])
        label = entry["label"]
        if not isinstance(label, str) or not label.strip():
            self.error(f"{field}.label", f"must be the revision's Japanese label, found {label!r}")
            return None
        if revision is None:
            return None
        self.check_label(f"{field}.label", label, revision)
        return KnownRevision(revision, label)

    def check_label(self, field: str, label: str, revision: str | None) -> None:
        """The date a label names must be the revision it labels; no revision, no label."""
        if not label.strip():
            if revision is not None:
                self.error(field, "is empty: give the original wording, e.g. 令和8年3月30日改定")
            return
        try:
            named = parse_japanese_date(label).iso
        except DateParseError as error:
            self.error(field, f"{error.reason} in {label!r}")
            return
        if named != revision:
            shown = revision if revision is not None else "null"
            self.error(field, f"{label!r} names {named}, but the revision is {shown}")

    def _check_consistency(self, meta: DocumentMeta) -> None:
        self.check_label("revision_label", meta.revision_label, meta.revision)
        expected = (
            f"{meta.series}@{meta.revision or UNDATED}{'-draft' if meta.status == 'draft' else ''}"
        )
        if not _DOC_ID.fullmatch(meta.doc_id):
            self.error(
                "doc_id", f"{meta.doc_id!r} is not <series>@<revision>; expected {expected!r}"
            )
        elif meta.doc_id != expected:
            self.error(
                "doc_id",
                f"{meta.doc_id!r} does not match series, revision and status: "
                f"expected {expected!r}",
            )
