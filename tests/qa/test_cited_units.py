"""Which unit an answer cites, on small made-up passages: a sentence of the type asked for,
a line of the table of contents, a row read by its column, a unit read in the passage leading
to it, the heading a gloss is of, a note's marked line, the note asked of a statement, and at
most two units a passage."""

import pytest

from policy_kg.corpus.model import Passage
from policy_kg.qa.notes import find_notes
from policy_kg.qa.question import analyse
from policy_kg.qa.service import leading

from .small_answerer import DOC, passage, small_answerer


@pytest.mark.parametrize(
    ("question", "without", "with_value", "value"),
    [
        (
            "届出から何日以内に報告が必要か。",
            [passage(1, "12月3日の届出の後、速やかに報告が必要である。")],
            passage(2, "届出から30日以内に報告が必要である。"),
            "30日",
        ),
        (
            "国内生産の割合は何%か。",
            [passage(1, "国内生産の割合は増えている。")],
            passage(2, "国内生産の割合は15%である。"),
            "15%",
        ),
        (
            "令和5年度の備蓄事業の予算額はいくらか。",
            [passage(1, "備蓄事業に100億円を計上した。", ("令和4年度予算",))],
            passage(2, "備蓄事業に120億円を計上した。", ("令和5年度予算",)),
            "120億円",
        ),
        (
            "2030年のリチウムの確保目標は何トンか。",
            [passage(1, "リチウム約10万トンを確保する。")],
            passage(2, "2030 年にはリチウム約10万トンを確保する。"),
            "2030 年",
        ),
        (
            "ジスプロシウムの2030年の確保目標は何トンか。",
            [passage(1, "2030年にリチウム約10万トンを確保する。")],
            passage(2, "2030年に重希土類約1,000トンを確保する。"),
            "1,000トン",
        ),
        (
            "鉄鋼の添加に使われるマンガンの2030年の確保目標は何トンか。",
            [passage(1, "2030年にリチウム約10万トンを確保する。")],
            passage(2, "2030年にマンガン約2万トンを確保する。"),
            "2万トン",
        ),
        (
            "本事業の成果を用いてネオジム磁石を増産する取組は、年間何トン以上の増強が対象か。",
            [passage(1, "本事業の成果を用いたリチウムの増強は、年間50トン以上を対象とする。")],
            passage(
                2,
                "ネオジム磁石の増強は年間500トン以上を対象とする。"
                "ただし、本事業の成果を用いた増強は、年間100トン以上を対象とする。",
            ),
            "100トン",
        ),
        (
            "令和5年度の備蓄事業の予算額はいくらか。",
            [passage(1, "備蓄事業に100億円を計上した。", ("令和4年度予算",))],
            passage(2, "備蓄事業 120億円【100億円】"),  # its year in a column header
            "120億円",
        ),
        (
            "2023年度の備蓄事業の予算額はいくらか。",
            [passage(1, "備蓄事業に100億円を計上した。", ("令和4年度予算",))],
            passage(2, "備蓄事業 120億円【100億円】"),  # 2023年度 is also 2023年
            "120億円",
        ),
        (
            "令和5年度の備蓄事業の予算額はいくらか。",
            [passage(1, "令和4年度：備蓄事業 100億円", ("令和4年度・令和5年度の予算",))],
            passage(2, "令和5年度：備蓄事業 120億円", ("令和4年度・令和5年度の予算",)),
            "120億円",
        ),
        (
            "2025年の改定はいつ行われたか。",
            [passage(1, "令和6年3月29日に改定した。")],
            passage(2, "令和7年6月19日に改定した。"),  # 令和7年 is 2025
            "令和7年6月19日",
        ),
        (
            "違反の実績は過去何年の間が問われるか。",
            [passage(1, "国際的な基準に違反した実績がある者を対象とする。")],
            passage(2, "過去五年間において違反した実績がある者を対象とする。"),
            "五年間",
        ),
        (
            "取組は生産開始から何年以上続ける必要があるか。",
            [passage(1, "2025年10月28日に取組を開始した。")],
            passage(2, "取組は生産開始から5年以上続ける。"),
            "5年以上",
        ),
        (
            "国内で作っている企業はどのくらいにまで減っているか。",
            [passage(1, "国内で作っている企業は減っている。", ("国内企業",))],
            passage(2, "国内で作っている企業は数社にまで減っている。", ("国内企業",)),
            "数社",
        ),
        (
            "支援の対象とされるのはいつまでか。",
            [passage(1, "支援の対象を拡大する。")],
            passage(2, "供給源の開発が完了するまでの期間、支援の対象とする。"),
            "完了するまで",
        ),
        (
            "2012年度の技術開発ではエネルギー損失をどれだけ減らすか。",
            [passage(1, "平成２３年度の技術開発でエネルギー損失を１０％削減した。")],
            passage(2, "平成２４年度の技術開発でエネルギー損失を２５％削減する。"),
            "２５％",
        ),
        (
            "何日分を備蓄するかは、いくつの項目で評価して決めるか。",
            [passage(1, "備蓄目標は60日分とする。")],
            passage(2, "品目毎に5項目の定量評価により備蓄目標日数を整理する。"),
            "5項目",
        ),
        (
            "レアアースなどの代替供給を支援するため、最大いくらを動員するか。",
            [passage(1, "代替供給を支援する。")],
            passage(2, "代替供給プロジェクト支援のため最大30億ユーロを動員する。"),
            "30億ユーロ",
        ),
        (
            "ネオジム磁石工場の設備投資では、生産開始から何年以上取組を続けるか。",
            [passage(1, "サマリウムコバルト磁石の設備投資では、生産開始から3年以上とする。")],
            passage(2, "永久磁石等の設備投資による生産の開始から5年以上とする。"),
            "5年以上",
        ),
        (
            "フェライト磁石の世界生産に占める日本企業のシェアは何%か。",
            [passage(1, "ネオジム磁石の世界生産に占める日本企業のシェアは約15%である。")],
            passage(2, "フェライト磁石の世界生産に占める日本企業のシェアは約30%である。"),
            "30%",
        ),
        (
            "ネオジム磁石の設備投資に対する補助率は何%か。",
            [passage(1, "ネオジム磁石の設備投資では、日本企業のシェアは約15%である。")],
            passage(2, "ネオジム磁石の設備投資の補助率は2分の1（50%）とする。"),
            "50%",
        ),
        (
            "電動車のモーター1台に磁石は何キログラム使われるか。",
            [passage(1, "電動車のモーターには磁石が使われ、2030年に1万台を生産する。")],
            passage(2, "電動車のモーター1台に磁石が約1kg使われる。"),
            "1kg",
        ),
        (
            "インドネシアが鉱石の輸出を禁止したのはいつか。",
            [passage(1, "ニッケルは、2021年の貿易統計によると、インドネシアが約28%である。")],
            passage(2, "インドネシアは2020年1月に鉱石の輸出を禁止した。"),
            "2020年1月",
        ),
        (
            "日本とカナダが協力覚書を結んだのはいつか。",
            [passage(1, "2022年には豪州と協力覚書を結んだ。")],
            passage(2, "2023年にはカナダと協力覚書を結んだ。"),
            "2023年",
        ),
        (
            "EUは中国に頼らない供給を支援するため、最大いくらを動員するか。",
            [passage(1, "米国は代替供給を支援するため最大10億ドルを出資する。")],
            passage(2, "EUは代替供給を支援するため最大30億ユーロを動員する。"),
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
    abstained = small_answerer(without).ask(question)
    assert abstained.abstained and abstained.citations == ()
    assert [c.passage_id for c in abstained.nearest] == [p.passage_id for p in without]
    answered = small_answerer([*without, with_value]).ask(question)
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
    body = passage(1, "サイバーセキュリティの確保は、3年以内に対策を講じる。")
    assert small_answerer([body]).ask(question).abstained
    answer = small_answerer([body, CONTENTS]).ask(question)
    assert not answer.abstained and answer.answer == "第1節 サイバーセキュリティの確保\t39"
    assert answer.citations[0].passage_id == CONTENTS.passage_id


def test_a_line_of_the_table_of_contents_answers_nothing_but_a_page():
    question = "サイバーセキュリティの確保では何を求めているか。"
    assert small_answerer([CONTENTS]).ask(question).abstained
    body = passage(1, "サイバーセキュリティの確保では、対策を講じることを求める。")
    answer = small_answerer([CONTENTS, body]).ask(question)
    assert not answer.abstained and answer.citations[0].passage_id == body.passage_id


def test_a_line_naming_no_year_is_read_in_the_years_of_the_lines_before_it():
    # a list's name line, then its description: the year is the name's
    def strategy(n: int, year: int, amount: str) -> Passage:
        text = f"{year}年に向けた戦略\n蓄電池の基金に{amount}規模を措置した。"
        return Passage(f"{DOC}#l{n}", DOC, "list", ("第1章",), text, 0, len(text))

    question = "2030年の戦略で、蓄電池の基金に措置された規模はどれくらいか。"
    other_year = strategy(1, 2025, "1兆円")
    assert small_answerer([other_year]).ask(question).abstained
    answer = small_answerer([other_year, strategy(2, 2030, "2兆円")]).ask(question)
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
    row = passage(2, "タングステン １６ 超硬工具等 ８．８億")
    assert small_answerer([row]).ask(question).abstained
    header = passage(1, "鉱種 案件数 主な回収先 補助額")
    answer = small_answerer([header, row]).ask(question)
    assert not answer.abstained and value in answer.answer


def test_an_amount_of_another_year_is_no_subject_for_the_next_line():
    # joined to the next line (another item's 令和8年度 amount), 令和7年度's JOGMEC amount
    # answered what 令和8年度's was
    lines = "令和7年度予備費：JOGMEC出資金 390億円\n令和8年度当初予算案：助成金 125億円"
    question = analyse("令和8年度の当初予算案で、JOGMEC出資金はいくらか。")
    ranked = small_answerer([passage(1, lines)]).ranked(question)
    assert ranked and not any("390億円" in c.quote and "125億円" in c.quote for c in ranked)


@pytest.mark.parametrize(("opening", "joined"), [("また、", False), ("なお、", False), ("", True)])
def test_a_sentence_opening_a_statement_of_its_own_is_not_the_figure_of_the_one_before(
    opening, joined
):
    # また、 the figure of another law: not the budget of the one the question asks about
    first = "2020年の法では、研究開発への支援措置が発表された。"
    text = f"{first}{opening}その予算は約70億ドルである。"
    question = analyse("2020年の法の研究開発への支援には、どれだけの予算が付けられたか。")
    ranked = small_answerer([passage(1, text)]).ranked(question)
    both = [c for c in ranked if "支援措置" in c.quote and "70億ドル" in c.quote]
    assert bool(both) is joined


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
    body = passage(2, unit)
    assert small_answerer([body]).ask(question).abstained
    answer = small_answerer([passage(1, lead), body]).ask(question)
    assert not answer.abstained and value in answer.answer


def test_a_value_only_the_leading_line_gives_is_cited_first():
    """A list may date what its items state once, above them, with dots: asked when, the
    answer cites that line, then the item."""
    lead = passage(1, "(2026.1.6)")
    item = passage(2, "日本向けのすべてのデュアルユース品目の輸出を禁止。")
    question = "日本向けのデュアルユース品目の輸出を禁止したのはいつか。"
    assert small_answerer([item]).ask(question).abstained
    answer = small_answerer([lead, item]).ask(question)
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
    gloss = passage(1, text, section)
    answerer = small_answerer([gloss], headings={(DOC, section): heading})
    answer = answerer.ask("つなぎ目のない鋼管で、石油の掘削に使うものは何と紹介されているか。")
    assert not answer.abstained
    assert answer.answer.startswith("シームレス鋼管\n") is named
    assert (answer.citations[0].quote == "シームレス鋼管") is named


def test_only_a_line_ending_no_sentence_under_the_same_heading_leads():
    passages = [
        passage(1, "見出しの前の箇条"),
        Passage(f"{DOC}#h", DOC, "heading", ("第1章",), "第1章", 0, 3),
        passage(2, "箇条の親"),
        passage(3, "箇条の子。"),
        passage(4, "段落は文で終わる。"),  # ends a sentence: leads to nothing
        passage(5, "次の段落。"),
        passage(6, "別の節の文。", ("第2章",)),
    ]
    leads = leading(passages)
    assert {k: v.passage_id for k, v in leads.items()} == {f"{DOC}#p3": f"{DOC}#p2"}


def test_a_passage_gives_at_most_two_of_the_units_cited():
    first = passage(
        1,
        "リチウムの備蓄の目標を定める。リチウムの備蓄の目標を見直す。リチウムの備蓄の目標を示す。",
    )
    second = passage(2, "リチウムの目標を定める。")
    answer = small_answerer([first, second]).ask("リチウムの備蓄の目標は何か。")
    assert [c.passage_id for c in answer.citations] == [
        first.passage_id,
        first.passage_id,
        second.passage_id,
    ]
    assert [c.quote for c in answer.citations[:2]] == [
        "リチウムの備蓄の目標を定める。",
        "リチウムの備蓄の目標を見直す。",
    ]


def test_a_note_that_glosses_a_marked_word_answers_with_the_marked_line():
    slide = passage(
        1, "（半導体のサブストレート※\n等の絶縁材料等に使用）\n※ 半導体チップをパッケージする基板"
    )
    answer = small_answerer([slide]).ask("半導体チップをパッケージする基板は何と呼ばれているか。")
    assert answer.answer.startswith("（半導体のサブストレート※")
    assert answer.answer.endswith("※ 半導体チップをパッケージする基板")
    assert answer.citations[0].quote == answer.answer and answer.answer in slide.text


@pytest.mark.parametrize(
    ("question", "note_first"),
    [
        ("ウラン燃料の需要が約2倍に増える見込みは、どの機関の報告書を出典にしているか。", True),
        ("ウラン燃料の需要が約2倍に増える見込みは、注ではどの資料によるとされているか。", True),
        ("ウラン燃料の需要は、どれくらい増加すると見込まれているか。", False),
        # 根拠 is also what a statement names: the notice a control rests on
        ("ウラン燃料の需要が約2倍に増えるという見込みの根拠は何か。", False),
    ],
)
def test_a_note_asked_of_a_statement_is_cited_before_it(question, note_first):
    """Asked the source of a forecast the question restates, the answer is its footnote; the
    statement, which holds the question's words, is cited after it."""
    said = "原子力発電市場の拡大に伴い、ウラン燃料需要も約2倍に増加すると見込まれている。"
    source = "OECD-NEA「Uranium 2022」"
    statement = Passage(
        f"{DOC}#p1", DOC, "body", ("第1章",), said, 0, len(said), footnotes=(f"{DOC}#p9",)
    )
    note = Passage(f"{DOC}#p9", DOC, "footnote", ("第1章",), source, 900, 900 + len(source))
    notes = find_notes([statement, note])
    answer = small_answerer([statement, note], notes=notes).ask(question)
    quotes = [c.quote for c in answer.citations[:2]]
    assert quotes == ([note.text, statement.text] if note_first else [statement.text, note.text])


def test_the_note_asked_is_one_the_sentence_the_question_restates_marks():
    """A passage marks a note in each sentence; asked the source of one sentence's figure,
    the answer is that sentence's note, though the other note shares a word of the question."""
    said = "国内のサマリウム需要は80トン程度とされる。中国の生産量は2,400トンとされている。"
    first = Passage(
        f"{DOC}#n1", DOC, "footnote", ("第1章",), "JOGMEC「マテリアルフロー」", 900, 915
    )
    other = "中国の報告書「出口商品技術指南」"
    second = Passage(f"{DOC}#n2", DOC, "footnote", ("第1章",), other, 920, 920 + len(other))
    marks = ((said.index("とされる。"), first.passage_id), (len(said) - 1, second.passage_id))
    statement = Passage(
        f"{DOC}#p1",
        DOC,
        "body",
        ("第1章",),
        said,
        0,
        len(said),
        footnotes=(first.passage_id, second.passage_id),
        footnote_marks=marks,
    )
    passages = [statement, first, second]
    answer = small_answerer(passages, notes=find_notes(passages)).ask(
        "国内のサマリウム需要が80トン程度とされる数字は、どの報告書を出典にしているか。"
    )
    assert [c.quote for c in answer.citations[:2]] == [first.text, said[: said.index("中国")]]
