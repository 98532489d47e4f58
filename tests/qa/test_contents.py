from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.qa.contents import listed_section, section_ranks
from policy_kg.qa.measured_units import MeasuredUnit

CONTENTS = "第6章 配慮すべき事項\t39\n第3節 サイバーセキュリティの確保\t39\n第4節 取引環境\t40"


def _scored(passage_id: str, section: tuple[str, ...], text: str) -> ScoredPassage:
    passage = Passage(passage_id, "plan@2026", "body", section, text, 0, len(text))
    return ScoredPassage(passage, score=1.0, lexical=1.0, dense=1.0)


def _unit(scored: ScoredPassage, line: str, kind: str = "contents_line") -> MeasuredUnit:
    start = scored.passage.text.index(line)
    return MeasuredUnit(1, scored, 0, 1, start, start + len(line), (), frozenset(), 0, 0, kind)


CYBER = ("第6章 配慮すべき事項", "第3節 サイバーセキュリティの確保")
RETRIEVED = [
    _scored("a", ("第2章 施策",), "証拠収集の手続を行う。"),
    _scored("b", CYBER, "サイバー攻撃の脅威が増大する中、対策を講じる。"),
    _scored("c", ("目次",), CONTENTS),
]


def test_a_contents_line_is_measured_by_the_rank_of_the_section_it_lists():
    ranks = section_ranks(RETRIEVED)
    contents = RETRIEVED[2]
    assert listed_section(_unit(contents, "第3節 サイバーセキュリティの確保\t39"), ranks) == 0.5
    # its chapter holds the same passage; a section no retrieved passage is under counts 0
    assert listed_section(_unit(contents, "第6章 配慮すべき事項\t39"), ranks) == 0.5
    assert listed_section(_unit(contents, "第4節 取引環境\t40"), ranks) == 0.0


def test_only_contents_lines_of_the_same_document_count():
    ranks = section_ranks(RETRIEVED)
    body = RETRIEVED[1]
    assert listed_section(_unit(body, "サイバー攻撃の脅威が増大する中", "sentence"), ranks) == 0.0
    other = ScoredPassage(
        Passage("d", "other@2025", "body", ("目次",), CONTENTS, 0, len(CONTENTS)), 1.0, 1.0, 1.0
    )
    assert listed_section(_unit(other, "第3節 サイバーセキュリティの確保\t39"), ranks) == 0.0


def test_a_contents_line_lists_its_section_however_wide_its_numbering():
    """A draft's contents list (3) 技術流出防止措置 over the body's （３）技術流出防止措置."""
    contents = "(3) 技術流出防止措置\t23"
    retrieved = [
        _scored("b", ("第6節 措置", "（３）技術流出防止措置"), "コア技術の流出を防止する。"),
        _scored("c", ("目次",), contents),
    ]
    assert listed_section(_unit(retrieved[1], contents), section_ranks(retrieved)) == 1.0
