"""Which search terms name a vocabulary entity (a mineral, an agency, a country).

Built by running every surface form of the vocabulary through the same term extractor the
indexes use, so a term such as グラファイト (from 黒鉛, 天然黒鉛 …) or レアアース (from
希土類) is known to name its mineral whatever the spelling in the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policy_kg.nlp.facts import EntityType
from policy_kg.nlp.terms import TermExtractor
from policy_kg.nlp.vocabulary import Vocabulary


@dataclass(frozen=True)
class EntityRef:
    entity_type: EntityType
    key: str


class TermEntities:
    def __init__(self, entities: dict[str, frozenset[EntityRef]]) -> None:
        self._entities = entities

    @classmethod
    def build(cls, vocabulary: Vocabulary, terms: TermExtractor) -> TermEntities:
        found: dict[str, set[EntityRef]] = {}
        entries: list[tuple[EntityType, str, Iterable[str]]] = [
            *(("mineral", m.slug, m.surface_forms) for m in vocabulary.minerals),
            *(("agency", a.slug, a.surface_forms) for a in vocabulary.agencies),
            *(("country", c.code, c.surface_forms) for c in vocabulary.countries),
        ]
        for entity_type, key, forms in entries:
            for form in forms:
                words = terms(form)
                # a form read as one word names the entity; single characters (金, 米) are
                # too ambiguous as search terms to count
                if len(words) == 1 and len(words[0]) > 1:
                    found.setdefault(words[0], set()).add(EntityRef(entity_type, key))
        return cls({term: frozenset(refs) for term, refs in found.items()})

    def of(self, terms: Iterable[str], entity_type: EntityType | None = None) -> set[EntityRef]:
        """The entities the given terms name (of one type, if given)."""
        return {
            ref
            for term in terms
            for ref in self._entities.get(term, ())
            if entity_type is None or ref.entity_type == entity_type
        }
