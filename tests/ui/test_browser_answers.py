"""In headless Chromium against the live server: Ask shows the value asked for before its
sentence and marks only the value in the quote, its [n] markers open their citations; the
rows of an Explore page name what each fact is about, and a named entity opens its page."""

from __future__ import annotations

NICKEL_QUESTION = "ニッケルについて、2030年までにどれだけの量を確保することを目標としているか。"
# answered from the graph (the revision dates of the series) with three citations, whatever
# the fitted sentence ranker decides
REVISIONS_QUESTION = "重要鉱物の取組方針はいつ改定されたか。"
MEASURE = "製錬等事業支援"
HEADING_STARTS_WITH = (
    "name => document.querySelector('#explore-page h3')?.innerText.startsWith(name)"
)


def _ask(ui, question: str) -> None:
    ui.page.fill("#ask-question textarea", question)
    ui.page.click("#ask-button")
    ui.page.locator("#ask-answer .pkg-citations").first.wait_for()
    ui.settle()


def test_ask_shows_the_value_first_and_marks_only_it_in_the_cited_passage(ui):
    _ask(ui, NICKEL_QUESTION)
    page = ui.page
    value = page.locator("#ask-answer .pkg-answer-value")
    sentence = page.locator("#ask-answer .pkg-answer-text")
    assert value.inner_text().startswith("ニッケル")
    assert value.bounding_box()["y"] < sentence.bounding_box()["y"]
    first = page.locator("#ask-cite-1")
    marks = first.locator("mark")
    assert marks.count() == 1 and marks.first.is_visible()
    marked = marks.first.inner_text()
    cited = first.locator(".pkg-cited").inner_text()
    assert marked.startswith("ニッケル約") and marked.endswith("トン／年")
    assert len(marked) * 10 < len(cited)  # the value, not the 300-character paragraph
    ui.screenshot("ask-value")


def test_a_citation_marker_opens_its_citation_and_the_first_is_open(ui):
    _ask(ui, REVISIONS_QUESTION)
    page = ui.page
    assert page.locator("#ask-answer .pkg-ref a").count() >= 2
    assert page.locator("#ask-cite-1 > details").get_attribute("open") is not None
    second = page.locator("#ask-cite-2 > details")
    assert second.get_attribute("open") is None
    page.locator("#ask-answer .pkg-ref a", has_text="[2]").click()
    page.wait_for_function("document.querySelector('#ask-cite-2 > details').open")
    assert second.locator(".pkg-cited").is_visible()


def _explore(ui, key: str) -> None:
    ui.page.get_by_role("tab", name="グラフ Explore").click()
    ui.page.fill("#explore-key input, #explore-key textarea", key)
    ui.page.click("#explore-button")
    ui.page.locator("#explore-page .pkg-fact-row").first.wait_for()
    ui.settle()


def test_explore_rows_name_the_mineral_each_coverage_is_about(ui):
    _explore(ui, MEASURE)
    page = ui.page
    rows = page.locator("#explore-page .pkg-fact-row")
    texts = rows.all_inner_texts()
    assert len(texts) > 10
    assert all(row.locator("a.pkg-entity").count() >= 1 for row in rows.all())
    named = page.locator("#explore-page .pkg-fact-row a.pkg-entity").all_inner_texts()
    assert len(set(named)) > 10  # which mineral, not 56 times "measure coverage"
    heading = page.locator("#explore-page .pkg-fact-kind h5").first.inner_text()
    assert heading.startswith("施策の対象鉱種")
    assert "重要鉱物に係る安定供給確保を図るための取組方針" in page.inner_text(
        "#explore-page .pkg-fact-doc"
    )
    ui.screenshot("explore-rows")


def test_a_named_entity_opens_its_page_from_a_row_and_from_the_graph(ui):
    _explore(ui, MEASURE)
    page = ui.page
    link = page.locator("#explore-page .pkg-fact-row a.pkg-entity").first
    mineral = link.inner_text()
    link.click()
    page.wait_for_function(HEADING_STARTS_WITH, arg=mineral)
    node = page.locator("#explore-page svg.pkg-graph .pkg-node-link").first
    neighbour = node.locator("title").first.text_content().rsplit(": ", 1)[-1]
    node.click()
    page.wait_for_function(HEADING_STARTS_WITH, arg=neighbour)
    assert ui.offsite() == []


def test_an_abstention_keeps_its_related_passages_apart_from_any_answer(ui):
    _ask(ui, "日本の2030年の粗鋼生産目標は何トンか。")
    page = ui.page
    assert "回答できません" in page.inner_text("#ask-answer .pkg-notice-abstain")
    nearest = page.locator("#ask-answer section.pkg-nearest")
    assert "関連する記述" in nearest.locator("h4").inner_text()
    assert nearest.locator(".pkg-citations > li").count() >= 1
    assert page.locator("#ask-answer .pkg-answer-value, #ask-answer .pkg-ref").count() == 0
