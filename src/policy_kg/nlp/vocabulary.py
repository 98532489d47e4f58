"""The domain vocabulary: minerals, agencies and countries, read from the YAML files in
`vocabulary/` beside this module.

Every entry has a Japanese preferred label, an English label and aliases (surface forms seen in
the corpus plus common variants). `Vocabulary` resolves any of them, after `normalize_surface`,
to its entry. Which aliases are substring traps (リン, 鉛, 金, 鉄, 越…) is recorded as comments in
the YAML files; callers must match those as whole tokens.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

import yaml
from rapidfuzz import process

MineralKind = Literal["element", "group", "mixture", "mineral"]
AreaKind = Literal["country", "region"]

VOCABULARY_DIR = Path(__file__).with_name("vocabulary")


class VocabularyError(ValueError):
    """A vocabulary file is malformed; the message names the file and the entry."""


def normalize_surface(text: str) -> str:
    """The lookup key of a surface form: NFKC, white space removed, case-folded.

    Dropping white space lets spaced-out forms in the PDFs' text (経 済 産 業 省, J O G M E C)
    meet their compact spelling; case-folding lets Sudachi's lower-cased normalized forms of
    unknown words (jogmec) meet JOGMEC.
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


class _Aliased:
    """An entry named by its preferred label and by its aliases."""

    label: str
    aliases: tuple[str, ...]

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Mineral(_Aliased):
    """A 鉱種: a chemical element, a group of them, a blend such as NdPr, or a natural mineral."""

    slug: str
    label: str
    label_en: str
    symbol: str | None
    aliases: tuple[str, ...]
    broader: tuple[str, ...]  # slugs
    kind: MineralKind


@dataclass(frozen=True)
class Agency(_Aliased):
    """A government body or public or international organisation."""

    slug: str
    label: str
    label_en: str
    aliases: tuple[str, ...]
    country: str | None  # code of a `Country`; None for international bodies


@dataclass(frozen=True)
class Country(_Aliased):
    """A country (ISO 3166-1 alpha-2 `code`) or a region such as the EU or Africa (slug `code`)."""

    code: str
    label: str
    label_en: str
    aliases: tuple[str, ...]
    kind: AreaKind


@dataclass(frozen=True)
class MeasureName:
    """A measure's name as written (its heading) and its English label."""

    label: str
    label_en: str


# rapidfuzz's WRatio (0-100) below which a name is too far to be suggested: ネオジウン scores
# 80 against ネオジウム, unrelated names of the vocabulary score under 50.
MIN_SUGGESTION_SCORE = 50

Entry = TypeVar("Entry", Mineral, Agency, Country, MeasureName)


@dataclass(frozen=True)
class Vocabulary:
    """All entries, with lookups by surface form, English label or slug."""

    minerals: tuple[Mineral, ...]
    agencies: tuple[Agency, ...]
    countries: tuple[Country, ...]
    measures: tuple[MeasureName, ...] = ()

    def mineral(self, surface: str) -> Mineral | None:
        return self._mineral_index.get(normalize_surface(surface))

    def agency(self, surface: str) -> Agency | None:
        return self._agency_index.get(normalize_surface(surface))

    def country(self, surface: str) -> Country | None:
        return self._country_index.get(normalize_surface(surface))

    def suggest(
        self, name: str, entries: Iterable[Mineral | Agency | Country], limit: int = 5
    ) -> tuple[str, ...]:
        """The surface forms of `entries` closest to `name` (fuzzy), each shown with the
        label of the entry it names: ネオジウン -> ネオジウム (ネオジム)."""
        forms = {normalize_surface(f): (f, e.label) for e in entries for f in e.surface_forms}
        matches = process.extract(normalize_surface(name), list(forms), limit=limit * 2)
        suggestions: list[str] = []
        for key, score, _ in matches:
            form, label = forms[key]
            shown = form if form == label else f"{form} ({label})"
            if score >= MIN_SUGGESTION_SCORE and shown not in suggestions:
                suggestions.append(shown)
        return tuple(suggestions[:limit])

    def product_name(self, name: str) -> str:
        """A product's name with the mineral it is named after in its preferred form
        (ネオジウム磁石 -> ネオジム磁石), so that the spellings of one product meet at one IRI
        as the spellings of a mineral do. A name already using the preferred form is kept."""
        key = unicodedata.normalize("NFKC", name)
        for form, mineral in self._product_forms:
            if form in key and mineral.label not in key:
                return key.replace(form, mineral.label, 1)
        return key

    def measure_label_en(self, label: str) -> str | None:
        """The English label of a measure named `label`, when the vocabulary has one."""
        return next((m.label_en for m in self.measures if m.label == label), None)

    def mineral_by_slug(self, slug: str) -> Mineral:
        return self._minerals_by_slug[slug]

    def country_by_code(self, code: str) -> Country:
        return self._countries_by_code[code]

    def ancestors(self, mineral: Mineral) -> tuple[Mineral, ...]:
        """Every concept reachable by skos:broader, nearest first, each once."""
        found: list[Mineral] = []
        frontier = list(mineral.broader)
        while frontier:
            parent = self._minerals_by_slug[frontier.pop(0)]
            if parent not in found:
                found.append(parent)
                frontier.extend(parent.broader)
        return tuple(found)

    def narrower(self, mineral: Mineral) -> tuple[Mineral, ...]:
        """The concepts whose skos:broader is `mineral`, in file order."""
        return tuple(m for m in self.minerals if mineral.slug in m.broader)

    @cached_property
    def _product_forms(self) -> tuple[tuple[str, Mineral], ...]:
        """Every non-preferred surface form of a mineral (two characters or more, so that
        symbols do not match inside words), longest first."""
        forms = {
            unicodedata.normalize("NFKC", form): mineral
            for mineral in self.minerals
            for form in mineral.aliases
            if len(form) > 2 and not form.isascii()
        }
        return tuple(sorted(forms.items(), key=lambda item: -len(item[0])))

    @cached_property
    def _minerals_by_slug(self) -> dict[str, Mineral]:
        return {m.slug: m for m in self.minerals}

    @cached_property
    def _countries_by_code(self) -> dict[str, Country]:
        return {c.code: c for c in self.countries}

    @cached_property
    def _mineral_index(self) -> dict[str, Mineral]:
        return _index(self.minerals, lambda m: (*m.surface_forms, m.label_en, m.slug))

    @cached_property
    def _agency_index(self) -> dict[str, Agency]:
        return _index(self.agencies, lambda a: (*a.surface_forms, a.label_en, a.slug))

    @cached_property
    def _country_index(self) -> dict[str, Country]:
        return _index(self.countries, lambda c: (*c.surface_forms, c.label_en))


def _index(entries: Iterable[Entry], keys: Callable[[Entry], Iterable[str]]) -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    for entry in entries:
        for key in map(normalize_surface, keys(entry)):
            if index.setdefault(key, entry) != entry:
                raise VocabularyError(
                    f"{key!r} names both {_ident(index[key])} and {_ident(entry)}"
                )
    return index


def _ident(entry: Mineral | Agency | Country) -> str:
    return entry.code if isinstance(entry, Country) else entry.slug


@functools.cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package (loaded once per process)."""
    return load_vocabulary(VOCABULARY_DIR)


def load_vocabulary(directory: Path) -> Vocabulary:
    """Read minerals.yaml, agencies.yaml, countries.yaml and measures.yaml from `directory`
    and check them."""
    countries = tuple(_read(directory / "countries.yaml", "countries", _country))
    agencies = tuple(_read(directory / "agencies.yaml", "agencies", _agency))
    minerals = tuple(_read(directory / "minerals.yaml", "minerals", _mineral))
    measures = tuple(_read(directory / "measures.yaml", "measures", _measure))
    vocabulary = Vocabulary(minerals, agencies, countries, measures)
    _check(vocabulary, directory)
    return vocabulary


def _read(path: Path, key: str, build: Callable[[Mapping[str, Any]], Entry]) -> Iterable[Entry]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise VocabularyError(f"{path}: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise VocabularyError(f"{path}: expected a top-level list {key!r}")
    for position, raw in enumerate(document[key], start=1):
        try:
            yield build(raw)
        except (KeyError, TypeError, ValueError) as error:
            raise VocabularyError(f"{path}: {key} entry {position} ({raw!r}): {error}") from error


_MINERAL_FIELDS = {"slug", "label", "label_en", "symbol", "kind", "broader", "aliases"}
_AGENCY_FIELDS = {"slug", "label", "label_en", "country", "aliases"}
_COUNTRY_FIELDS = {"code", "kind", "label", "label_en", "aliases"}
_MEASURE_FIELDS = {"label", "label_en"}


def _measure(raw: Mapping[str, Any]) -> MeasureName:
    _check_fields(raw, _MEASURE_FIELDS)
    return MeasureName(label=_text(raw["label"]), label_en=_text(raw["label_en"]))


def _mineral(raw: Mapping[str, Any]) -> Mineral:
    _check_fields(raw, _MINERAL_FIELDS)
    return Mineral(
        slug=_text(raw["slug"]),
        label=_text(raw["label"]),
        label_en=_text(raw["label_en"]),
        symbol=_optional_text(raw.get("symbol")),
        aliases=_texts(raw.get("aliases")),
        broader=_texts(raw.get("broader")),
        kind=_choice(raw["kind"], MineralKind),
    )


def _agency(raw: Mapping[str, Any]) -> Agency:
    _check_fields(raw, _AGENCY_FIELDS)
    return Agency(
        slug=_text(raw["slug"]),
        label=_text(raw["label"]),
        label_en=_text(raw["label_en"]),
        aliases=_texts(raw.get("aliases")),
        country=_optional_text(raw.get("country")),
    )


def _country(raw: Mapping[str, Any]) -> Country:
    _check_fields(raw, _COUNTRY_FIELDS)
    return Country(
        code=_text(raw["code"]),
        label=_text(raw["label"]),
        label_en=_text(raw["label_en"]),
        aliases=_texts(raw.get("aliases")),
        kind=_choice(raw["kind"], AreaKind),
    )


def _check_fields(raw: Mapping[str, Any], allowed: set[str]) -> None:
    if not isinstance(raw, Mapping):
        raise TypeError("expected a mapping")
    unknown = set(raw) - allowed
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _texts(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {value!r}")
    return tuple(_text(item) for item in value)


def _choice(value: object, options: Any) -> Any:
    if value not in get_args(options):
        raise ValueError(f"{value!r} is not one of {get_args(options)}")
    return value


def _check(vocabulary: Vocabulary, directory: Path) -> None:
    """Cross-entry checks: unique ids, known references, acyclic hierarchy, unambiguous keys."""
    _unique(directory / "minerals.yaml", [m.slug for m in vocabulary.minerals])
    _unique(directory / "agencies.yaml", [a.slug for a in vocabulary.agencies])
    _unique(directory / "countries.yaml", [c.code for c in vocabulary.countries])
    codes = {c.code for c in vocabulary.countries}
    for agency in vocabulary.agencies:
        if agency.country is not None and agency.country not in codes:
            raise VocabularyError(
                f"agencies.yaml: {agency.slug}: unknown country {agency.country!r}"
            )
    slugs = {m.slug for m in vocabulary.minerals}
    for mineral in vocabulary.minerals:
        missing = set(mineral.broader) - slugs
        if missing:
            raise VocabularyError(
                f"minerals.yaml: {mineral.slug}: unknown broader {sorted(missing)}"
            )
        if mineral in vocabulary.ancestors(mineral):
            raise VocabularyError(f"minerals.yaml: {mineral.slug}: skos:broader cycle")
    for file_name, lookup in (
        ("minerals.yaml", lambda v: v._mineral_index),
        ("agencies.yaml", lambda v: v._agency_index),
        ("countries.yaml", lambda v: v._country_index),
    ):
        try:
            lookup(vocabulary)
        except VocabularyError as error:
            raise VocabularyError(f"{directory / file_name}: {error}") from error


def _unique(path: Path, ids: list[str]) -> None:
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise VocabularyError(f"{path}: duplicate ids {duplicates}")
