"""In the browser: Enter asks; a user's error is shown under its input, in Japanese with the
English beside, keeps the previous result, and offers close names that fill the input."""

from __future__ import annotations

NICKEL_QUESTION = "ニッケルについて、2030年までにどれだけの量を確保することを目標としているか。"


def test_enter_asks_the_question(ui):
    ui.page.fill("#ask-question textarea", NICKEL_QUESTION)
    ui.page.press("#ask-question textarea", "Enter")
    ui.page.locator("#ask-answer .pkg-citations").wait_for()
    assert "ニッケル" in ui.page.inner_text("#ask-answer")


def test_an_unknown_mineral_is_said_inline_and_the_previous_trace_stays(ui):
    page = ui.page
    page.get_by_role("tab", name="鉱物の追跡 Trace").click()
    field = "#trace-mineral input, #trace-mineral textarea"
    page.fill(field, "ガリウム")
    page.click("#trace-button")
    page.locator("#trace-details .pkg-appearance").first.wait_for()
    page.fill(field, "ネオジウン")
    page.click("#trace-button")
    page.locator("#trace-error .pkg-notice-error").wait_for()
    error = page.inner_text("#trace-error")
    assert "鉱物「ネオジウン」は見つかりません" in error and "unknown mineral" in error
    assert "ガリウム" in page.inner_text("#trace-details h3")  # the previous result stays
    page.locator("#trace-suggestions button", has_text="ネオジウム").first.click()
    page.wait_for_function(
        "document.querySelector('#trace-details h3')?.innerText.includes('ネオジム')"
    )
    assert page.inner_text("#trace-error").strip() == ""
    ui.screenshot("trace-error")


def test_explore_offers_close_names_too(ui):
    page = ui.page
    page.get_by_role("tab", name="グラフ Explore").click()
    page.fill("#explore-key input, #explore-key textarea", "JOGMCE")
    page.click("#explore-button")
    page.locator("#explore-error .pkg-notice-error").wait_for()
    assert "見つかりません" in page.inner_text("#explore-error")
    assert page.locator("#explore-suggestions button", has_text="JOGMEC").count() >= 1
