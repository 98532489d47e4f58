"""The answer contract and abstention: quotes and JSON on the real corpus, refused questions,
the calibrated confidence against the fitted threshold, and names no document writes."""

import pytest

from policy_kg.nlp.names import name_finder
from policy_kg.nlp.userdict import system_tokenizer
from policy_kg.qa.answerer import MAX_QUESTION_CHARS, QuestionError
from policy_kg.qa.ranker_model import DECISION_INPUTS, LinearScorer

from .small_answerer import UNSURE, passage, small_answerer


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


def test_an_abstention_on_the_real_corpus_lists_the_nearest_passages(runtime):
    # no candidate holds a tonnage for crude steel: an abstention whatever the threshold
    answer = runtime.ask("日本の2030年の粗鋼生産目標は何トンか。")
    assert answer.abstained and answer.nearest
    for citation in answer.nearest:
        assert citation.quote in _passage_text(runtime, citation.passage_id)


# --- the fitted threshold, on small made-up passages ---


def test_the_calibration_reads_the_best_candidates_own_features():
    # confident only when the best sentence states a number: the same question, answered
    # over a passage that does, abstained over one that does not
    size = len(DECISION_INPUTS)
    weights = tuple(10.0 if name == "has_digit" else 0.0 for name in DECISION_INPUTS)
    digits = LinearScorer((0.0,) * size, (1.0,) * size, weights, -5.0)
    question = "国内生産の割合はどうなっているか。"
    stated = small_answerer([passage(1, "国内生産の割合は15%である。")], digits).ask(question)
    vague = small_answerer([passage(1, "国内生産の割合は増えている。")], digits).ask(question)
    assert not stated.abstained and stated.confidence > 0.99
    assert vague.abstained and vague.confidence < 0.01


def test_below_the_fitted_threshold_it_abstains_and_shows_what_it_looked_at():
    passages = [passage(1, "国内生産の割合は15%である。"), passage(2, "備蓄を進める。")]
    sure = small_answerer(passages).ask("国内生産の割合は何%か。")
    unsure = small_answerer(passages, UNSURE).ask("国内生産の割合は何%か。")
    assert not sure.abstained and sure.confidence is not None and sure.confidence > 0.5
    assert unsure.abstained and unsure.confidence is not None and unsure.confidence < 0.5
    assert {c.passage_id for c in unsure.nearest} == {p.passage_id for p in passages}
    assert all(c.quote in passages[int(c.passage_id[-1]) - 1].text for c in unsure.nearest)
    record = unsure.to_json()
    assert record["nearest"] and record["citations"] == []


# --- names no document writes ---

NAMES = name_finder(system_tokenizer())


def test_a_question_naming_what_no_document_names_is_not_answered():
    passages = [passage(1, "JOGMECの出資額は1,100億円である。"), passage(2, "備蓄を進める。")]
    question = "TSMCの熊本工場への出資額はいくらか。"
    assert not small_answerer(passages).ask(question).abstained  # a neighbouring subject's amount
    answer = small_answerer(passages, names=NAMES).ask(question)
    assert answer.abstained and answer.citations == () and answer.confidence == 0.0
    assert "「TSMC」「熊本」は、どの文書にも出てきません" in answer.answer
    assert {c.passage_id for c in answer.nearest} == {p.passage_id for p in passages}


def test_a_name_the_documents_write_answers_as_before():
    passages = [passage(1, "ＪＯＧＭＥＣの出資額は1,100億円である。")]
    answer = small_answerer(passages, names=NAMES).ask("JOGMECの出資額はいくらか。")
    assert not answer.abstained and "1,100億円" in answer.answer


def test_a_name_the_documents_write_under_its_bracketed_gloss_is_known():
    passages = [passage(1, "粗鋼生産のシェアは、CIS 7%である。")]
    answerer = small_answerer(passages, names=NAMES)
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
