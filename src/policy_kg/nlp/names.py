"""The names a text gives: places and organisations (proper nouns of Sudachi's system
dictionary), acronyms in Latin capitals (TSMC, CBAM), words the dictionary does not know
(ラピダス, ペロブスカイト: new companies and materials, read as out-of-vocabulary nouns), the
chemical elements (elements.txt: ヘリウム, ヨウ素, under any spelling Sudachi normalises, as
リン and 燐), and the kinds of magnet a question names by one word before 磁石 (アルニコ磁石,
超電導磁石, 窒化鉄磁石: magnets the documents never speak of, asked about by 6 unanswerable
development questions, 5 of which were answered by a sentence on the magnets they do speak of).

A question about something no document names cannot be answered from the documents, however
close a sentence about a neighbouring subject comes (TSMCの熊本工場への補助金 drew a sentence on
JOGMEC's budget). The text answerer uses these names to abstain and say which it did not find.
Person names are left out: Sudachi reads common katakana words as surnames (スライド資料's
スライド is 人名). A name in 「」 or 『』 is left out too: a question may quote a name to ask what
it stands for (「MSP」は日本語で何と呼ばれているか). A name written with another spelling in
brackets (旧ソ連圏（CIS）) carries that spelling as its gloss, for the documents may use either:
a development question asking the CIS's share of a table that writes CIS was refused for ソ連.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sudachipy import tokenizer as sudachi

NAME_KINDS = frozenset({"地名", "組織"})
_ACRONYM = re.compile(r"[A-Z]{2,}")
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』")
# a word and its gloss in brackets (NFKC): the word is what runs up to the bracket without kana
# particles or punctuation (…に占める旧ソ連圏(CIS) -> 旧ソ連圏, CIS)
_GLOSSED = re.compile(r"([^\u3040-\u309f、。,\s()]+)\(([^()、。]{1,30})\)")
_WORDS = sudachi.Tokenizer.SplitMode.C
ELEMENT_FILE = Path(__file__).with_name("elements.txt")
_MAGNET = "磁石"


@dataclass(frozen=True)
class Name:
    surface: str  # as the text writes it (NFKC)
    form: str  # Sudachi's normalized form, lower-cased, as search terms are written
    glosses: tuple[str, ...] = ()  # the other spelling the text gives it in brackets


NameFinder = Callable[[str], tuple[Name, ...]]


def name_finder(tokenizer: sudachi.Tokenizer) -> NameFinder:
    """A function text -> the names it gives, each once, in text order."""
    elements = element_forms(tokenizer)

    def names(text: str) -> tuple[Name, ...]:
        plain = _QUOTED.sub("、", unicodedata.normalize("NFKC", text))
        found: dict[str, Name] = {}
        words = list(tokenizer.tokenize(plain, _WORDS))
        for word in words:
            # an element goes by its own name, as the documents may write it so when the
            # question's spelling is Sudachi's own (ホウ素（ボロン） reads as one word)
            element = elements.get(word.normalized_form())
            if element or _is_name(word):
                surface = element or word.surface()
                found.setdefault(surface, Name(surface, _form(word)))
        for magnet in _magnet_kinds(words):
            found.setdefault(magnet.surface, magnet)
        pairs = _GLOSSED.findall(plain)
        return tuple(_glossed(name, pairs) for name in found.values())

    return names


def _glossed(name: Name, pairs: list[tuple[str, str]]) -> Name:
    """The name with the other side of each bracket pair (word, gloss) it stands in."""
    glosses = []
    for word, gloss in pairs:
        if name.surface in word:
            glosses.append(gloss)
        elif name.surface in gloss:
            glosses.append(word)
    return Name(name.surface, name.form, tuple(glosses)) if glosses else name


def _form(word: sudachi.Morpheme) -> str:
    return unicodedata.normalize("NFKC", word.normalized_form()).lower()


def _magnet_kinds(words: list[sudachi.Morpheme]) -> list[Name]:
    """The words of two or more characters that name a kind of magnet alone, before 磁石
    (アルニコ磁石, and ネオジム系磁石 or モーター用磁石 with a one-character suffix): a magnet
    named by several words (重希土類フリー永久磁石) is left to the text answerer."""
    found = []
    for n, word in enumerate(words):
        if word.normalized_form() != _MAGNET:
            continue
        start = n - 1
        if start > 0 and _is_suffix(words[start]):
            start -= 1
        kind = words[start] if start >= 0 else None
        if kind is None or kind.part_of_speech()[0] != "名詞" or len(kind.surface()) < 2:
            continue
        if start > 0 and words[start - 1].part_of_speech()[0] in ("名詞", "接頭辞"):
            continue  # several words name it
        found.append(Name(kind.surface(), _form(kind)))
    return found


def _is_suffix(word: sudachi.Morpheme) -> bool:
    return word.part_of_speech()[0] == "接尾辞" and len(word.surface()) == 1


def _is_name(word: sudachi.Morpheme) -> bool:
    pos = word.part_of_speech()
    if pos[0] != "名詞":
        return False
    if _ACRONYM.fullmatch(word.surface()):
        return True
    if word.is_oov():
        return pos[1] != "数詞" and len(word.surface()) > 1
    return pos[1] == "固有名詞" and pos[2] in NAME_KINDS and word.dictionary_id() == 0


def element_forms(tokenizer: sudachi.Tokenizer) -> dict[str, str]:
    """The element names of ELEMENT_FILE by Sudachi's normalized form (沃素 -> ヨウ素)."""
    lines = ELEMENT_FILE.read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return {w.normalized_form(): n for n in names for w in tokenizer.tokenize(n, _WORDS)}
