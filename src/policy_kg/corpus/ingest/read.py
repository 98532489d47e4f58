"""A published file read as corpus text, by its content: a PDF, an HTML page or UTF-8 text.

Refused with a message naming the file: a type not read here, an empty file, a file over
`MAX_BYTES` (checked before reading it), a PDF that is not one or is encrypted, and a PDF
with no text layer (a scan: nothing to cite until it is run through OCR).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from policy_kg.corpus.encoding import decode_text
from policy_kg.corpus.errors import CorpusError
from policy_kg.corpus.ingest.errors import IngestError
from policy_kg.corpus.ingest.html import looks_like_html, read_html
from policy_kg.corpus.ingest.page_cleanup import pages_to_text
from policy_kg.corpus.ingest.pdf import PDF_MAGIC, read_pdf

# the largest policy PDF of the ministry's site we know of is about 15 MB (a deck with
# photographs); 50 MB leaves room and keeps a mistaken upload from filling memory
MAX_BYTES = 50 * 1024 * 1024
# fewer printed characters than this per page: a scan, or pages of figures only
MIN_CHARS_PER_PAGE = 5
SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text"}


@dataclass(frozen=True)
class Published:
    """A file as read: its text, its kind, and the bytes kept as the original."""

    path: Path
    kind: str  # pdf, html or text
    text: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_published(path: Path, max_bytes: int = MAX_BYTES) -> Published:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(SUFFIXES)
        raise IngestError(path, f"cannot be added: a {path.suffix or 'nameless'} file ({known})")
    data = _read(path, max_bytes)
    if kind == "pdf":
        text = _pdf_text(path, data)
    elif kind == "html":
        text = read_html(path, data)
    else:
        text = _plain_text(path, data)
    if not text.strip():
        raise IngestError(path, "has no text to add")
    return Published(path, kind, text, data)


def kind_of_content(data: bytes) -> str | None:
    """pdf or html by the first bytes (magic), not by the name; None for anything else."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    return "html" if looks_like_html(data) else None


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                path, f"is {size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB limit"
            )
        if size == 0:
            raise IngestError(path, "is empty")
        return path.read_bytes()
    except OSError as error:
        raise IngestError(path, f"cannot be read: {error.strerror}") from None


def _pdf_text(path: Path, data: bytes) -> str:
    pages = read_pdf(path, data)
    printed = sum(len(line.text) for page in pages for line in page.lines)
    if printed < MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise IngestError(
            path, "has no text layer (a scanned document?): run it through OCR, then add that"
        )
    return pages_to_text(pages)


def _plain_text(path: Path, data: bytes) -> str:
    try:
        return decode_text(path, data)
    except CorpusError as error:
        raise IngestError(path, error.message) from None
