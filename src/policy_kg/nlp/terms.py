"""Search terms: Sudachi normalized forms of the content words of a text.

Particles, auxiliaries, symbols and white space are dropped; every term is NFKC-normalised
and lower-cased, so ネオジウム/ネオジム, 1,200/1200 and JOGMEC/jogmec meet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from sudachipy import Morpheme
from sudachipy import tokenizer as sudachi

from policy_kg.config import CacheDir
from policy_kg.nlp.userdict import build_user_dict, sudachi_tokenizer

# Function words and question words carry no topic: particles, auxiliaries, symbols,
# pronouns (どこ, 何), adnominals (どの, その), conjunctions, prefixes (約) and
# auxiliary-like verbs and adjectives (いる, する as in 依存している).
_DROPPED_POS = frozenset(
    {"助詞", "助動詞", "補助記号", "空白", "代名詞", "連体詞", "接続詞", "感動詞", "接頭辞"}
)
_WORDS = sudachi.Tokenizer.SplitMode.C
_PARTS = sudachi.Tokenizer.SplitMode.A

TermExtractor = Callable[[str], list[str]]


def _is_content(pos: tuple[str, ...]) -> bool:
    if pos[0] in _DROPPED_POS:
        return False
    return not (pos[0] in ("動詞", "形容詞") and pos[1] == "非自立可能")


def make_term_extractor(tokenizer: sudachi.Tokenizer) -> TermExtractor:
    """A function text -> search terms, over a configured Sudachi tokenizer.

    Words are read in split mode C, so that a compound of the domain dictionary keeps its one
    normalized form (レアアース, 重希土類), and a compound also yields its mode-A parts
    (重要鉱物 -> 重要鉱物, 重要, 鉱物), so that a question can match part of it.
    """

    def terms(text: str) -> list[str]:
        out: list[str] = []
        for word in tokenizer.tokenize(unicodedata.normalize("NFKC", text), _WORDS):
            if not _is_content(word.part_of_speech()) or not word.surface().strip():
                continue
            out.append(_form(word))
            parts = word.split(_PARTS)
            if len(parts) > 1:
                out.extend(_form(p) for p in parts if _is_content(p.part_of_speech()))
        return out

    return terms


def _form(word: Morpheme) -> str:
    return unicodedata.normalize("NFKC", word.normalized_form()).lower()


def domain_term_extractor(cache_dir: Path) -> TermExtractor:
    """Search terms through Sudachi with the domain user dictionary (compiled when stale)."""
    user_dic = CacheDir(cache_dir).user_dic
    build_user_dict(user_dic)
    return make_term_extractor(sudachi_tokenizer(user_dic))
