"""The kinds of fact the nlp stage extracts: each extractor registered once, with its record.

An extractor module registers its function with the record type it makes, spaCy-style:
`@extracts(Budget)` over `extract_budgets(document)`. The record type names the field of the
facts container (`DocumentFacts`) it fills: the field typed `tuple[Budget, ...]`. An
extractor that reads the records of other kinds names them, `@extracts(Target,
needs=(MeasureCoverage,))`, and is called with them after the document; kinds run after what
they need, else in the container's field order. `extract_document` (pipeline.py) is one call
to `document_kinds().extract`, which imports every module of this package first, so a new
kind needs its record (facts.py), its extractor module and its graph writer
(graph/fact_kinds.py), plus its class in the ontology: tests/nlp/test_fact_kinds.py checks
that the four agree.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_args, get_origin, get_type_hints

from policy_kg.nlp.extract.analyzed import AnalyzedDocument
from policy_kg.nlp.facts import DocumentFacts

Record = TypeVar("Record")
Container = TypeVar("Container")
Extractor = Callable[..., tuple[Record, ...]]


@dataclass(frozen=True)
class FactKind:
    """One kind of fact: its record type, the container field it fills and its extractor."""

    record: type
    field: str
    extract: Extractor[Any]
    needs: tuple[type, ...] = ()


class FactKinds(Generic[Container]):
    """The registered kinds of one facts container (a frozen dataclass with a `doc_id` and one
    `tuple[Record, ...]` field per kind)."""

    def __init__(self, container: type[Container]) -> None:
        self.container = container
        self._fields = record_fields(container)
        self._kinds: dict[type, FactKind] = {}

    def register(
        self, record: type[Record], needs: tuple[type, ...] = ()
    ) -> Callable[[Extractor[Record]], Extractor[Record]]:
        """Register the decorated function as the extractor of `record`."""
        name = self._fields.get(record)
        if name is None:
            raise ValueError(
                f"{record.__name__} is no field of {self.container.__name__}: add "
                f"a field typed tuple[{record.__name__}, ...]"
            )

        def register(extract: Extractor[Record]) -> Extractor[Record]:
            if record in self._kinds:
                raise ValueError(f"{record.__name__} has two extractors")
            self._kinds[record] = FactKind(record, name, extract, needs)
            return extract

        return register

    def kinds(self) -> tuple[FactKind, ...]:
        """Every registered kind, each after the kinds it needs, else in field order."""
        by_field = sorted(self._kinds.values(), key=lambda k: list(self._fields).index(k.record))
        ordered: dict[type, FactKind] = {}
        for kind in by_field:
            self._place(kind, ordered, ())
        return tuple(ordered.values())

    def _place(self, kind: FactKind, ordered: dict[type, FactKind], path: tuple[type, ...]) -> None:
        if kind.record in ordered:
            return
        if kind.record in path:
            raise ValueError(f"extractors need each other: {[r.__name__ for r in path]}")
        for need in kind.needs:
            if need not in self._kinds:
                raise ValueError(f"{kind.record.__name__} needs {need.__name__}, not registered")
            self._place(self._kinds[need], ordered, (*path, kind.record))
        ordered[kind.record] = kind

    def extract(self, document: AnalyzedDocument) -> Container:
        """The container of every registered kind's records in `document`."""
        found: dict[type, tuple[object, ...]] = {}
        for kind in self.kinds():
            found[kind.record] = kind.extract(document, *(found[need] for need in kind.needs))
        fields = {self._fields[record]: records for record, records in found.items()}
        return self.container(doc_id=document.doc_id, **fields)


def record_fields(container: type) -> Mapping[type, str]:
    """Record type -> the name of the container's field typed `tuple[record, ...]`."""
    return {
        get_args(hint)[0]: name
        for name, hint in get_type_hints(container).items()
        if get_origin(hint) is tuple
    }


FACT_KINDS: FactKinds[DocumentFacts] = FactKinds(DocumentFacts)
extracts = FACT_KINDS.register


@functools.cache
def document_kinds() -> FactKinds[DocumentFacts]:
    """`FACT_KINDS`, with every extractor module of this package imported (and so registered)."""
    package = importlib.import_module(__package__ or "policy_kg.nlp.extract")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return FACT_KINDS
