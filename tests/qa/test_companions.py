from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.qa.companions import with_companions
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.question import analyse
from policy_kg.qa.sentence_ranking import DocumentContext, SentenceRanker

from .plain_ranker import plain_ranker

DOC = "overview@2011-12"
COUNTED = ("１．レアメタル海外資源確保の推進（対象５鉱種）",)
HEADING = Passage(f"{DOC}#h1", DOC, "heading", COUNTED, COUNTED[0], 0, len(COUNTED[0]))


def _body(n: int, text: str) -> Passage:
    return Passage(f"{DOC}#p{n}", DOC, "body", COUNTED, text, n * 100, n * 100 + len(text))


ROW = _body(1, "タンタル 海外取引先企業が豪州鉱山の再開を検討中")
OTHER = _body(2, "タングステン 検討中")


def _scored(passage: Passage, score: float) -> ScoredPassage:
    return ScoredPassage(passage, score, score, score)


def test_a_companion_follows_its_passage_once_at_its_rank_and_scores():
    retrieved = [_scored(ROW, 0.9), _scored(OTHER, 0.5)]
    ranked = with_companions(retrieved, lambda passage: (HEADING,))
    assert [(rank, s.passage) for rank, s in ranked] == [(1, ROW), (1, HEADING), (2, OTHER)]
    assert ranked[1][1].score == 0.9


def test_a_retrieved_passage_is_no_companion_of_another():
    ranked = with_companions([_scored(ROW, 0.9), _scored(OTHER, 0.5)], lambda p: (OTHER,))
    assert [s.passage for _, s in ranked] == [ROW, OTHER]


def _ranker() -> SentenceRanker:
    return plain_ranker(
        {DOC: DocumentContext("レアメタル等の確保に向けた取組の全体像", "2011")},
        headings={(DOC, COUNTED): HEADING},
    )


def test_a_heading_that_states_the_count_asked_is_a_candidate():
    """Asked how many minerals a measure covers, the heading that says so (対象５鉱種) is
    measured beside the rows under it, though retrieval never returns a heading."""
    question = analyse("海外での資源確保を進める対象になったレアメタルは何鉱種か。")
    found = _ranker().candidates(question, [_scored(ROW, 1.0)])
    heading = next(c for c in found if c.scored.passage == HEADING)
    assert heading.fits and heading.quote == COUNTED[0]
    assert heading.features[FEATURE_NAMES.index("heading_line")] == 1.0
    assert heading.features[FEATURE_NAMES.index("passage_reciprocal_rank")] == 1.0
    row = next(c for c in found if c.scored.passage == ROW)
    assert row.features[FEATURE_NAMES.index("heading_line")] == 0.0


def test_a_heading_is_no_candidate_for_a_value_it_does_not_state_or_no_value():
    ranker = _ranker()
    for asked in ("海外での資源確保はいつから進められたか。", "海外での資源確保では何を検討中か。"):
        found = ranker.candidates(analyse(asked), [_scored(ROW, 1.0)])
        assert all(c.scored.passage != HEADING for c in found), asked
