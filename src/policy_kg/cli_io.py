"""What the command line reads and shows around its commands: descriptions of file errors,
and checks that text input is text (arguments, batch lines). Build progress: `progress`."""

from __future__ import annotations

import errno
import json
import re

from policy_kg.corpus.errors import shorten

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTES = 0xDC80  # surrogateescape turns byte 0x80+n into U+DC80+n


def describe_os_error(error: OSError) -> str:
    """What went wrong with which file, by name: `Permission denied [EACCES]: indexes/x`."""
    code = errno.errorcode.get(error.errno or 0, "")
    text = error.strerror or type(error).__name__
    where = f": {shorten(str(error.filename))}" if error.filename is not None else ""
    return f"{text}{f' [{code}]' if code else ''}{where}"


class BatchLineError(ValueError):
    pass


def batch_question(line: bytes) -> str:
    """A batch line is a question, or a JSON object with a `question` field, in UTF-8."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BatchLineError(
            f"not UTF-8 (byte 0x{line[error.start]:02X} at {error.start})"
        ) from None
    if not text.lstrip().startswith("{"):
        return text.strip()
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise BatchLineError(f"malformed JSON ({error.msg} at column {error.colno})") from error
    question = record.get("question") if isinstance(record, dict) else None
    if not isinstance(question, str):
        raise BatchLineError("the JSON object has no string field 'question'")
    problem = not_text(question)
    if problem is not None:
        raise BatchLineError(f"'question': {problem}")
    return question


def not_text(value: str) -> str | None:
    """Why `value` is not Unicode text, or None: bytes that are not UTF-8 arrive in argv as
    lone surrogates U+DC80-U+DCFF (surrogateescape), and JSON can spell any ("\\ud800")."""
    found = _SURROGATE.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if code >= _ESCAPED_BYTES:
        return f"byte 0x{code - 0xDC00:02X} at character {found.start()} is not UTF-8"
    return f"a lone surrogate U+{code:04X} at character {found.start()} is not text"
