"""A question answerer over a few made-up passages, for tests of what it cites and when it
abstains without a build: it retrieves the given passages, best first, ranks their sentences by
the domain dictionary's terms and decides with a calibration fixed by the test."""

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.nlp.synonyms import NO_EXPANSION
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.vocabulary import default_vocabulary
from policy_kg.qa.answerer import AnswerSettings, QuestionAnswerer
from policy_kg.qa.columns import space_table_headers
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.notes import Notes
from policy_kg.qa.ranker_model import DECISION_INPUTS, LinearScorer, RankerModel
from policy_kg.qa.sentence_ranking import DocumentContext, SentenceRanker
from policy_kg.qa.service import leading

from ..domain_terms import domain_terms

DOC = "policy@2026-03-30"


class _Retriever:
    """Returns the given passages, best first, for any question."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self.expander = NO_EXPANSION

    def query_vector(self, question: str) -> None:
        return None

    def knows(self, term: str) -> bool:
        return any(term in TERMS(p.text) for p in self.passages)

    def search(self, question: str, k: int, vector=None) -> list[ScoredPassage]:
        return [ScoredPassage(p, 1 / (n + 1), 1.0, 0.5) for n, p in enumerate(self.passages)][:k]


def passage(n: int, text: str, section: tuple[str, ...] = ("第1章",)) -> Passage:
    return Passage(f"{DOC}#p{n}", DOC, "body", section, text, 0, len(text))


def _model(calibration: LinearScorer) -> RankerModel:
    size = len(FEATURE_NAMES)
    coef = tuple(1.0 if name == "coverage" else 0.0 for name in FEATURE_NAMES)
    scorer = LinearScorer((0.0,) * size, (1.0,) * size, coef, 0.0)
    return RankerModel(FEATURE_NAMES, scorer, calibration, 0.5, {})


def _calibration(log_odds: float) -> LinearScorer:
    """The same calibrated confidence whatever the best candidate."""
    size = len(DECISION_INPUTS)
    return LinearScorer((0.0,) * size, (1.0,) * size, (0.0,) * size, log_odds)


CONFIDENT = _calibration(5.0)  # calibrated confidence ~0.99
UNSURE = _calibration(-5.0)  # ~0.01


TERMS = domain_terms()
ENTITIES = TermEntities.build(default_vocabulary(), TERMS)


def small_answerer(
    passages: list[Passage],
    calibration=CONFIDENT,
    names=lambda text: (),
    headings=None,
    notes: Notes | None = None,
) -> QuestionAnswerer:
    ranker = SentenceRanker(
        TERMS,
        lambda term: 1.0,
        ENTITIES,
        {DOC: DocumentContext("重要鉱物の取組方針", "2026")},
        leads=leading(passages),
        table_headers=space_table_headers(passages),
        notes=notes,
    )
    meta = DocumentMeta(
        DOC, "policy", "重要鉱物の取組方針", "経済産業省", "2026-03-30", "", "final", "x.txt"
    )
    return QuestionAnswerer(
        _Retriever(passages),
        ranker,
        {DOC: meta},
        headings or {},
        AnswerSettings(),
        _model(calibration),
        names,
    )
