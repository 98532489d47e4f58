"""The spaCy pipeline that turns a passage into a `Doc` with the domain's entities.

Components, each with one job:

* ``SudachiTokenizer``: SudachiPy (SudachiDict-core plus the domain user dictionary, split mode
  C) makes the tokens. Every character of the text belongs to a token (white space too), so
  ``doc.text`` is the passage text and ``token.idx`` an offset in it. ``token.norm_`` is
  Sudachi's normalized form (NFKC: ネオジウム -> ネオジム, 10万 -> 100000, 黒鉛 -> グラファイト),
  ``token.tag_`` the UniDic part of speech (名詞-普通名詞-一般), ``token.pos_`` its UD tag,
  ``token.lemma_`` the dictionary form.
* ``entity_ruler`` (spaCy's EntityRuler, phrase patterns on NORM for every vocabulary surface
  form): MINERAL, AGENCY and COUNTRY entities with ``ent_id_`` = the vocabulary key (mineral
  slug, agency slug, country code). Matching is on whole tokens, so リン never matches inside
  ボーリング nor 金 inside 資金; overlaps resolve to the longest match (希土類金属（レアアース）
  is one entity).
* ``spaced_letter_entities``: the same entities spelled letter by letter with spaces
  (J O G M E C, 経 済 産 業 省), which Sudachi splits into one token per letter.
* ``single_char_guard``: drops entities spelled with one character (金, 鉄, 米, 豪, 越 …)
  unless the token is a noun standing on its own, i.e. not one letter of a spaced-out word
  (経 済 産 業 省).

GiNZA is not used (and not installed): its statistical NER mislabels these texts (リチウム as
Product_Other, 約10万トン as Money) and tok2vec/parser/ner cost about 4 s per 10k characters;
the tokenizer above is the same SudachiPy GiNZA would call, without the models.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab
from sudachipy import SplitMode, Tokenizer

from policy_kg.config import CacheDir
from policy_kg.corpus.model import ParsedDocument
from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage
from policy_kg.nlp.extract.registry import document_kinds
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.userdict import build_user_dict, sudachi_tokenizer
from policy_kg.nlp.vocabulary import Vocabulary, normalize_surface

MINERAL, AGENCY, COUNTRY = "MINERAL", "AGENCY", "COUNTRY"

# UniDic top-level (and some second-level) parts of speech to Universal Dependencies tags.
_UD_BY_POS = {
    "名詞": "NOUN",
    "代名詞": "PRON",
    "形状詞": "ADJ",
    "連体詞": "DET",
    "副詞": "ADV",
    "接続詞": "CCONJ",
    "感動詞": "INTJ",
    "動詞": "VERB",
    "形容詞": "ADJ",
    "助動詞": "AUX",
    "助詞": "ADP",
    "接頭辞": "NOUN",
    "接尾辞": "NOUN",
    "記号": "SYM",
    "補助記号": "PUNCT",
    "空白": "SPACE",
}
_UD_BY_POS2 = {"固有名詞": "PROPN", "数詞": "NUM", "接続助詞": "SCONJ", "終助詞": "PART"}


def ud_tag(pos: tuple[str, ...]) -> str:
    """The UD tag of a UniDic part of speech (名詞,固有名詞 -> PROPN; 助詞,格助詞 -> ADP)."""
    return _UD_BY_POS2.get(pos[1]) or _UD_BY_POS.get(pos[0], "X")


class SudachiTokenizer:
    """spaCy tokenizer over a configured SudachiPy tokenizer (see the module docstring)."""

    def __init__(self, vocab: Vocab, tokenizer: Tokenizer) -> None:
        self.vocab = vocab
        self._tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        morphemes = list(self._tokenizer.tokenize(text)) if text else []
        words = [m.surface() for m in morphemes]
        if "".join(words) != text:
            raise ValueError(f"Sudachi's tokens do not cover the text: {text[:40]!r}…")
        parts = [m.part_of_speech() for m in morphemes]
        doc = Doc(
            self.vocab,
            words=words,
            spaces=[False] * len(words),
            tags=["-".join(p for p in pos[:4] if p != "*") for pos in parts],
            pos=[ud_tag(pos) for pos in parts],
            lemmas=[m.dictionary_form() for m in morphemes],
        )
        for token, morpheme in zip(doc, morphemes, strict=True):
            token.norm_ = unicodedata.normalize("NFKC", morpheme.normalized_form())
        return doc


@spacy.registry.tokenizers("policy_kg.sudachi_tokenizer.v1")
def create_sudachi_tokenizer(
    user_dic: str, split_mode: str = "C"
) -> Callable[[Language], SudachiTokenizer]:
    """spaCy registry entry: the tokenizer factory for `spacy.blank("ja", config=…)`."""

    def make(nlp: Language) -> SudachiTokenizer:
        mode = getattr(SplitMode, split_mode)
        return SudachiTokenizer(nlp.vocab, sudachi_tokenizer(Path(user_dic), mode))

    return make


@Language.component("single_char_guard")
def single_char_guard(doc: Doc) -> Doc:
    """Keep one-character entities only where they are a whole noun, not a spaced-out letter."""
    doc.ents = [ent for ent in doc.ents if len(ent.text) > 1 or _safe_single(doc, ent)]
    return doc


def _safe_single(doc: Doc, ent: Span) -> bool:
    token = doc[ent.start]
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return not (
        _spaced_letter(doc, token.i - 2, token.i - 1)
        or _spaced_letter(doc, token.i + 2, token.i + 1)
    )


def _spaced_letter(doc: Doc, letter: int, gap: int) -> bool:
    """Whether doc[letter] is a one-character word separated by white space doc[gap]."""
    if not (0 <= letter < len(doc)):
        return False
    other = doc[letter]
    return doc[gap].is_space and len(other.text) == 1 and other.pos_ not in ("PUNCT", "SYM")


def entity_patterns(vocabulary: Vocabulary) -> list[dict[str, object]]:
    """EntityRuler phrase patterns (matched on NORM) for every surface form of every entry."""
    return [
        {"label": label, "id": key, "pattern": form}
        for label, key, forms in _entries(vocabulary)
        for form in dict.fromkeys(forms)
    ]


def _entries(vocabulary: Vocabulary) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    yield from ((MINERAL, m.slug, m.surface_forms) for m in vocabulary.minerals)
    yield from ((AGENCY, a.slug, a.surface_forms) for a in vocabulary.agencies)
    yield from ((COUNTRY, c.code, c.surface_forms) for c in vocabulary.countries)


class SpacedLetterEntities:
    """Entities spelled letter by letter with white space between (J O G M E C, 経 済 産 業 省).

    Sudachi makes each letter a token, so no phrase pattern meets them. Runs of one-letter
    tokens separated by single white-space tokens are read as the letters joined; the longest
    stretch of a run that is a vocabulary surface form (after `normalize_surface`) becomes an
    entity. Only such runs are looked at, which keeps this cheap. Like the EntityRuler, it is
    created empty and given its forms (`add_vocabulary`).
    """

    def __init__(self) -> None:
        self._forms: dict[str, tuple[str, str]] = {}
        self._longest = 0

    def add_vocabulary(self, vocabulary: Vocabulary) -> None:
        for label, key, forms in _entries(vocabulary):
            for form in forms:
                letters = normalize_surface(form)
                if len(letters) > 1:
                    self._forms.setdefault(letters, (label, key))
        self._longest = max(map(len, self._forms), default=0)

    def __call__(self, doc: Doc) -> Doc:
        found = [span for run in _letter_runs(doc) for span in self._spans(doc, run)]
        if found:
            doc.ents = filter_spans([*doc.ents, *found])
        return doc

    def _spans(self, doc: Doc, run: list[int]) -> Iterator[Span]:
        i = 0
        while i < len(run) - 1:
            for j in range(min(len(run), i + self._longest), i + 1, -1):
                letters = normalize_surface("".join(doc[t].text for t in run[i:j]))
                if letters in self._forms:
                    label, key = self._forms[letters]
                    yield Span(doc, run[i], run[j - 1] + 1, label=label, span_id=key)
                    i = j - 1
                    break
            i += 1


def _letter_runs(doc: Doc) -> Iterator[list[int]]:
    """Index lists of one-letter tokens joined by single white-space tokens (two or more)."""
    run: list[int] = []
    for token in doc:
        if len(token.text) == 1 and not token.is_space and not token.is_punct:
            if run and token.i - run[-1] != 2:
                if len(run) > 1:
                    yield run
                run = []
            if not run or doc[token.i - 1].is_space:
                run.append(token.i)
        elif not token.is_space:
            if len(run) > 1:
                yield run
            run = []
    if len(run) > 1:
        yield run


@Language.factory("spaced_letter_entities")
def make_spaced_letter_entities(nlp: Language, name: str) -> SpacedLetterEntities:
    return SpacedLetterEntities()


def build_nlp(user_dic: Path, vocabulary: Vocabulary) -> Language:
    """The pipeline: Sudachi tokenizer, entity ruler fed by `vocabulary`, single-character guard."""
    config = {
        "nlp": {
            "tokenizer": {
                "@tokenizers": "policy_kg.sudachi_tokenizer.v1",
                "user_dic": str(user_dic),
                "split_mode": "C",
            }
        }
    }
    nlp = spacy.blank("ja", config=config)
    ruler = nlp.add_pipe(
        "entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True}
    )
    ruler.add_patterns(entity_patterns(vocabulary))
    spaced = nlp.add_pipe("spaced_letter_entities")
    spaced.add_vocabulary(vocabulary)
    nlp.add_pipe("single_char_guard")
    return nlp


class FactExtractor:
    """The loaded pipeline and vocabulary: create once, reuse for every document."""

    def __init__(self, nlp: Language, vocabulary: Vocabulary) -> None:
        self.nlp = nlp
        self.vocabulary = vocabulary

    @classmethod
    def load(cls, cache_dir: Path, vocabulary: Vocabulary) -> FactExtractor:
        """Build (if stale) the user dictionary as `cache_dir/user.dic` and load the pipeline."""
        user_dic = CacheDir(cache_dir).user_dic
        build_user_dict(user_dic)
        return cls(build_nlp(user_dic, vocabulary), vocabulary)

    def analyze(self, parsed: ParsedDocument) -> AnalyzedDocument:
        read = [p for p in parsed.passages if not p.restates_headings]
        docs = self.nlp.pipe(p.text for p in read)
        passages = tuple(AnalyzedPassage(p, doc) for p, doc in zip(read, docs, strict=True))
        return AnalyzedDocument(parsed, passages, self.nlp.make_doc, self.vocabulary)


def extract_document(parsed: ParsedDocument, extractor: FactExtractor) -> DocumentFacts:
    """Every fact of one document (the nlp stage's entry point): each registered kind's
    extractor over the analysed document (see `extract.registry`)."""
    return document_kinds().extract(extractor.analyze(parsed))
