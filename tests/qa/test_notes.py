import pytest

from policy_kg.corpus.model import Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.notes import (
    ASKS_NOTE,
    NAMES_NOTE,
    find_notes,
    glossed_from,
    is_gloss,
    is_note,
)
from policy_kg.qa.question import analyse
from policy_kg.qa.sentence_ranking import DocumentContext

from .plain_ranker import plain_ranker

DOC = "policy@2026-03-30"
SLIDE = ("上流におけるコスト差の一例",)


def _passage(n: int, text: str, section=SLIDE, kind="body", start=None, **links) -> Passage:
    offset = n * 100 if start is None else start
    return Passage(f"{DOC}#p{n}", DOC, kind, section, text, offset, offset + len(text), **links)


STATEMENT = _passage(1, "ウラン燃料の製錬への支援を行う。", ("第2章",), footnotes=(f"{DOC}#p9",))
FOOTNOTE = _passage(
    9,
    "国際的な供給不足の蓋然性が解消されるまでの間は施策の対象とする。",
    ("第2章",),
    kind="footnote",
    footnote_number=28,
)


def test_a_footnote_annotates_the_passage_whose_marker_links_it():
    notes = find_notes([STATEMENT, FOOTNOTE])
    assert notes.of[STATEMENT.passage_id] == (FOOTNOTE,)
    assert notes.annotated[FOOTNOTE.passage_id] == STATEMENT
    assert FOOTNOTE.passage_id not in notes.of  # a note has no notes of its own


def test_the_note_lines_of_a_slide_annotate_its_statements():
    source = _passage(1, "※出典：みずほ銀行産業調査部（2025年8月15日）")
    figure = _passage(2, "【図表 17】レアアースにおける「経済安保プレミアム」の試算")
    codes = _passage(3, "(注 2) HS コードは 2846 および 280530")
    heading = _passage(4, "上流におけるコスト差の一例", kind="heading", start=0)
    elsewhere = _passage(5, "※ 別のスライドの注記", ("別のスライド",))
    notes = find_notes([heading, source, figure, codes, elsewhere])
    assert notes.of[figure.passage_id] == (source, codes)
    # a note line annotates the nearest statement before it, else the first after it
    assert notes.annotated[codes.passage_id] == figure
    assert notes.annotated[source.passage_id] == figure
    # a slide of a heading and a note has no statement for it to annotate
    assert elsewhere.passage_id not in notes.annotated
    assert heading.passage_id not in notes.of


def test_a_note_is_a_candidate_where_its_statement_is_retrieved():
    """Asked through its statement, a footnote that retrieval left out is measured at the
    statement's rank, with the statement as its context: it holds the time limit asked."""
    ranker = plain_ranker(
        {DOC: DocumentContext("重要鉱物の取組方針", "2026")},
        notes=find_notes([STATEMENT, FOOTNOTE]),
    )
    question = analyse("ウラン燃料の製錬への支援はいつまで対象とされるか。")
    found = ranker.candidates(question, [ScoredPassage(STATEMENT, 1.0, 1.0, 0.5)])
    note = next(c for c in found if c.scored.passage == FOOTNOTE)
    statement = next(c for c in found if c.scored.passage == STATEMENT)
    assert note.fits and not statement.fits
    assert note.coverage > 0  # the question's words are its statement's, not its own
    rank = FEATURE_NAMES.index("passage_reciprocal_rank")
    assert note.features[rank] == statement.features[rank] == 1.0


def test_a_note_reaches_back_to_the_line_that_carries_its_mark():
    text = "ガラスクロス\n（半導体のサブストレート※\n等に使用）\n※ 半導体チップの基板"
    assert glossed_from(text, text.index("※ 半導体")) == text.index("（半導体")


def test_a_note_line_is_no_mark_and_a_unit_that_is_no_note_reaches_nowhere():
    notes_only = "※ 一つ目の注記\n※ 二つ目の注記"
    assert glossed_from(notes_only, notes_only.index("※ 二つ目")) is None
    marked = "サブストレート※の用途\n絶縁材料に使用"
    assert glossed_from(marked, marked.index("絶縁")) is None


def test_a_unit_is_a_note_in_a_footnote_a_note_line_or_a_line_opening_as_one():
    assert is_note(FOOTNOTE, FOOTNOTE.text)
    assert is_note(_passage(3, "(注 2) HS コードは 2846 および 280530"), "HS コードは 2846")
    slide = _passage(4, "ガラスクロス\n※ 半導体チップをパッケージする基板")
    assert is_note(slide, "※ 半導体チップをパッケージする基板")
    assert not is_note(slide, "ガラスクロス") and not is_note(STATEMENT, STATEMENT.text)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("約2倍に増えるという見込みは、どの国際機関の資料を出典にしているか。", True),
        ("2040年の需要見通しは、どんな用途に限った予測か。", True),
        ("輸出単価の試算で、どの品目コードの貿易データを使っているか。", True),
        ("中国政府の許可が要るのはどんな場面だと注では説明されている？", True),
        ("2011年の資料で、対象とされた鉱種はいくつか。", False),  # 資料 names the document
        ("市場規模は2030年度にいくらになると予測されているか。", False),
    ],
)
def test_a_question_asks_what_a_note_gives(question, asks):
    assert bool(ASKS_NOTE.search(analyse(question).normalized)) is asks


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("約2倍に増えるという見込みは、どの機関の報告書を出典にしているか。", True),
        ("中国政府の許可が要るのはどんな場面だと注では説明されている？", True),
        ("2040年の需要見通しは、どんな用途に限った予測か。", True),
        ("中国が輸出規制をかけた根拠は、何号の公告か。", False),  # the statement names it
        ("中国がレアアースの輸出を絞ったとき、値段はどのくらい跳ね上がったか。", False),
        ("IEAのレポートでは、風力発電の容量は何倍に増えるとされている？", False),
    ],
)
def test_only_a_note_gives_what_some_questions_ask(question, names):
    """What only a note can give, not every question ASKS_NOTE reads as maybe asking one."""
    normalized = analyse(question).normalized
    assert bool(NAMES_NOTE.search(normalized)) is names
    assert not names or ASKS_NOTE.search(normalized)


def test_a_gloss_is_one_bracket_that_opens_and_closes_the_unit():
    assert is_gloss("（優れた磁気特性を有する鋼板。モーターや変圧器等に使用）")
    assert is_gloss("(半導体チップをパッケージする基板)")
    assert not is_gloss("(2) 技術流出の防止（「みなし輸出」規制の導入）")  # a numbered item
    assert not is_gloss("電磁鋼板（優れた磁気特性を有する鋼板）")  # the term, then its gloss
