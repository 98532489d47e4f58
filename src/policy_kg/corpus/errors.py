"""Corpus errors a user must fix, each naming the file and the field or line at fault."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class CorpusError(Exception):
    """One problem with one corpus file: `path`, then `field` and/or `line`, then what is wrong."""

    def __init__(
        self, path: Path, message: str, *, field: str | None = None, line: int | None = None
    ) -> None:
        self.path = path
        self.message = message
        self.field = field
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else str(self.path)
        if self.field is not None:
            where += f": field '{self.field}'"
        return f"{where}: {self.message}"


class CorpusErrors(Exception):
    """Every problem found in a corpus, so that all of them can be fixed in one go."""

    def __init__(self, errors: Iterable[CorpusError]) -> None:
        self.errors = tuple(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{len(self.errors)} problem(s) in the corpus:\n{lines}")
