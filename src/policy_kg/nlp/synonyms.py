"""Question-term expansion: words the corpus uses for what a question says in other words.

Two sources, each switchable so the evaluation can say what each adds:
- Sudachi's synonym dictionary. SudachiDict records, for every word that has synonyms, the
  ids of its synonym groups (`Morpheme.synonym_group_ids`), the groups of Sudachi's synonym
  dictionary (電池 = バッテリー, 価格 = 値段, 目標 = ターゲット). Two terms mean the same when
  they share a group. (The `chikkarpy` package reads the same dictionary but cannot be
  installed here: its setup downloads the dictionary from outside the package registry.)
- The vocabulary's alternative labels (SKOS altLabel): 黒鉛 = グラファイト, JOGMEC = its full name.
Only terms the corpus holds are useful expansions, so the group table is built over the
indexed terms at build time (`SynonymTable.build`) and a question's terms are looked up in it.
Measured on the 150 development questions (bench/eval_qa.py prints it): either source moves
cite@1, cite@3 and answer hits by at most 0.01, and together they abstain on one more
unanswerable question; the e5 vectors already meet most rewordings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sudachipy import tokenizer as sudachi

from policy_kg import atomic
from policy_kg.nlp.terms import TermExtractor
from policy_kg.nlp.userdict import system_tokenizer
from policy_kg.nlp.vocabulary import Vocabulary

GroupLookup = Callable[[str], frozenset[int]]
# a one-character term (金, 米, 率) shares groups with too many unrelated words to expand
MIN_TERM_CHARS = 2


def sudachi_groups(tokenizer: sudachi.Tokenizer | None = None) -> GroupLookup:
    """term -> the synonym groups of the one word it reads as (none if it reads as several)."""
    reader = tokenizer or system_tokenizer()

    @lru_cache(maxsize=65_536)
    def groups(term: str) -> frozenset[int]:
        if len(term) < MIN_TERM_CHARS:
            return frozenset()
        words = reader.tokenize(term, sudachi.Tokenizer.SplitMode.C)
        if len(words) != 1:
            return frozenset()
        return frozenset(words[0].synonym_group_ids() or ())

    return groups


class SynonymTable:
    """Synonym group -> the indexed terms in it."""

    def __init__(self, members: dict[int, frozenset[str]]) -> None:
        self._members = members

    @classmethod
    def build(cls, corpus_terms: Iterable[str], groups: GroupLookup) -> SynonymTable:
        members: dict[int, set[str]] = {}
        for term in corpus_terms:
            for group in groups(term):
                members.setdefault(group, set()).add(term)
        return cls({g: frozenset(t) for g, t in members.items() if t})

    def terms_of(self, groups: Iterable[int]) -> set[str]:
        return {t for g in groups for t in self._members.get(g, ())}

    def save(self, path: Path) -> None:
        table = {str(g): sorted(t) for g, t in sorted(self._members.items())}
        atomic.write_text(path, json.dumps(table, ensure_ascii=False))

    @classmethod
    def load(cls, path: Path) -> SynonymTable:
        table = json.loads(path.read_text(encoding="utf-8"))
        return cls({int(g): frozenset(t) for g, t in table.items()})


def alt_labels(vocabulary: Vocabulary, terms: TermExtractor) -> dict[str, frozenset[str]]:
    """term -> the other one-word labels of the vocabulary entries it is a label of."""
    entries = [
        *(m.surface_forms for m in vocabulary.minerals),
        *(a.surface_forms for a in vocabulary.agencies),
        *(c.surface_forms for c in vocabulary.countries),
    ]
    out: dict[str, set[str]] = {}
    for forms in entries:
        words = {w[0] for w in (terms(f) for f in forms) if len(w) == 1}
        words = {w for w in words if len(w) >= MIN_TERM_CHARS}
        for word in words:
            out.setdefault(word, set()).update(words - {word})
    return {term: frozenset(others) for term, others in out.items() if others}


@dataclass(frozen=True)
class Expander:
    """What each question term may also be found as; either source may be off."""

    table: SynonymTable | None
    groups: GroupLookup | None
    labels: dict[str, frozenset[str]] | None

    def expand(self, term: str) -> frozenset[str]:
        found: set[str] = set()
        if self.table is not None and self.groups is not None:
            found |= self.table.terms_of(self.groups(term))
        if self.labels is not None:
            found |= self.labels.get(term, frozenset())
        found.discard(term)
        return frozenset(found)

    def expansions(self, terms: Iterable[str]) -> dict[str, frozenset[str]]:
        return {t: self.expand(t) for t in dict.fromkeys(terms)}


NO_EXPANSION = Expander(None, None, None)
