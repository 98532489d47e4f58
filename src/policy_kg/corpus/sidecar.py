"""A document's sidecar (`<stem>.yaml`): its metadata fields, checked one by one.

Every problem is collected with its field and line, so that a user fixes them all in one go.
Values are quoted in messages only when short and scalar (see `errors.shown`).
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

import yaml

from policy_kg.corpus.dates import DateParseError, parse_iso_date, parse_japanese_date
from policy_kg.corpus.encoding import not_utf8_message
from policy_kg.corpus.errors import CorpusError, shorten, shown
from policy_kg.corpus.model import DocumentMeta, KnownRevision

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
# `original` and `original_sha256`: the published file kept in corpus/originals/ by `add`
OPTIONAL_FIELDS = ("known_revisions", "original", "original_sha256")
ORIGINALS_DIR = "originals"
STATUSES = ("final", "draft")
# a sidecar is a handful of flat fields: an alias (`*name`) is never needed, and nested aliases
# expand exponentially (a 1 KB "billion laughs" file grew past 6 GB before this refusal)
ALIAS_REFUSED = "YAML aliases (*name) are not accepted in a sidecar: write the value out"
UNDATED = "undated"  # the revision part of a doc_id whose revision is null

# libyaml's parser where PyYAML has it: reading the 500 sidecars of 100 copies of the seeds
# (each three times: events, values, line marks) took 2.1 s in pure Python
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SERIES = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DOC_ID = re.compile(
    rf"{_SERIES.pattern}@(?:[0-9]{{4}}(?:-[0-9]{{2}}){{0,2}}|{UNDATED})(?:-draft)?"
)


def read_sidecar(path: Path, data: bytes) -> DocumentMeta | list[CorpusError]:
    """The sidecar's metadata, or every problem found in it."""
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [CorpusError(path, not_utf8_message(data, error))]
    try:
        alias = _first_alias(source)
        if alias is not None:
            return [CorpusError(path, ALIAS_REFUSED, line=alias)]
        record = yaml.load(source, Loader=_LOADER)
        lines = _field_lines(source)
    except yaml.MarkedYAMLError as error:
        return [_yaml_error(path, error)]
    except yaml.YAMLError as error:
        return [CorpusError(path, f"YAML syntax error: {shorten(str(error))}")]
    if not isinstance(record, dict):
        found = "nothing" if record is None else type(record).__name__
        return [CorpusError(path, f"sidecar must be a mapping of fields, found {found}")]
    checker = _SidecarChecker(path, record, lines)
    meta = checker.meta()
    return checker.errors if meta is None or checker.errors else meta


def _first_alias(source: str) -> int | None:
    """The line of the first YAML alias (`*name`), read as events: nothing is expanded."""
    for event in yaml.parse(source, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


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
    node = yaml.compose(source, Loader=_LOADER)
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
        self._check_original()
        if self.errors:
            return None
        meta = DocumentMeta(**values)
        self._check_consistency(meta)
        return meta

    def _check_original(self) -> None:
        """The kept original, when named: a file in originals/ with a sha256 beside it."""
        original, digest = self.record.get("original"), self.record.get("original_sha256")
        if original is None and digest is None:
            return
        if not isinstance(original, str) or not original.startswith(f"{ORIGINALS_DIR}/"):
            self.error("original", f"must name a file in {ORIGINALS_DIR}/, found {shown(original)}")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            self.error("original_sha256", f"must be 64 hex digits, found {shown(digest)}")

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
            self.error(name, f"must be text, found {shown(value)}; quote it")
        elif not value.strip() and not allow_empty:
            self.error(name, "is empty")
        return value if isinstance(value, str) else ""

    def series(self) -> str:
        series = self.text("series")
        if series and not _SERIES.fullmatch(series):
            self.error("series", f"{shown(series)} must be lower-case letters, digits and hyphens")
        return series

    def status(self) -> str:
        status = self.text("status")
        if status and status not in STATUSES:
            self.error("status", f"must be 'final' or 'draft', found {shown(status)}")
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
        self.error(field, f"{shown(value)} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
        return None

    def known_revisions(self) -> tuple[KnownRevision, ...]:
        """The valid entries, oldest first (a partial date as its earliest day)."""
        entries = self.record.get("known_revisions")
        if entries is None:
            return ()
        if not isinstance(entries, list):
            self.error("known_revisions", "must be a list of dates or of {revision, label} entries")
            return ()
        known = [self.known_revision(f"known_revisions[{i}]", e) for i, e in enumerate(entries)]
        valid = [k for k in known if k is not None]
        return tuple(sorted(valid, key=lambda k: parse_iso_date(k.revision).earliest_day))

    def known_revision(self, field: str, entry: object) -> KnownRevision | None:
        if isinstance(entry, str):
            try:  # a Japanese date is its own label: 令和6年3月29日改定
                return KnownRevision(parse_japanese_date(entry).iso, entry)
            except DateParseError:
                pass
        if isinstance(entry, date | str | int) and not isinstance(entry, bool):
            # a plain ISO date: the revision is known, its wording is not (the label is the date)
            revision = self.iso_date(field, entry)
            return KnownRevision(revision, revision) if revision is not None else None
        if not isinstance(entry, dict) or set(entry) != {"revision", "label"}:
            self.error(
                field, f"must have exactly the keys revision and label, found {shown(entry)}"
            )
            return None
        revision = self.iso_date(f"{field}.revision", entry["revision"])
        label = entry["label"]
        if not isinstance(label, str) or not label.strip():
            self.error(
                f"{field}.label", f"must be the revision's Japanese label, found {shown(label)}"
            )
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
            self.error(field, f"{error.reason} in {shown(label)}")
            return
        if named != revision:
            given = revision if revision is not None else "null"
            self.error(field, f"{shown(label)} names {named}, but the revision is {given}")

    def _check_consistency(self, meta: DocumentMeta) -> None:
        self.check_label("revision_label", meta.revision_label, meta.revision)
        expected = (
            f"{meta.series}@{meta.revision or UNDATED}{'-draft' if meta.status == 'draft' else ''}"
        )
        if not _DOC_ID.fullmatch(meta.doc_id):
            self.error(
                "doc_id",
                f"{shown(meta.doc_id)} is not <series>@<revision>; expected {shown(expected)}",
            )
        elif meta.doc_id != expected:
            self.error(
                "doc_id",
                f"{shown(meta.doc_id)} does not match series, revision and status: "
                f"expected {shown(expected)}",
            )
