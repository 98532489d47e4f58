"""The spaCy pipeline (Sudachi tokenizer, entity ruler, spaced letters, single-character guard),
the stage entry point over the whole corpus, and the JSON cache of its facts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from spacy.language import Language

from policy_kg.corpus.loader import load_corpus
from policy_kg.corpus.model import ParsedDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.nlp.extract import extractor_version, fingerprinted_files
from policy_kg.nlp.facts import DocumentFacts, Evidence
from policy_kg.nlp.facts_io import (
    StaleFactsError,
    facts_from_json,
    facts_to_json,
    read_facts,
    write_facts,
)
from policy_kg.nlp.pipeline import FactExtractor, extract_document
from policy_kg.nlp.vocabulary import default_vocabulary

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> FactExtractor:
    return FactExtractor.load(tmp_path_factory.mktemp("nlp-cache"), default_vocabulary())


@pytest.fixture(scope="module")
def nlp(extractor: FactExtractor) -> Language:
    return extractor.nlp


@pytest.fixture(scope="module")
def corpus() -> list[ParsedDocument]:
    return [parse_document(d) for d in load_corpus(CORPUS).documents]


@pytest.fixture(scope="module")
def corpus_facts(corpus: list[ParsedDocument], extractor: FactExtractor) -> list[DocumentFacts]:
    return [extract_document(parsed, extractor) for parsed in corpus]


def _ents(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


def test_user_dictionary_is_built_under_the_cache_dir(tmp_path: Path):
    FactExtractor.load(tmp_path, default_vocabulary())
    assert (tmp_path / "user.dic").stat().st_size > 0


def test_tokens_cover_the_text_with_sudachi_normalized_forms(nlp: Language):
    text = "リチウム約10万トン／年、ネオジウム磁石 と 黒鉛"
    doc = nlp(text)
    assert doc.text == text
    assert "".join(t.text for t in doc) == text
    norms = {t.text: t.norm_ for t in doc}
    assert norms["10万"] == "100000"
    assert norms["ネオジウム"] == "ネオジム"
    assert norms["黒鉛"] == "グラファイト"
    first = doc[0]
    assert (first.tag_, first.pos_) == ("名詞-普通名詞-一般", "NOUN")
    assert next(t for t in doc if t.text == "、").pos_ == "PUNCT"


def test_entities_carry_the_vocabulary_key(nlp: Language):
    assert _ents(nlp, "ジスプロシウム、JOGMEC及びチリ") == [
        ("ジスプロシウム", "MINERAL", "dysprosium"),
        ("JOGMEC", "AGENCY", "jogmec"),
        ("チリ", "COUNTRY", "cl"),
    ]


def test_variant_spellings_meet_through_normalized_forms(nlp: Language):
    assert [e[2] for e in _ents(nlp, "ホルニウム、ネオジウム、天然黒鉛")] == [
        "holmium",
        "neodymium",
        "graphite",
    ]


def test_the_longest_form_wins_over_its_parts(nlp: Language):
    assert _ents(nlp, "希土類金属（レアアース）と中国商務部") == [
        ("希土類金属（レアアース）", "MINERAL", "rare-earths"),
        ("中国商務部", "AGENCY", "mofcom"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ボーリング調査",
        "ガソリン車のモニタリング",
        "資金と基金",
        "金属資源と出資金",
        "鉄鋼と非鉄金属",
        "みずほ銀行",
        "イッテルビウム",
    ],
)
def test_forms_inside_other_words_are_not_entities(nlp: Language, text: str):
    keys = {e[2] for e in _ents(nlp, text)}
    assert not keys & {"phosphorus", "gold", "iron", "silver", "terbium"}, keys


def test_single_characters_count_as_whole_nouns(nlp: Language):
    assert [e[2] for e in _ents(nlp, "我が国は、金、銀、珪石等")] == [
        "jp",
        "gold",
        "silver",
        "silica-stone",
    ]
    assert [e[2] for e in _ents(nlp, "豪・仏での2件")] == ["au", "fr"]


def test_spaced_out_words_are_read_letter_by_letter(nlp: Language):
    assert _ents(nlp, "J O G M E C と 経 済 産 業 省") == [
        ("J O G M E C", "AGENCY", "jogmec"),
        ("経 済 産 業 省", "AGENCY", "meti"),
    ]


def test_a_spaced_out_letter_is_not_a_single_character_entity(nlp: Language):
    assert _ents(nlp, "金 属 資 源") == []
    # spaced out, 鉄鋼 is steel as a whole, never the element 鉄
    assert _ents(nlp, "鉄 鋼") == [("鉄 鋼", "MINERAL", "steel")]
    assert _ents(nlp, "非 鉄 金 属") == []


def _evidences(facts: DocumentFacts) -> list[Evidence]:
    found: list[Evidence] = []

    def visit(value: object) -> None:
        if isinstance(value, Evidence):
            found.append(value)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                visit(getattr(value, field.name))
        elif isinstance(value, tuple):
            for item in value:
                visit(item)

    visit(facts)
    return found


def test_every_quote_is_verbatim_at_its_offset_over_the_whole_corpus(
    corpus: list[ParsedDocument], corpus_facts: list[DocumentFacts]
):
    checked = 0
    for parsed, facts in zip(corpus, corpus_facts, strict=True):
        texts = {p.passage_id: p.text for p in parsed.passages}
        for evidence in _evidences(facts):
            text = texts[evidence.passage_id]
            assert evidence.quote, evidence
            assert text[evidence.start : evidence.end] == evidence.quote, evidence
            checked += 1
    assert checked > 1000


def test_every_document_yields_mentions_and_the_policies_their_facts(
    corpus_facts: list[DocumentFacts],
):
    by_id = {f.doc_id: f for f in corpus_facts}
    assert all(f.mentions for f in corpus_facts)
    policy = by_id["critical-minerals-policy@2026-03-30"]
    assert policy.coverages and policy.targets and policy.export_controls and policy.supply_shares
    assert by_id["materials-strategy-issues@2026-02-19"].budgets


def test_mentions_point_at_their_surface(corpus_facts: list[DocumentFacts]):
    for facts in corpus_facts:
        for mention in facts.mentions:
            assert mention.evidence.quote == mention.surface


def test_facts_round_trip_through_json_exactly(corpus_facts: list[DocumentFacts], tmp_path: Path):
    for facts in corpus_facts:
        assert facts_from_json(facts_to_json(facts)) == facts
    path = tmp_path / "facts" / "doc.json"
    write_facts(path, corpus_facts[0])
    assert read_facts(path) == corpus_facts[0]


def test_facts_written_by_other_extraction_code_are_stale(corpus_facts: list[DocumentFacts]):
    text = facts_to_json(corpus_facts[0], extractor_version="older")
    with pytest.raises(StaleFactsError):
        facts_from_json(text)
    assert facts_from_json(text, extractor_version="older") == corpus_facts[0]
    assert len(extractor_version()) == 16


def test_the_fact_cache_fingerprint_covers_the_corpus_parser():
    """Cached facts name passages: a change to how texts become passages must invalidate them."""
    names = {(path.parent.name, path.name) for path in fingerprinted_files()}
    assert {("corpus", "passages.py"), ("corpus", "structure.py"), ("corpus", "tables.py")} <= names
    assert ("extract", "targets.py") in names and ("vocabulary", "minerals.yaml") in names
