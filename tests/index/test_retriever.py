import numpy as np

from policy_kg.corpus.model import Passage
from policy_kg.index.lexical import LexicalIndex
from policy_kg.index.retriever import Retriever, index_text, reciprocal_rank_fusion
from policy_kg.nlp.synonyms import Expander, SynonymTable, sudachi_groups
from policy_kg.nlp.terms import make_term_extractor
from policy_kg.nlp.userdict import system_tokenizer


def test_fusion_rewards_agreement_and_keeps_a_single_first_place_high():
    lexical = np.array([9.0, 1.0, 0.5, 0.0])
    dense = np.array([0.2, 0.9, 0.5, 0.1])
    fused = reciprocal_rank_fusion(lexical, dense, weight=0.5)
    assert fused.argmax() in (0, 1)
    assert fused[2] < min(fused[0], fused[1])


def test_fusion_weight_shifts_towards_one_index():
    lexical = np.array([3.0, 2.0, 1.0])
    dense = np.array([0.1, 0.2, 0.9])
    assert reciprocal_rank_fusion(lexical, dense, weight=0.9).argmax() == 0
    assert reciprocal_rank_fusion(lexical, dense, weight=0.1).argmax() == 2


def test_passages_unknown_to_both_indexes_score_zero():
    fused = reciprocal_rank_fusion(np.array([1.0, 0.0]), np.array([0.5, 0.0]), weight=0.5)
    assert fused[1] == 0 and fused[0] > 0


def test_index_text_carries_title_and_nearest_heading():
    passage = Passage("d#1", "d", "body", ("第1章 方向", "ア リチウム"), "本文。", 0, 3)
    assert index_text(passage, "取組方針") == "取組方針\nア リチウム\n本文。"


def test_a_question_word_meets_its_synonym_in_the_passages():
    passages = [
        Passage("d#1", "d", "body", (), "蓄電池の価格が上がった。", 0, 1),
        Passage("d#2", "d", "body", (), "鉱山の開発が進む。", 0, 1),
    ]
    terms = make_term_extractor(system_tokenizer())
    lexical = LexicalIndex.build([terms(p.text) for p in passages])
    retriever = Retriever(passages, lexical, None, terms, encode_query=None)
    assert retriever.search("値段はどうなったか", 2) == []
    groups = sudachi_groups()
    retriever.expander = Expander(
        SynonymTable.build(lexical_terms(passages, terms), groups), groups, None
    )
    found = retriever.search("値段はどうなったか", 2)
    assert [s.passage.passage_id for s in found] == ["d#1"]


def lexical_terms(passages, terms) -> list[str]:
    return sorted({t for p in passages for t in terms(p.text)})
