from policy_kg.nlp.synonyms import (
    NO_EXPANSION,
    Expander,
    SynonymTable,
    alt_labels,
    sudachi_groups,
)
from policy_kg.nlp.terms import make_term_extractor
from policy_kg.nlp.userdict import system_tokenizer
from policy_kg.nlp.vocabulary import default_vocabulary


def test_a_plain_word_meets_the_formal_word_the_corpus_uses():
    groups = sudachi_groups()
    table = SynonymTable.build(["価格", "蓄電池", "バッテリー", "輸入"], groups)
    expander = Expander(table, groups, None)
    assert "価格" in expander.expand("値段")
    assert "バッテリー" in expander.expand("電池")
    assert expander.expand("輸入") == frozenset()  # itself only: nothing else in its group


def test_only_terms_the_corpus_holds_are_offered():
    groups = sudachi_groups()
    expander = Expander(SynonymTable.build(["輸入"], groups), groups, None)
    assert expander.expand("値段") == frozenset()


def test_vocabulary_alt_labels_link_a_mineral_s_names():
    labels = alt_labels(default_vocabulary(), make_term_extractor(system_tokenizer()))
    assert "グラファイト" in labels["黒鉛"] and "黒鉛" in labels["グラファイト"]
    assert "黒鉛" in Expander(None, None, labels).expand("グラファイト")


def test_the_table_survives_a_round_trip(tmp_path):
    groups = sudachi_groups()
    table = SynonymTable.build(["価格", "バッテリー"], groups)
    table.save(tmp_path / "synonyms.json")
    loaded = SynonymTable.load(tmp_path / "synonyms.json")
    assert Expander(loaded, groups, None).expand("値段") == {"価格"}


def test_no_expansion_expands_nothing():
    assert NO_EXPANSION.expand("値段") == frozenset()
    assert NO_EXPANSION.expansions(["値段", "電池"]) == {"値段": frozenset(), "電池": frozenset()}
