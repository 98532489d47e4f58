import pytest

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.question import analyse
from policy_kg.qa.sentence_ranking import DocumentContext, SentenceRanker

from .plain_ranker import plain_ranker

DOC = "deck@2026-02-19"


@pytest.fixture(scope="module")
def ranker() -> SentenceRanker:
    return plain_ranker({DOC: DocumentContext("マテリアル分野の課題", "2026")})


def _in_heading(ranker: SentenceRanker, question: str, heading: str, text: str) -> bool:
    passage = Passage(f"{DOC}#p1", DOC, "list", (heading,), text, 0, len(text))
    found = ranker.candidates(analyse(question), [ScoredPassage(passage, 1.0, 1.0, 0.5)])
    return next(c for c in found if c.quote == text).answer_in_heading


def test_a_bracketed_gloss_leaves_its_term_to_the_heading(ranker):
    assert _in_heading(
        ranker,
        "優れた磁気特性を持つ鋼板は何と呼ばれているか。",
        "電磁鋼板",
        "（優れた磁気特性を有する鋼板。モーターや変圧器等に使用）",
    )


def test_a_numbered_item_ending_in_a_bracket_is_no_gloss(ranker):
    """(2) opens the item and （…） closes it: the term asked is in the item, not the heading."""
    assert not _in_heading(
        ranker,
        "国内で外国の組織に技術を渡すことまで輸出として扱う規制は何と呼ばれているか。",
        "2. 設備・材料・技術への規制",
        "(2) 中国国内で外国組織・個人に輸出する場合も規制（「みなし輸出」規制の導入）",
    )


def _may_answer(ranker: SentenceRanker, question: str, kind: str, text: str) -> dict:
    passage = Passage(f"{DOC}#p2", DOC, kind, ("リサイクル事業案件",), text, 0, len(text))
    found = ranker.candidates(analyse(question), [ScoredPassage(passage, 1.0, 1.0, 0.5)])
    return {c.quote: c.fits for c in found}


def test_a_tables_header_line_states_nothing(ranker):
    """Its column names match a question's words, but no row's fact is in it."""
    question = "リサイクル事業案件で主な回収先は何か。"
    assert _may_answer(ranker, question, "body", "鉱種 案件数 主な回収先 補助額") == {
        "鉱種 案件数 主な回収先 補助額": False
    }
    assert _may_answer(ranker, question, "body", "回収先は超硬工具等である。") == {
        "回収先は超硬工具等である。": None
    }


def test_a_unit_holding_what_the_last_clause_asks_outscores_one_holding_the_scene(ranker):
    """Both name the question's scene (輸出規制); only the second what it asks (備蓄, 放出)."""
    scene = "中国は輸出規制を強化した。"
    asked = "国は備蓄を放出する。"
    text = scene + asked
    passage = Passage(f"{DOC}#p3", DOC, "body", ("備蓄",), text, 0, len(text))
    question = analyse("中国が輸出規制を強化した場合、国は備蓄をどう放出するか")
    found = ranker.candidates(question, [ScoredPassage(passage, 1.0, 1.0, 0.5)])
    share = {c.quote: c.features[FEATURE_NAMES.index("asking_clause")] for c in found}
    assert share[asked] > share[scene]
