"""Corpus errors a user must fix, each naming the file and the field or line at fault."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

# a quoted value longer than this is cut: a whole 1 MB input echoed back helps nobody, and
# 80 characters show any field value or question of the corpus and the question sets in full
QUOTE_LIMIT = 80
# a whole message (which may quote several values, each capped) is cut past this length
MESSAGE_LIMIT = 8 * QUOTE_LIMIT
_SCALARS = (str, int, float, bool, date, type(None))


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text` cut to `limit` characters, saying how much was left out; lone surrogates (from
    bytes that are not UTF-8) are escaped so that the message can always be printed."""
    cut = text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
    return cut.encode("utf-8", "backslashreplace").decode("utf-8")


def shown(value: object) -> str:
    """How an error message quotes a value: a scalar's repr, capped; otherwise only its type
    (a structure's repr can be huge: a YAML alias bomb expands to gigabytes)."""
    if isinstance(value, _SCALARS):
        return shorten(repr(value))
    return f"a {type(value).__name__}"


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
            where += f": field '{shorten(self.field)}'"
        return f"{where}: {shorten(self.message, MESSAGE_LIMIT)}"


class CorpusErrors(Exception):
    """Every problem found in a corpus, so that all of them can be fixed in one go."""

    def __init__(self, errors: Iterable[CorpusError]) -> None:
        self.errors = tuple(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{len(self.errors)} problem(s) in the corpus:\n{lines}")
