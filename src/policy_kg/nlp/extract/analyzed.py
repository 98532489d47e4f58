"""A parsed document after the spaCy pipeline: each passage with its `Doc` and entities.

Extractors read only this: passage text and structure (section path, footnote links) from the
corpus stage, tokens and MINERAL/AGENCY/COUNTRY entities from the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc

from policy_kg.corpus.model import ParsedDocument, Passage
from policy_kg.corpus.structure import FOOTNOTE_MARK, marker_numbers
from policy_kg.nlp.facts import EntityType, Evidence
from policy_kg.nlp.vocabulary import Vocabulary

_ENTITY_TYPES: dict[str, EntityType] = {
    "MINERAL": "mineral",
    "AGENCY": "agency",
    "COUNTRY": "country",
}
_ANCHOR_CONTEXT = 12  # characters of a line before a footnote marker used to find it again


@dataclass(frozen=True)
class Entity:
    """A vocabulary entity in a passage; `start`/`end` are offsets in the passage text."""

    entity_type: EntityType
    key: str
    surface: str
    start: int
    end: int


@dataclass(frozen=True, eq=False)
class AnalyzedPassage:
    passage: Passage
    doc: Doc

    @property
    def text(self) -> str:
        return self.passage.text

    @cached_property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(
            Entity(_ENTITY_TYPES[e.label_], e.ent_id_, e.text, e.start_char, e.end_char)
            for e in self.doc.ents
        )

    def entities_in(
        self, start: int, end: int, entity_type: EntityType | None = None
    ) -> tuple[Entity, ...]:
        """Entities lying wholly inside text[start:end], optionally of one type."""
        return tuple(
            e
            for e in self.entities
            if start <= e.start
            and e.end <= end
            and (entity_type is None or e.entity_type == entity_type)
        )

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence quoting text[start:end] after trimming white space at either end."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Evidence(self.passage.passage_id, self.text[start:end], start)


@dataclass(frozen=True, eq=False)
class AnalyzedDocument:
    parsed: ParsedDocument
    passages: tuple[AnalyzedPassage, ...]
    make_doc: Callable[[str], Doc]  # the pipeline's tokenizer, for phrases outside passages
    vocabulary: Vocabulary  # the one the entity patterns came from

    def headings_over(self, passage: AnalyzedPassage) -> list[AnalyzedPassage]:
        """The heading passages of `passage`'s section path, innermost first."""
        section = passage.passage.section
        found = (self._headings.get(section[:n]) for n in range(len(section), 0, -1))
        return [h for h in found if h is not None]

    @cached_property
    def _headings(self) -> dict[tuple[str, ...], AnalyzedPassage]:
        return {p.passage.section: p for p in self.passages if p.passage.kind == "heading"}

    @property
    def doc_id(self) -> str:
        return self.parsed.meta.doc_id

    @cached_property
    def by_id(self) -> dict[str, AnalyzedPassage]:
        return {p.passage.passage_id: p for p in self.passages}

    def footnotes_of(self, passage: AnalyzedPassage) -> tuple[AnalyzedPassage, ...]:
        return tuple(self.by_id[i] for i in passage.passage.footnotes if i in self.by_id)

    def under(self, section: tuple[str, ...]) -> Iterator[AnalyzedPassage]:
        """Passages (not footnotes) whose section path starts with `section`."""
        n = len(section)
        for p in self.passages:
            if p.passage.kind != "footnote" and p.passage.section[:n] == section:
                yield p

    def footnote_anchor(self, passage: AnalyzedPassage, number: int) -> int | None:
        """Where footnote marker `number` stood in the passage text (markers are removed from it).

        Found from the source: the few characters before the marker on its source line are
        looked up in the passage text; None when that fails.
        """
        source = self.parsed.source.text
        for line in source[passage.passage.start : passage.passage.end].splitlines():
            for match in FOOTNOTE_MARK.finditer(line):
                if number not in marker_numbers(match.group()):
                    continue
                context = FOOTNOTE_MARK.sub("", line[: match.start()]).strip()[-_ANCHOR_CONTEXT:]
                found = passage.text.find(context) if context else -1
                if found >= 0:
                    return found + len(context)
        return None
