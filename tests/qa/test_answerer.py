import pytest

from policy_kg.qa.answerer import MAX_QUESTION_CHARS, QuestionError


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
