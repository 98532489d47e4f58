import pytest

from policy_kg.corpus.model import DocumentMeta, Passage
from policy_kg.index.retriever import ScoredPassage
from policy_kg.nlp.names import name_finder
from policy_kg.nlp.synonyms import NO_EXPANSION
from policy_kg.nlp.term_entities import TermEntities
from policy_kg.nlp.userdict import system_tokenizer
from policy_kg.nlp.vocabulary import default_vocabulary
from policy_kg.qa.answerer import (
    MAX_QUESTION_CHARS,
    AnswerSettings,
    QuestionAnswerer,
    QuestionError,
)
from policy_kg.qa.columns import space_table_headers
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.question import analyse
from policy_kg.qa.ranker_model import DECISION_INPUTS, LinearScorer, RankerModel
from policy_kg.qa.sentence_ranking import DocumentContext, SentenceRanker
from policy_kg.qa.service import leading

from ..domain_terms import domain_terms


def _passage_text(runtime, passage_id: str) -> str:
    doc_id = passage_id.split("#")[0]
    return next(p.text for p in runtime.document(doc_id).passages if p.passage_id == passage_id)


def test_answer_quotes_are_verbatim_substrings_of_the_cited_passages(runtime):
    answer = runtime.ask("日米枠組みで経済産業大臣とエネルギー長官が設立するグループの名前は。")
    assert not answer.abstained
    assert "迅速対応グループ" in answer.answer
    for citation in answer.citations:
        assert citation.quote in _passage_text(runtime, citation.passage_id)
        meta = runtime.documents[citation.doc_id]
        assert citation.revision == meta.revision
    first = answer.citations[0]
    assert first.doc_id == "japan-us-minerals-framework@2025-10-28"
    assert first.section == "第Ⅰ章 重要鉱物及びレアアース"


def test_json_contract(runtime):
    record = runtime.ask("ニッケルの2030年の目標量は。").to_json()
    assert set(record) == {
        "question",
        "answer",
        "abstained",
        "citations",
        "facts",
        "confidence",
        "nearest",
    }
    keys = {"doc_id", "revision", "section", "passage_id", "quote"}
    assert all(set(c) == keys for c in record["citations"])
    assert all(set(f) == {"subject", "predicate", "object"} for f in record["facts"])


def test_abstains_when_the_corpus_says_nothing(runtime):
    answer = runtime.ask("量子コンピュータの研究開発に充てる予算額はいくらか。")
    assert answer.abstained and answer.citations == () and answer.answer
    assert answer.confidence is not None
    assert answer.confidence < runtime.answerer.model.threshold


def test_a_year_the_corpus_has_no_figure_for_is_not_answered_with_another_year(runtime):
    answer = runtime.ask("2040年時点のニッケルの国内需要量は何トンと見込まれていますか。")
    assert answer.abstained or all("2040" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question", ["", "   \n\t"])
def test_empty_question_is_refused_clearly(runtime, question):
    with pytest.raises(QuestionError, match="empty"):
        runtime.ask(question)


def test_overlong_question_is_refused_with_its_length(runtime):
    with pytest.raises(QuestionError, match="10,000 characters"):
        runtime.ask("あ" * 10_000)
    assert MAX_QUESTION_CHARS < 10_000


@pytest.mark.parametrize(
    "question",
    ["What is Japan's 2030 lithium target?", "JOGMECの role は何か", "？？？", "2030"],
)
def test_english_mixed_or_odd_questions_get_an_answer_or_an_abstention(runtime, question):
    answer = runtime.ask(question)
    assert answer.abstained or answer.citations


# --- decisions on small, made-up passages: the type asked for, the fitted threshold ---

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


def _passage(n: int, text: str, section: tuple[str, ...] = ("第1章",)) -> Passage:
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


def _answerer(
    passages: list[Passage], calibration=CONFIDENT, names=lambda text: (), headings=None
) -> QuestionAnswerer:
    ranker = SentenceRanker(
        TERMS,
        lambda term: 1.0,
        ENTITIES,
        {DOC: DocumentContext("重要鉱物の取組方針", "2026")},
        leads=leading(passages),
        table_headers=space_table_headers(passages),
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


@pytest.mark.parametrize(
    ("question", "without", "with_value", "value"),
    [
        (
            "届出から何日以内に報告が必要か。",
            [_passage(1, "12月3日の届出の後、速やかに報告が必要である。")],
            _passage(2, "届出から30日以内に報告が必要である。"),
            "30日",
        ),
        (
            "国内生産の割合は何%か。",
            [_passage(1, "国内生産の割合は増えている。")],
            _passage(2, "国内生産の割合は15%である。"),
            "15%",
        ),
        (
            "令和5年度の備蓄事業の予算額はいくらか。",
            [_passage(1, "備蓄事業に100億円を計上した。", ("令和4年度予算",))],
            _passage(2, "備蓄事業に120億円を計上した。", ("令和5年度予算",)),
            "120億円",
        ),
        (
            "2030年のリチウムの確保目標は何トンか。",
            [_passage(1, "リチウム約10万トンを確保する。")],
            _passage(2, "2030 年にはリチウム約10万トンを確保する。"),
            "2030 年",
        ),
        (
            "ジスプロシウムの2030年の確保目標は何トンか。",
            [_passage(1, "2030年にリチウム約10万トンを確保する。")],
            _passage(2, "2030年に重希土類約1,000トンを確保する。"),
            "1,000トン",
        ),
        (
            "鉄鋼の添加に使われるマンガンの2030年の確保目標は何トンか。",
            [_passage(1, "2030年にリチウム約10万トンを確保する。")],
            _passage(2, "2030年にマンガン約2万トンを確保する。"),
            "2万トン",
        ),
        (
            "本事業の成果を用いてネオジム磁石を増産する取組は、年間何トン以上の増強が対象か。",
            [_passage(1, "本事業の成果を用いたリチウムの増強は、年間50トン以上を対象とする。")],
            _passage(
                2,
                "ネオジム磁石の増強は年間500トン以上を対象とする。"
                "ただし、本事業の成果を用いた増強は、年間100トン以上を対象とする。",
            ),
            "100トン",
        ),
        (
            "令和5年度の備蓄事業の予算額はいくらか。",
            [_passage(1, "備蓄事業に100億円を計上した。", ("令和4年度予算",))],
            _passage(2, "備蓄事業 120億円【100億円】"),  # its year in a column header
            "120億円",
        ),
        (
            "2023年度の備蓄事業の予算額はいくらか。",
            [_passage(1, "備蓄事業に100億円を計上した。", ("令和4年度予算",))],
            _passage(2, "備蓄事業 120億円【100億円】"),  # 2023年度 is also 2023年
            "120億円",
        ),
        (
            "令和5年度の備蓄事業の予算額はいくらか。",
            [_passage(1, "令和4年度：備蓄事業 100億円", ("令和4年度・令和5年度の予算",))],
            _passage(2, "令和5年度：備蓄事業 120億円", ("令和4年度・令和5年度の予算",)),
            "120億円",
        ),
        (
            "2025年の改定はいつ行われたか。",
            [_passage(1, "令和6年3月29日に改定した。")],
            _passage(2, "令和7年6月19日に改定した。"),  # 令和7年 is 2025
            "令和7年6月19日",
        ),
        (
            "違反の実績は過去何年の間が問われるか。",
            [_passage(1, "国際的な基準に違反した実績がある者を対象とする。")],
            _passage(2, "過去五年間において違反した実績がある者を対象とする。"),
            "五年間",
        ),
        (
            "取組は生産開始から何年以上続ける必要があるか。",
            [_passage(1, "2025年10月28日に取組を開始した。")],
            _passage(2, "取組は生産開始から5年以上続ける。"),
            "5年以上",
        ),
        (
            "国内で作っている企業はどのくらいにまで減っているか。",
            [_passage(1, "国内で作っている企業は減っている。", ("国内企業",))],
            _passage(2, "国内で作っている企業は数社にまで減っている。", ("国内企業",)),
            "数社",
        ),
        (
            "支援の対象とされるのはいつまでか。",
            [_passage(1, "支援の対象を拡大する。")],
            _passage(2, "供給源の開発が完了するまでの期間、支援の対象とする。"),
            "完了するまで",
        ),
        (
            "2012年度の技術開発ではエネルギー損失をどれだけ減らすか。",
            [_passage(1, "平成２３年度の技術開発でエネルギー損失を１０％削減した。")],
            _passage(2, "平成２４年度の技術開発でエネルギー損失を２５％削減する。"),
            "２５％",
        ),
        (
            "何日分を備蓄するかは、いくつの項目で評価して決めるか。",
            [_passage(1, "備蓄目標は60日分とする。")],
            _passage(2, "品目毎に5項目の定量評価により備蓄目標日数を整理する。"),
            "5項目",
        ),
        (
            "レアアースなどの代替供給を支援するため、最大いくらを動員するか。",
            [_passage(1, "代替供給を支援する。")],
            _passage(2, "代替供給プロジェクト支援のため最大30億ユーロを動員する。"),
            "30億ユーロ",
        ),
        (
            "ネオジム磁石工場の設備投資では、生産開始から何年以上取組を続けるか。",
            [_passage(1, "サマリウムコバルト磁石の設備投資では、生産開始から3年以上とする。")],
            _passage(2, "永久磁石等の設備投資による生産の開始から5年以上とする。"),
            "5年以上",
        ),
        (
            "フェライト磁石の世界生産に占める日本企業のシェアは何%か。",
            [_passage(1, "ネオジム磁石の世界生産に占める日本企業のシェアは約15%である。")],
            _passage(2, "フェライト磁石の世界生産に占める日本企業のシェアは約30%である。"),
            "30%",
        ),
        (
            "ネオジム磁石の設備投資に対する補助率は何%か。",
            [_passage(1, "ネオジム磁石の設備投資では、日本企業のシェアは約15%である。")],
            _passage(2, "ネオジム磁石の設備投資の補助率は2分の1（50%）とする。"),
            "50%",
        ),
        (
            "電動車のモーター1台に磁石は何キログラム使われるか。",
            [_passage(1, "電動車のモーターには磁石が使われ、2030年に1万台を生産する。")],
            _passage(2, "電動車のモーター1台に磁石が約1kg使われる。"),
            "1kg",
        ),
        (
            "インドネシアが鉱石の輸出を禁止したのはいつか。",
            [_passage(1, "ニッケルは、2021年の貿易統計によると、インドネシアが約28%である。")],
            _passage(2, "インドネシアは2020年1月に鉱石の輸出を禁止した。"),
            "2020年1月",
        ),
        (
            "日本とカナダが協力覚書を結んだのはいつか。",
            [_passage(1, "2022年には豪州と協力覚書を結んだ。")],
            _passage(2, "2023年にはカナダと協力覚書を結んだ。"),
            "2023年",
        ),
        (
            "EUは中国に頼らない供給を支援するため、最大いくらを動員するか。",
            [_passage(1, "米国は代替供給を支援するため最大10億ドルを出資する。")],
            _passage(2, "EUは代替供給を支援するため最大30億ユーロを動員する。"),
            "30億ユーロ",
        ),
    ],
    ids=[
        "days",
        "percentage",
        "fiscal-year-budget",
        "year-asked",
        "mineral-asked",
        "one-of-the-minerals-named",
        "mineral-named-by-the-sentence-before",
        "fiscal-year-not-repeated-by-the-row",
        "western-fiscal-year-not-repeated-by-the-row",
        "fiscal-year-of-the-row-not-its-heading",
        "year-asked-written-in-an-era",
        "period-in-kanji-numerals",
        "duration-not-a-date",
        "vague-count",
        "until-when",
        "year-asked-written-as-an-era-fiscal-year",
        "the-unit-asked-last",
        "mineral-given-as-an-example",
        "magnet-named-after-a-mineral",
        "kind-of-magnet-asked",
        "rate-asked",
        "mass",
        "a-statistic-s-year-is-no-event-date",
        "country-asked",
        "one-of-the-places-named",
    ],
)
def test_a_typed_question_is_answered_only_by_a_sentence_of_its_type(
    question, without, with_value, value
):
    abstained = _answerer(without).ask(question)
    assert abstained.abstained and abstained.citations == ()
    assert [c.passage_id for c in abstained.nearest] == [p.passage_id for p in without]
    answered = _answerer([*without, with_value]).ask(question)
    assert not answered.abstained and value in answered.answer
    assert answered.citations[0].passage_id == with_value.passage_id


CONTENTS = Passage(
    f"{DOC}#toc",
    DOC,
    "contents",
    ("目次",),
    "第3章 取組の内容\t20\n第1節 サイバーセキュリティの確保\t39",
    0,
    44,
)


def test_a_page_asked_is_answered_by_a_line_of_the_table_of_contents():
    question = "サイバー攻撃への備え（サイバーセキュリティの確保）は何ページからか。"
    body = _passage(1, "サイバーセキュリティの確保は、3年以内に対策を講じる。")
    assert _answerer([body]).ask(question).abstained
    answer = _answerer([body, CONTENTS]).ask(question)
    assert not answer.abstained and answer.answer == "第1節 サイバーセキュリティの確保\t39"
    assert answer.citations[0].passage_id == CONTENTS.passage_id


def test_a_line_of_the_table_of_contents_answers_nothing_but_a_page():
    question = "サイバーセキュリティの確保では何を求めているか。"
    assert _answerer([CONTENTS]).ask(question).abstained
    body = _passage(1, "サイバーセキュリティの確保では、対策を講じることを求める。")
    answer = _answerer([CONTENTS, body]).ask(question)
    assert not answer.abstained and answer.citations[0].passage_id == body.passage_id


def test_a_line_naming_no_year_is_read_in_the_years_of_the_lines_before_it():
    # a list's name line, then its description: the year is the name's
    def strategy(n: int, year: int, amount: str) -> Passage:
        text = f"{year}年に向けた戦略\n蓄電池の基金に{amount}規模を措置した。"
        return Passage(f"{DOC}#l{n}", DOC, "list", ("第1章",), text, 0, len(text))

    question = "2030年の戦略で、蓄電池の基金に措置された規模はどれくらいか。"
    other_year = strategy(1, 2025, "1兆円")
    assert _answerer([other_year]).ask(question).abstained
    answer = _answerer([other_year, strategy(2, 2030, "2兆円")]).ask(question)
    assert not answer.abstained and "2兆円" in answer.answer


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("タングステンのリサイクル案件は何件か。", "１６"),
        ("タングステンのリサイクル案件に出た補助額はいくらか。", "８．８億"),
    ],
)
def test_a_row_states_a_count_or_an_amount_by_its_column(question, value):
    # a table whose text lost its lines: the header line, then rows of bare figures
    row = _passage(2, "タングステン １６ 超硬工具等 ８．８億")
    assert _answerer([row]).ask(question).abstained
    header = _passage(1, "鉱種 案件数 主な回収先 補助額")
    answer = _answerer([header, row]).ask(question)
    assert not answer.abstained and value in answer.answer


def test_an_amount_of_another_year_is_no_subject_for_the_next_line():
    # joined to the next line (another item's 令和8年度 amount), 令和7年度's JOGMEC amount
    # answered what 令和8年度's was
    lines = "令和7年度予備費：JOGMEC出資金 390億円\n令和8年度当初予算案：助成金 125億円"
    question = analyse("令和8年度の当初予算案で、JOGMEC出資金はいくらか。")
    ranked = _answerer([_passage(1, lines)]).ranked(question)
    assert ranked and not any("390億円" in c.quote and "125億円" in c.quote for c in ranked)


@pytest.mark.parametrize(
    ("lead", "unit", "question", "value"),
    [
        (  # the year is in the ○ item line the paragraph belongs to
            "○磁性材料技術開発：平成２４年度要求額４０億円",
            "モーターのエネルギー損失を２５％削減する。",
            "2012年度要求の磁性材料の開発では、モーターの損失を何%削減するか。",
            "２５％",
        ),
        (  # the mineral is in the bullet the sub-bullet hangs from (and the country, which the
            # slide leaves to its heading 【米国】)
            "米国は国内レアアース開発・磁石製造企業に、金融支援を措置",
            "16億ドルを投資し、同社株式の10%を取得",
            "レアアース開発企業への支援で、米国は株式の何%を取得したか。",
            "10%",
        ),
    ],
)
def test_a_unit_is_read_in_the_passage_that_leads_to_it(lead, unit, question, value):
    body = _passage(2, unit)
    assert _answerer([body]).ask(question).abstained
    answer = _answerer([_passage(1, lead), body]).ask(question)
    assert not answer.abstained and value in answer.answer


def test_a_value_only_the_leading_line_gives_is_cited_first():
    """A list may date what its items state once, above them, with dots: asked when, the
    answer cites that line, then the item."""
    lead = _passage(1, "(2026.1.6)")
    item = _passage(2, "日本向けのすべてのデュアルユース品目の輸出を禁止。")
    question = "日本向けのデュアルユース品目の輸出を禁止したのはいつか。"
    assert _answerer([item]).ask(question).abstained
    answer = _answerer([lead, item]).ask(question)
    assert [c.quote for c in answer.citations[:2]] == [lead.text, item.text]
    assert answer.answer == f"{lead.text}\n{item.text}"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("（継ぎ目がない鋼管。石油・天然ガスの掘削等に使用）", True),
        # a bracket inside a longer passage glosses its line, not the heading
        ("ある案件【インド】\n（継ぎ目がない鋼管。石油・天然ガスの掘削等に使用）", False),
    ],
    ids=["a-passage-that-is-one-gloss", "a-gloss-line-of-a-longer-passage"],
)
def test_a_name_asked_by_its_description_is_answered_with_the_heading_the_gloss_is_of(text, named):
    section = ("シームレス鋼管",)
    heading = Passage(f"{DOC}#h", DOC, "heading", section, "シームレス鋼管", 0, 7)
    gloss = _passage(1, text, section)
    answerer = _answerer([gloss], headings={(DOC, section): heading})
    answer = answerer.ask("つなぎ目のない鋼管で、石油の掘削に使うものは何と紹介されているか。")
    assert not answer.abstained
    assert answer.answer.startswith("シームレス鋼管\n") is named
    assert (answer.citations[0].quote == "シームレス鋼管") is named


def test_only_a_line_ending_no_sentence_under_the_same_heading_leads():
    passages = [
        _passage(1, "見出しの前の箇条"),
        Passage(f"{DOC}#h", DOC, "heading", ("第1章",), "第1章", 0, 3),
        _passage(2, "箇条の親"),
        _passage(3, "箇条の子。"),
        _passage(4, "段落は文で終わる。"),  # ends a sentence: leads to nothing
        _passage(5, "次の段落。"),
        _passage(6, "別の節の文。", ("第2章",)),
    ]
    leads = leading(passages)
    assert {k: v.passage_id for k, v in leads.items()} == {f"{DOC}#p3": f"{DOC}#p2"}


def test_the_calibration_reads_the_best_candidates_own_features():
    # confident only when the best sentence states a number: the same question, answered
    # over a passage that does, abstained over one that does not
    size = len(DECISION_INPUTS)
    weights = tuple(10.0 if name == "has_digit" else 0.0 for name in DECISION_INPUTS)
    digits = LinearScorer((0.0,) * size, (1.0,) * size, weights, -5.0)
    question = "国内生産の割合はどうなっているか。"
    stated = _answerer([_passage(1, "国内生産の割合は15%である。")], digits).ask(question)
    vague = _answerer([_passage(1, "国内生産の割合は増えている。")], digits).ask(question)
    assert not stated.abstained and stated.confidence > 0.99
    assert vague.abstained and vague.confidence < 0.01


def test_below_the_fitted_threshold_it_abstains_and_shows_what_it_looked_at():
    passages = [_passage(1, "国内生産の割合は15%である。"), _passage(2, "備蓄を進める。")]
    sure = _answerer(passages).ask("国内生産の割合は何%か。")
    unsure = _answerer(passages, UNSURE).ask("国内生産の割合は何%か。")
    assert not sure.abstained and sure.confidence is not None and sure.confidence > 0.5
    assert unsure.abstained and unsure.confidence is not None and unsure.confidence < 0.5
    assert {c.passage_id for c in unsure.nearest} == {p.passage_id for p in passages}
    assert all(c.quote in passages[int(c.passage_id[-1]) - 1].text for c in unsure.nearest)
    record = unsure.to_json()
    assert record["nearest"] and record["citations"] == []


def test_a_passage_gives_at_most_two_of_the_units_cited():
    first = _passage(
        1,
        "リチウムの備蓄の目標を定める。リチウムの備蓄の目標を見直す。リチウムの備蓄の目標を示す。",
    )
    second = _passage(2, "リチウムの目標を定める。")
    answer = _answerer([first, second]).ask("リチウムの備蓄の目標は何か。")
    assert [c.passage_id for c in answer.citations] == [
        first.passage_id,
        first.passage_id,
        second.passage_id,
    ]
    assert [c.quote for c in answer.citations[:2]] == [
        "リチウムの備蓄の目標を定める。",
        "リチウムの備蓄の目標を見直す。",
    ]


def test_an_abstention_on_the_real_corpus_lists_the_nearest_passages(runtime):
    # no candidate holds a tonnage for crude steel: an abstention whatever the threshold
    answer = runtime.ask("日本の2030年の粗鋼生産目標は何トンか。")
    assert answer.abstained and answer.nearest
    for citation in answer.nearest:
        assert citation.quote in _passage_text(runtime, citation.passage_id)


NAMES = name_finder(system_tokenizer())


def test_a_question_naming_what_no_document_names_is_not_answered():
    passages = [_passage(1, "JOGMECの出資額は1,100億円である。"), _passage(2, "備蓄を進める。")]
    question = "TSMCの熊本工場への出資額はいくらか。"
    assert not _answerer(passages).ask(question).abstained  # a neighbouring subject's amount
    answer = _answerer(passages, names=NAMES).ask(question)
    assert answer.abstained and answer.citations == () and answer.confidence == 0.0
    assert "「TSMC」「熊本」は、どの文書にも出てきません" in answer.answer
    assert {c.passage_id for c in answer.nearest} == {p.passage_id for p in passages}


def test_a_name_the_documents_write_answers_as_before():
    passages = [_passage(1, "ＪＯＧＭＥＣの出資額は1,100億円である。")]
    answer = _answerer(passages, names=NAMES).ask("JOGMECの出資額はいくらか。")
    assert not answer.abstained and "1,100億円" in answer.answer


def test_a_name_the_documents_write_under_its_bracketed_gloss_is_known():
    passages = [_passage(1, "粗鋼生産のシェアは、CIS 7%である。")]
    answerer = _answerer(passages, names=NAMES)
    assert answerer.unknown_names("旧ソ連圏（CIS）の粗鋼生産のシェアは何%か。") == ()
    assert answerer.unknown_names("旧ソ連圏（ソビエト）の粗鋼生産のシェアは何%か。") == ("ソ連",)


def test_unknown_names_on_the_real_corpus(runtime):
    answerer = runtime.answerer
    assert answerer.unknown_names("TSMCの熊本工場に政府が出した補助金はいくらか。") == (
        "TSMC",
        "熊本",
    )
    # named by the documents, or by a synonym of a word they use
    assert answerer.unknown_names("JOGMECが豪州のライナス社に出資した額は。") == ()
    assert answerer.unknown_names("半導体に使うヘリウムとホウ素（ボロン）の輸入先は。") == (
        "ヘリウム",
    )
    # a kind of magnet no document speaks of; those they do, under any spelling
    assert answerer.unknown_names("超電導磁石とアルニコ磁石の生産は。") == ("超電導", "アルニコ")
    assert answerer.unknown_names("希土類磁石とネオジム系磁石とSmCo磁石の生産は。") == ()
    answer = runtime.ask("ISAの深海底鉱物の採掘規則はいつ採択されたか。")
    assert answer.abstained and "「ISA」" in answer.answer and answer.nearest


def test_a_note_that_glosses_a_marked_word_answers_with_the_marked_line():
    slide = _passage(
        1, "（半導体のサブストレート※\n等の絶縁材料等に使用）\n※ 半導体チップをパッケージする基板"
    )
    answer = _answerer([slide]).ask("半導体チップをパッケージする基板は何と呼ばれているか。")
    assert answer.answer.startswith("（半導体のサブストレート※")
    assert answer.answer.endswith("※ 半導体チップをパッケージする基板")
    assert answer.citations[0].quote == answer.answer and answer.answer in slide.text
