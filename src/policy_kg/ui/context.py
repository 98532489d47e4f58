"""Passages around a citation, and document titles: what the views need from the build."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from policy_kg.corpus.model import DocumentMeta, ParsedDocument, Passage


@dataclass(frozen=True)
class PassageContext:
    """Looks passages up by id across the built documents."""

    documents: Mapping[str, ParsedDocument]
    _positions: dict[str, tuple[str, int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        positions = {
            passage.passage_id: (doc_id, n)
            for doc_id, doc in self.documents.items()
            for n, passage in enumerate(doc.passages)
        }
        object.__setattr__(self, "_positions", positions)

    def passage(self, passage_id: str) -> Passage | None:
        position = self._positions.get(passage_id)
        if position is None:
            return None
        doc_id, n = position
        return self.documents[doc_id].passages[n]

    def around(self, passage_id: str, width: int = 1) -> tuple[Passage, ...]:
        """Up to `width` passages before and after the given one, in reading order,
        without footnotes (they sit at the end of a page, not next to the text)."""
        position = self._positions.get(passage_id)
        if position is None:
            return ()
        doc_id, n = position
        passages = self.documents[doc_id].passages
        before = [p for p in passages[:n] if p.kind != "footnote"][-width:]
        after = [p for p in passages[n + 1 :] if p.kind != "footnote"][:width]
        return (*before, passages[n], *after)

    def meta(self, doc_id: str) -> DocumentMeta | None:
        doc = self.documents.get(doc_id)
        return doc.meta if doc is not None else None

    def title(self, doc_id: str) -> str:
        meta = self.meta(doc_id)
        return meta.title if meta is not None else doc_id

    def text_of(self, passage_ids: Sequence[str]) -> list[str]:
        """The texts of the passages found, in the given order."""
        found = (self.passage(pid) for pid in passage_ids)
        return [p.text for p in found if p is not None]
