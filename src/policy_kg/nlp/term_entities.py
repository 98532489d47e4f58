"""Which search terms name a vocabulary entity (a mineral, an agency, a country).

Built by running every surface form of the vocabulary through the same term extractor the
indexes use, so a term such as グラファイト (from 黒鉛, 天然黒鉛 …) or レアアース (from
希土類) is known to name its mineral whatever the spelling in the text.

A country's one-character form (豪, 仏, 米) names nothing in a question: alone it is too
ambiguous. But a text that has it as a whole term (豪・仏での2件のプロジェクト) names the
country for `unnamed`, by which the answer ranker checks that a unit speaks of the countries a
question names: read as naming neither, that line was refused to two development questions
asking about オーストラリアとフランス, which abstained.
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


# Every text of the corpus is Japan's: 日本 and 我が国 say where a text stands, not what it is
# about, so a question naming Japan is not asking about a country.
HOME_COUNTRY = EntityRef("country", "jp")
# 日 joins a country's one-character form in a compound of the two (日米, 日豪, 日越): Japan
# and that country.
HOME_SHORT = "日"


class TermEntities:
    def __init__(
        self,
        entities: dict[str, frozenset[EntityRef]],
        broader: dict[EntityRef, frozenset[EntityRef]] | None = None,
        regions: frozenset[EntityRef] = frozenset(),
        short: dict[str, EntityRef] | None = None,
    ) -> None:
        self._entities = entities
        self._broader = broader or {}  # each mineral's broader concepts, at any depth
        self._regions = regions  # the EU, continents, trade blocs: areas, not countries
        # the one-character forms of countries (豪, 仏, 米), read only by `unnamed`
        self._short = short or {}

    @classmethod
    def build(cls, vocabulary: Vocabulary, terms: TermExtractor) -> TermEntities:
        found: dict[str, set[EntityRef]] = {}
        short: dict[str, EntityRef] = {HOME_SHORT: HOME_COUNTRY}
        entries: list[tuple[EntityType, str, Iterable[str]]] = [
            *(("mineral", m.slug, m.surface_forms) for m in vocabulary.minerals),
            *(("agency", a.slug, a.surface_forms) for a in vocabulary.agencies),
            *(("country", c.code, c.surface_forms) for c in vocabulary.countries),
        ]
        for entity_type, key, forms in entries:
            for form in forms:
                words = terms(form)
                # a form read as one word (followed by its parts, as レアアース -> レアアース,
                # レア, アース) names the entity; single characters (金, 米) are too
                # ambiguous as search terms to count
                if _one_word(words) and len(words[0]) > 1:
                    found.setdefault(words[0], set()).add(EntityRef(entity_type, key))
                elif entity_type == "country" and len(form) == 1:
                    short[form] = EntityRef(entity_type, key)
        broader = {
            EntityRef("mineral", m.slug): frozenset(
                EntityRef("mineral", a.slug) for a in vocabulary.ancestors(m)
            )
            for m in vocabulary.minerals
        }
        regions = frozenset(
            EntityRef("country", c.code) for c in vocabulary.countries if c.kind == "region"
        )
        found_refs = {term: frozenset(refs) for term, refs in found.items()}
        return cls(found_refs, broader, regions, short)

    def of(self, terms: Iterable[str], entity_type: EntityType | None = None) -> set[EntityRef]:
        """The entities the given terms name (of one type, if given)."""
        return {
            ref
            for term in terms
            for ref in self._entities.get(term, ())
            if entity_type is None or ref.entity_type == entity_type
        }

    def anchors(self, terms: Iterable[str]) -> set[EntityRef]:
        """The entities a question names as its subject (Japan, where every text stands, is
        not one)."""
        return self.of(terms) - {HOME_COUNTRY}

    def places(self, terms: Iterable[str]) -> set[EntityRef]:
        """The countries and regions the terms name, Japan left out."""
        return self.of(terms, "country") - {HOME_COUNTRY}

    def is_region(self, ref: EntityRef) -> bool:
        """Whether a place is an area (アフリカ, EU), not one country."""
        return ref in self._regions

    def unnamed(self, anchors: Iterable[EntityRef], terms: Iterable[str]) -> set[EntityRef]:
        """The anchors that the terms name neither directly nor through a broader concept
        (ジスプロシウム is spoken of where a text names 重希土類 or レアアース)."""
        words = set(terms)
        named = self.of(words) | self._short_named(words)
        return {a for a in anchors if a not in named and not self._broader.get(a, set()) & named}

    def _short_named(self, words: set[str]) -> set[EntityRef]:
        """The countries named by their one-character forms: a whole term of one (豪・仏,
        マウントウェルド（豪）, 豪企業) or a compound of them and 日 (日米, 日豪); inside a
        longer word (豪雨, 印刷) they name none."""
        return {
            self._short[char]
            for word in words
            if all(char in self._short for char in word) and word != HOME_SHORT
            for char in word
        }


def _one_word(words: list[str]) -> bool:
    return bool(words) and all(part in words[0] for part in words[1:])
