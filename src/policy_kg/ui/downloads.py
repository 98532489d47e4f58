"""The SPARQL tab's result files: one file per answer, in a folder kept small.

Each answer is written once, into a folder inside Gradio's cache folder: Gradio copies a
file output into its cache unless it is already there (gradio 6.31,
`Block.async_move_resource_to_block_cache`), so the folder's file is the only copy. Before
this, each answer stayed on disk twice (our folder and Gradio's copy) until the server
stopped. The folder keeps the newest answers only: at most MAX_FILES files and MAX_BYTES
bytes, none older than MAX_AGE seconds; a sweep every SWEEP_EVERY seconds removes the old
ones even while no query runs.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = {
    "application/sparql-results+json": "srj.json",
    "application/sparql-results+xml": "srx.xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
}
PREFIX = "results-"
# A reader downloads an answer soon after seeing it; an hour and the last 32 answers leave
# room for going back through a session's queries.
MAX_FILES = 32
MAX_AGE = 3600.0  # seconds
SWEEP_EVERY = 300.0  # seconds between sweeps for files past MAX_AGE
# The documented examples write 0.2-1.2 kB a row as JSON, all but one under 20 kB; the
# largest writes 1.8 MB (2,434 rows). A full result (SparqlSettings.max_rows, 10,000 rows)
# at 1.2 kB a row is 12 MB (bench/bench_result_files.py), so 64 MiB holds 5 of those, or
# MAX_FILES ordinary ones.
MAX_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Limits:
    files: int = MAX_FILES
    total_bytes: int = MAX_BYTES
    age: float = MAX_AGE


class DownloadFolder:
    """Writes answers into `folder` and removes the oldest past `limits`."""

    def __init__(
        self, folder: Path, limits: Limits = Limits(), clock: Callable[[], float] = time.time
    ) -> None:
        self.folder = folder
        self.limits = limits
        self.clock = clock
        self._lock = threading.Lock()

    def write(self, body: bytes, media_type: str) -> Path | None:
        """The answer's file (named after its content and format, so a repeated query reuses
        it), or None when the answer alone is over the folder's byte limit."""
        if len(body) > self.limits.total_bytes:
            return None
        digest = hashlib.sha256(body).hexdigest()[:12]
        path = self.folder / f"{PREFIX}{digest}.{EXTENSIONS.get(media_type, 'txt')}"
        with self._lock:
            if path.is_file():
                now = self.clock()
                os.utime(path, (now, now))  # the newest again: kept longest
            else:
                _write_atomically(path, body, self.clock())
            self._prune()
        return path

    def sweep(self) -> None:
        """Remove what is past the limits (files too old, mostly)."""
        with self._lock:
            self._prune()

    def _prune(self) -> None:
        files = sorted(_entries(self.folder), key=lambda entry: entry[1], reverse=True)
        now, kept, total = self.clock(), 0, 0
        for path, modified, size in files:
            fits = kept < self.limits.files and total + size <= self.limits.total_bytes
            if fits and now - modified <= self.limits.age:
                kept, total = kept + 1, total + size
            else:
                path.unlink(missing_ok=True)


def _entries(folder: Path) -> list[tuple[Path, float, int]]:
    """(path, modified, size) of each answer file; one removed meanwhile is left out."""
    entries = []
    for path in folder.glob(f"{PREFIX}*"):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        entries.append((path, stat.st_mtime, stat.st_size))
    return entries


def _write_atomically(path: Path, body: bytes, modified: float) -> None:
    handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.utime(staging, (modified, modified))
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
