import pytest

from policy_kg.index.lexical import LexicalIndex
from policy_kg.qa.described import DescribedMinerals
from policy_kg.qa.question import analyse


@pytest.fixture(scope="module")
def described(runtime):
    return DescribedMinerals(runtime.graph_context, LexicalIndex.load(runtime.build.lexical).idf)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        (
            "レドックスフロー電池の原料になる金属の鉱石は、何割を中国が占めるか。",
            "金属（バナジウム）の鉱石",
        ),
        ("原子力発電の燃料になる鉱物はいつまで対象か。", "鉱物（ウラン）は"),
        # a list of eight minerals for 超硬工具等 also matches; the statement of that use alone wins
        ("超硬工具の原料になる金属と一緒に規制された元素は。", "金属（タングステン）と"),
    ],
)
def test_a_mineral_described_by_its_use_is_named(runtime, described, question, named):
    result = described.name(analyse(question))
    assert named in result.question.text
    mineral = named.split("（")[1].split("）")[0]
    assert result.sources and all(mineral in c.quote for c in result.sources)
    for source in result.sources:
        assert source.quote in runtime.passage(source.passage_id).text


@pytest.mark.parametrize(
    "question",
    [
        "光ファイバーに使われる金属ゲルマニウムは、何割を中国から輸入しているか。",  # named already
        "宇宙望遠鏡の鏡に使われる金属は何か。",  # no stated use matches
        "レアアースの輸入は何割を中国に頼っているか。",  # no use described
    ],
)
def test_a_question_naming_or_describing_no_mineral_is_left_as_asked(described, question):
    asked = analyse(question)
    result = described.name(asked)
    assert result.question is asked and not result.sources


@pytest.mark.parametrize(
    ("question", "mineral", "stated"),
    [
        (
            "レドックスフロー電池の原材料となる金属の鉱石生産で、中国のシェアはどれくらいか。",
            "バナジウム",
            "7割",
        ),
        ("原子力発電の燃料になる鉱物は、どの国からの輸入に頼っているか。", "ウラン", "輸入に依存"),
    ],
)
def test_an_answer_cites_the_described_mineral_in_the_askers_words(
    runtime, question, mineral, stated
):
    answer = runtime.ask(question)
    assert answer.question == question and not answer.abstained
    assert mineral in answer.citations[0].quote and stated in answer.citations[0].quote
    # the sentence stating the use, after the answer's own
    assert "電池" in answer.citations[-1].quote or "原子力" in answer.citations[-1].quote
