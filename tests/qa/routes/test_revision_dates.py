import pytest

from policy_kg.qa.question import analyse
from policy_kg.qa.routes.revision_dates import RevisionDateRoute

from .conftest import assert_cited_verbatim


def _ask(context, question: str):
    route = RevisionDateRoute(context)
    match = route.matches(analyse(question))
    return None if match is None else route.answer(match)


@pytest.mark.parametrize(
    "question",
    [
        "重要鉱物の取組方針はいつから適用されるか。",
        "重要鉱物の取組方針の現行版が効力を持つのはいつからか。",  # the text says 適用
        "重要鉱物の取組方針の現行版は、いつから使われることになっているか。",
        "2026年3月に改められた重要鉱物の取組方針は、何日から適用されるか。",
    ],
)
def test_the_day_a_policy_applies_from(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer.splitlines()[0] == "令和8年3月30日"
    assert answer.citations[0].quote.endswith("令和8年3月30日から適用する。")
    assert_cited_verbatim(runtime, answer)


def test_the_day_a_framework_was_signed(runtime, context):
    answer = _ask(context, "日米枠組みはいつ署名されたか。")
    assert answer is not None
    assert answer.answer.splitlines()[0] == "2025年10月28日"
    assert "署名" in answer.citations[0].quote
    assert answer.citations[0].doc_id == "japan-us-minerals-framework@2025-10-28"
    assert_cited_verbatim(runtime, answer)


@pytest.mark.parametrize(
    "question",
    [
        "重要鉱物の取組方針の最新の改定はいつか。",
        "重要鉱物の取組方針が最後に改定されたのはいつか。",
        "重要鉱物の取組方針の直近の改定日はいつか。",
    ],
)
def test_the_latest_revision(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer.splitlines()[0] == "令和8年3月30日改定"
    assert_cited_verbatim(runtime, answer)


def test_how_many_revisions_followed_the_first_issue(runtime, context):
    answer = _ask(context, "重要鉱物の取組方針は何回改定されたか。")
    assert answer is not None
    assert answer.answer.splitlines()[0] == (
        "3回（令和6年3月29日改定、令和7年6月19日改定、令和8年3月30日改定）"
    )
    assert [c.quote for c in answer.citations] == [
        "令和6年3月29日改定",
        "令和7年6月19日改定",
        "令和8年3月30日改定",
    ]
    assert_cited_verbatim(runtime, answer)
    # 何度目 asks which revision, not how many
    match = RevisionDateRoute(context).matches(analyse("何度目の改定で対象が増えたか。"))
    assert match is None or match.act != "count"


@pytest.mark.parametrize(
    "question",
    [
        "重要鉱物の取組方針が最初に策定されたのはいつか。",
        # a revision named as the point before which, the first issue asked as 定められた
        "重要鉱物の取組方針は、今回の改定より前、最初はいつ定められたものか。",
        "重要鉱物の取組方針は、今回の改定より前、最初はいつ決められたものか。",
    ],
)
def test_the_first_issue_is_cited_from_the_title_block(runtime, context, question):
    """The first issue (令和5年1月19日) is written only in the title block, a title passage."""
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer == "令和5年1月19日"
    assert answer.citations[0].section == "表題"
    assert answer.facts[0].object == "2023-01-19"
    assert_cited_verbatim(runtime, answer)


@pytest.mark.parametrize(
    "question",
    [
        "重要鉱物の取組方針の最初の改定はいつ行われたか。",
        # the first issue named as the point after which, not asked for
        "重要鉱物の取組方針は策定されてから最初にいつ改定されたか。",
        "重要鉱物の取組方針は定められたあと、最初にいつ改定されたか。",
        "重要鉱物の取組方針を策定した後、最初に改定したのはいつか。",
        "重要鉱物の取組方針は制定してから初めていつ改定されたか。",
        # 改められた for 改定された
        "重要鉱物の取組方針が、最初に定められたあと初めて改められたのはいつか。",
    ],
)
def test_the_first_revision_is_not_the_first_issue(runtime, context, question):
    answer = _ask(context, question)
    assert answer is not None
    assert answer.answer == "令和6年3月29日改定"
    assert_cited_verbatim(runtime, answer)


def test_the_nth_revision_counts_revisions_after_the_first_issue(runtime, context):
    second = _ask(context, "重要鉱物の取組方針が2回目に改定されたのはいつか。")
    assert second is not None and second.answer == "令和7年6月19日改定"
    assert_cited_verbatim(runtime, second)
    # the series has three revisions: a fifth is left to the text answerer
    assert _ask(context, "重要鉱物の取組方針が五度目に改定されたのはいつか。") is None


def test_a_revision_asked_in_everyday_words(runtime, context):
    # 見直された for 改定された
    second = _ask(context, "重要鉱物の取組方針が2回目に見直されたのはいつか。")
    assert second is not None and second.answer == "令和7年6月19日改定"
    assert_cited_verbatim(runtime, second)
    count = _ask(context, "重要鉱物の取組方針は何回見直されたか。")
    assert count is not None and count.answer.startswith("3回")
    # a review to come is no revision date
    assert _ask(context, "重要鉱物の取組方針で、対象鉱種はいつ見直されるか。") is None


def test_the_revision_after_and_before_a_named_year(runtime, context):
    after = _ask(context, "重要鉱物の取組方針は、2024年の改定の次にはいつ改定されたか。")
    before = _ask(context, "重要鉱物の取組方針の2025年の改定の前の改定はいつか。")
    assert after is not None and before is not None
    assert after.answer == "令和7年6月19日改定"
    assert before.answer == "令和6年3月29日改定"
    assert_cited_verbatim(runtime, after)
    # the year named in 和暦 (令和7年 is 2025)
    era = _ask(context, "重要鉱物の取組方針の令和7年の改定の次の改定はいつか。")
    assert era is not None and era.answer == "令和8年3月30日改定"
    # the latest, named by its date, and the one before it
    latest = "重要鉱物の取組方針の最新版（令和8年3月30日改定）の一つ前の版は、いつ改められたか。"
    before_latest = _ask(context, latest)
    assert before_latest is not None and before_latest.answer == "令和7年6月19日改定"


@pytest.mark.parametrize(
    ("question", "revision"),
    [
        ("重要鉱物の取組方針について、2025年に行われた改定は何月何日付か。", "令和7年6月19日改定"),
        ("重要鉱物の取組方針の令和6年の改定はいつ行われたか。", "令和6年3月29日改定"),
    ],
    ids=["western-year", "era-year"],
)
def test_the_revision_of_a_named_year(runtime, context, question, revision):
    answer = _ask(context, question)
    assert answer is not None and answer.answer == revision
    assert_cited_verbatim(runtime, answer)


def test_no_revision_in_the_named_year_goes_to_text(context):
    assert _ask(context, "重要鉱物の取組方針の2023年の改定はいつか。") is None


def test_no_revision_after_the_latest_goes_to_text(context):
    assert _ask(context, "重要鉱物の取組方針の2026年の改定の次の改定はいつか。") is None


def test_a_length_of_time_is_no_date_of_a_revision(context):
    # 何年 and the kind of text (取組方針) and 改訂 are there, but 最低何年続ける asks how long
    question = "永久磁石の取組方針（改訂案）で、量産が始まってから最低何年続けることが求められるか"
    assert RevisionDateRoute(context).matches(analyse(question)) is None


def test_declines_for_dates_no_passage_states(no_facts):
    assert _ask(no_facts, "重要鉱物の取組方針はいつから適用されるか。") is None


def test_declines_when_no_document_is_named(context):
    assert _ask(context, "G7が重要鉱物行動計画を策定したのはいつか。") is None


def test_declines_when_the_question_does_not_name_the_kind_of_text(context):
    # shares 分野 and 鉱物 with the slide deck's title, not its kind (方向性)
    question = "日本とチリの鉱業・鉱物資源分野の協力覚書が最初に結ばれたのは何年何月か"
    assert _ask(context, question) is None


def test_an_enforcement_order_asked_of_is_no_day_a_policy_applies_from(context):
    question = "重要鉱物の取組方針が引いている経済安全保障推進法の施行令は、何年の政令第何号か。"
    assert RevisionDateRoute(context).matches(analyse(question)) is None
