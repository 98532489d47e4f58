import numpy as np

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import index_text, reciprocal_rank_fusion


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
