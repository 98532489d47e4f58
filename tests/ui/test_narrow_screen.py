"""The UI on a phone (390 px wide): every tab reachable, Compare stacked, the timeline
scrolled rather than shrunk; screenshots at both widths under tests/artifacts/screenshots/."""

from __future__ import annotations

TABS = ("質問 Ask", "鉱物の追跡 Trace", "比較 Compare", "グラフ Explore", "SPARQL")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 1000}
# two documents that share no template: the worst case for Compare's height
UNRELATED = ("critical-minerals-policy@2026-03-30", "materials-strategy-issues@2026-02-19")


def test_every_tab_is_reachable_on_a_phone(ui):
    ui.page.set_viewport_size(PHONE)
    for name in TABS:
        tab = ui.page.get_by_role("tab", name=name)
        assert tab.is_visible(), name
        tab.click()
        assert tab.get_attribute("aria-selected") == "true"
    ui.screenshot("narrow-tabs")


def test_compare_on_a_phone_stays_within_three_times_its_desktop_height(ui):
    page = ui.page
    page.get_by_role("tab", name="比較 Compare").click()
    for selector, doc_id in zip(("#compare-a input", "#compare-b input"), UNRELATED, strict=True):
        page.fill(selector, doc_id)
        page.press(selector, "Enter")
    page.click("#compare-button")
    page.locator("#compare-result .pkg-diff").wait_for()
    assert "share no template" in page.inner_text("#compare-result")
    desktop = _page_height(ui)
    ui.screenshot("compare-desktop")
    page.set_viewport_size(PHONE)
    phone = _page_height(ui)
    ui.screenshot("compare-narrow")
    assert phone <= 3 * desktop, (phone, desktop)


def test_the_timeline_scrolls_sideways_on_a_phone(ui):
    page = ui.page
    page.set_viewport_size(PHONE)
    page.get_by_role("tab", name="鉱物の追跡 Trace").click()
    page.fill("#trace-mineral input, #trace-mineral textarea", "ジスプロシウム")
    page.click("#trace-button")
    page.locator("#trace-timeline svg.pkg-timeline").wait_for()
    box = page.locator("#trace-timeline svg.pkg-timeline").bounding_box()
    assert box["width"] >= 700  # drawn at its own width, not squeezed into 390 px
    scroller = page.locator("#trace-timeline .pkg-timeline-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    ui.screenshot("trace-narrow")


def _page_height(ui) -> int:
    ui.settle()
    return ui.page.evaluate("document.documentElement.scrollHeight")
