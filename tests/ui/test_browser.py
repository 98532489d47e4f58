"""End to end in headless Chromium: each tab against the live server, with a screenshot of
each under tests/artifacts/screenshots/, and no request leaving the machine."""

from __future__ import annotations

import re

NICKEL_QUESTION = "ニッケルについて、2030年までにどれだけの量を確保することを目標としているか。"
GALLIUM_EXAMPLE = "documents mentioning ガリウム, oldest first"


def _open_tab(ui, name: str) -> None:
    ui.page.get_by_role("tab", name=name).click()


def test_ask_shows_the_answer_with_numbered_expandable_citations(ui):
    page = ui.page
    page.fill("#ask-question textarea", NICKEL_QUESTION)
    page.click("#ask-button")
    citations = page.locator("#ask-answer .pkg-citations > li")
    citations.first.wait_for()
    assert "ニッケル約" in page.inner_text("#ask-answer .pkg-answer-text")
    first = citations.first
    assert first.locator(".pkg-cite-no").inner_text() == "[1]"
    assert "重要鉱物に係る安定供給確保を図るための取組方針" in first.inner_text()
    assert " > " in first.locator(".pkg-cite-section").inner_text()
    assert "ニッケル約" in first.locator("mark").inner_text()  # the first citation is open
    first.locator("summary").click()
    assert not first.locator("mark").is_visible()
    ui.screenshot("ask")
    assert ui.offsite() == []


def test_an_unsupported_question_is_answered_with_a_plain_abstention(ui):
    ui.page.fill("#ask-question textarea", "日本の2030年の粗鋼生産目標は何トンか。")
    ui.page.click("#ask-button")
    ui.page.locator("#ask-answer .pkg-notice-abstain").wait_for()
    assert "回答できません" in ui.page.inner_text("#ask-answer")


def test_trace_draws_a_timeline_with_gaps_and_lists_each_appearance(ui):
    _open_tab(ui, "鉱物の追跡 Trace")
    ui.page.fill("#trace-mineral input, #trace-mineral textarea", "ネオジウム")
    ui.page.click("#trace-button")
    ui.page.locator("#trace-timeline svg.pkg-timeline").wait_for()
    assert ui.page.locator("#trace-timeline circle.pkg-gap").count() >= 2  # + legend
    details = ui.page.inner_text("#trace-details")
    assert "ネオジム" in details and "初出" in details and "本文のない改定" in details
    assert ui.page.locator("#trace-details .pkg-appearance").count() >= 3
    ui.screenshot("trace")
    assert ui.offsite() == []


def test_compare_shows_two_revisions_side_by_side_with_inline_changes(ui):
    _open_tab(ui, "比較 Compare")
    old, new = ui.server.revisions
    assert old in ui.page.input_value("#compare-a input")
    assert new in ui.page.input_value("#compare-b input")
    ui.page.click("#compare-button")
    ui.page.locator("#compare-result .pkg-diff").wait_for()
    assert "エンティティの差分" in ui.page.inner_text("#compare-result")
    assert "ニッケル" in ui.page.inner_text("#compare-result .pkg-deltas .pkg-chip-changed")
    changed = ui.page.locator("#compare-result tr.pkg-sec-changed")
    assert (
        changed.count() == 1 and "第2節 重要鉱物の安定供給確保に関する目標" in changed.inner_text()
    )
    assert ui.page.locator("#compare-result del").first.inner_text() == "9"
    assert ui.page.locator("#compare-result ins").first.inner_text() == "12"
    ui.screenshot("compare")
    assert ui.offsite() == []


def test_explore_shows_an_entity_with_neighbours_and_quoted_facts(ui):
    _open_tab(ui, "グラフ Explore")
    ui.page.fill("#explore-key input, #explore-key textarea", "リチウム")
    ui.page.click("#explore-button")
    ui.page.locator("#explore-page .pkg-entity-head").wait_for()
    assert "リチウム" in ui.page.inner_text("#explore-page h3")
    assert ui.page.locator("#explore-page svg.pkg-graph circle").count() >= 2
    assert ui.page.locator("#explore-page .pkg-facts mark").count() >= 1
    ui.screenshot("explore")
    assert ui.offsite() == []


def test_sparql_runs_a_documented_example_into_a_table_and_a_download(ui):
    page = ui.page
    _open_tab(ui, "SPARQL")
    page.click("#sparql-examples input")
    page.get_by_role("option", name=GALLIUM_EXAMPLE).click()
    page.wait_for_function("document.querySelector('#sparql-query').innerText.includes('ガリウム')")
    page.click("#sparql-button")
    page.locator("#sparql-summary", has_text="行 rows").wait_for()
    ui.settle()
    assert re.search(r"[1-9]\d* 行 rows", page.inner_text("#sparql-summary"))
    assert "docId" in page.inner_text("#sparql-table")
    assert "materials-strategy-issues@2026-02-19" in page.inner_text("#sparql-table")
    link = page.locator("#sparql-download a[href*='results-']").first.get_attribute("href")
    assert link.endswith(".srj.json")
    downloaded = page.request.get(link if link.startswith("http") else ui.server.url + link)
    assert downloaded.ok and downloaded.json()["head"]["vars"][0] == "docId"
    ui.screenshot("sparql")
    assert ui.offsite() == []


def test_the_browser_requests_nothing_outside_the_machine(ui):
    for tab in ("鉱物の追跡 Trace", "比較 Compare", "グラフ Explore", "SPARQL", "質問 Ask"):
        _open_tab(ui, tab)
    ui.page.fill("#ask-question textarea", NICKEL_QUESTION)
    ui.page.click("#ask-button")
    ui.page.locator("#ask-answer .pkg-citations").wait_for()
    ui.page.wait_for_load_state("networkidle")
    assert ui.requests and ui.offsite() == []
