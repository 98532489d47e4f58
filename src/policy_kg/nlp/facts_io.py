"""`DocumentFacts` to and from JSON, exactly, for the per-document extraction cache.

The JSON mirrors the dataclasses of `facts.py` field by field (tuples as arrays, Decimals as
their numeral in a string, so no value passes through a float); reading rebuilds them from the
field types, so ``facts_from_json(facts_to_json(f)) == f``. The file
records `FORMAT` and the extractor version it was written with (by default
`extractor_version()`, a fingerprint of the extraction code and vocabulary); a reader expecting
another gets a `StaleFactsError`, so a cache written by older code is rebuilt, not misread. A
file that is not such JSON at all (cut short by a full disk, edited by hand) gets an
`UnreadableFactsError`, its base, naming the file: the build extracts that document again.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from policy_kg import atomic
from policy_kg.nlp.extract import extractor_version as _current_version
from policy_kg.nlp.facts import DocumentFacts

FORMAT = "policy-kg/document-facts/2"  # 2: quantities as `Quantity`, shares and budgets Decimal


class UnreadableFactsError(ValueError):
    """The text is not the JSON of a document's facts."""


class StaleFactsError(UnreadableFactsError):
    """The JSON was written in another format or by another extractor version."""


def facts_to_json(facts: DocumentFacts, extractor_version: str | None = None) -> str:
    version = _current_version() if extractor_version is None else extractor_version
    document = {"format": FORMAT, "extractor": version, "facts": _encode(facts)}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1)


def facts_from_json(text: str, extractor_version: str | None = None) -> DocumentFacts:
    version = _current_version() if extractor_version is None else extractor_version
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFactsError(f"not JSON: {error}") from None
    if not isinstance(document, dict):
        raise UnreadableFactsError(f"expected a JSON object, got {type(document).__name__}")
    if document.get("format") != FORMAT or document.get("extractor") != version:
        raise StaleFactsError(
            f"facts written as {document.get('format')!r} by extractor "
            f"{document.get('extractor')!r}; expected {FORMAT!r} by {version!r}"
        )
    try:
        return _decoder(DocumentFacts)(document["facts"])
    except (KeyError, TypeError, AttributeError) as error:
        raise UnreadableFactsError(f"not a document's facts: {error!r}") from None


def write_facts(path: Path, facts: DocumentFacts, extractor_version: str | None = None) -> None:
    atomic.write_text(path, facts_to_json(facts, extractor_version))


def read_facts(path: Path, extractor_version: str | None = None) -> DocumentFacts:
    try:
        return facts_from_json(path.read_text(encoding="utf-8"), extractor_version)
    except UnicodeDecodeError as error:
        raise UnreadableFactsError(f"{path}: not UTF-8 text: {error}") from None
    except UnreadableFactsError as error:
        raise type(error)(f"{path}: {error}") from None


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """The function that rebuilds a value of `kind` from its JSON, made once per type. An
    incremental build reads every document's facts back (the catalogue spans them all);
    asking each of their values' type what it is (`get_origin`, `is_dataclass`) took 1.36 s
    for the 100-copy corpus's 500 documents, the decoders made once 0.53 s (json.loads
    itself: 0.37 s)."""
    origin = get_origin(kind)
    if dataclasses.is_dataclass(kind):
        fields = {name: _decoder(hint) for name, hint in get_type_hints(kind).items()}
        return lambda value: kind(**{name: fields[name](v) for name, v in value.items()})
    if origin is tuple:
        item = _decoder(get_args(kind)[0])
        return lambda value: tuple(map(item, value))
    if origin in (Union, types.UnionType):
        option = _decoder(next(a for a in get_args(kind) if a is not type(None)))
        return lambda value: None if value is None else option(value)
    if origin is Literal or kind is typing.Any:
        return lambda value: value
    if kind is Decimal:
        return _decimal
    if kind in (str, int, bool):
        return lambda value: _checked(kind, value)
    raise TypeError(f"cannot decode values as {kind!r}")


def _checked(kind: type, value: Any) -> Any:
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {value!r}")
    return value


def _decimal(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise TypeError(f"expected a decimal numeral as a string, got {str(value)[:40]!r}")
    try:
        return Decimal(value)
    except InvalidOperation:
        raise TypeError(f"expected a decimal numeral, got {value[:40]!r}") from None
