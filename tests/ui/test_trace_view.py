import re

from policy_kg.ui.timeline import revision_date, timeline_svg
from policy_kg.ui.trace_view import trace_html


def _citation(doc_id: str, passage: str, quote: str, via: str | None = None) -> dict:
    return {
        "doc_id": doc_id,
        "revision": doc_id.partition("@")[2],
        "section": "第1章 概要",
        "passage_id": f"{doc_id}#{passage}",
        "quote": quote,
        "names_mineral": via is None,
        "via": via,
    }


def _target(text: str, quote: str) -> dict:
    return {"text": text, "quote": quote}


def _appearance(doc_id: str, measures: list[str], targets: list[dict], citations: list) -> dict:
    series, _, revision = doc_id.partition("@")
    return {
        "doc_id": doc_id,
        "series": series,
        "revision": revision,
        "measures": measures,
        "programme_scope": ["取組の対象範囲: 法令上の対象 legal scope"] if measures else [],
        "covered_as": [],
        "targets": [t["text"] for t in targets],
        "target_facts": targets,
        "export_controls": [],
        "export_control_facts": [],
        "supply_shares": [],
        "citations": citations,
        "citations_shown": len(citations),
        "naming_citations": len(citations),
        "citations_total": len(citations),
    }


def _step(revision: str, doc_id: str | None, state: str, changes: list[str] = ()) -> dict:
    return {
        "revision": revision,
        "label": f"{revision}改定",
        "doc_id": doc_id,
        "state": state,
        "changes": list(changes),
    }


OLD = _appearance("magnets@2011-12", [], [], [_citation("magnets@2011-12", "p1", "ネオジム磁石")])
NEW = _appearance(
    "magnets@2025",
    ["製造設備の能力増強"],
    [_target("ネオジム 約2万トン（約20000トン） — 2030年まで", "ネオジム約2万トンを確保")],
    [_citation("magnets@2025", "q1", "ネオジムの需要")],
)
STEPS = [
    _step("2011-12", "magnets@2011-12", "named", ["初めて記載 / first named"]),
    _step("2020-03", None, "no_text"),
    _step("2025", "magnets@2025", "named", ["施策に追加 / joined measure: 製造設備の能力増強"]),
    _step(
        "2026", "magnets@2026", "not_named", ["記載なし（前の改定では記載あり） / no longer named"]
    ),
]
TRACE = {
    "mineral": {
        "iri": "https://w3id.org/policy-kg/id/mineral/neodymium",
        "label": "ネオジム",
        "aliases": ["ネオジウム", "Nd"],
    },
    "first_seen": OLD,
    "series": [
        {
            "series": "magnets",
            "first_named": STEPS[0],
            "dropped_in": STEPS[3],
            "unknown_before": [],
            "revisions": STEPS,
        }
    ],
    "appearances": [OLD, NEW],
    "revisions_without_text": [{"series": "magnets", "revision": "2020-03"}],
}


def test_revision_dates_sort_partial_dates_as_their_earliest_day():
    assert str(revision_date("2025")) == "2025-01-01"
    assert str(revision_date("2011-12")) == "2011-12-01"
    assert str(revision_date("2025-10-28")) == "2025-10-28"
    assert revision_date(None) is None and revision_date("draft") is None


def test_the_timeline_marks_each_revision_by_its_state(context):
    svg = timeline_svg(TRACE, context)
    assert svg.count('class="pkg-dot"') == 2 + 1  # named, + the legend
    assert svg.count('class="pkg-absent"') == 1 + 1  # text present, not named
    assert svg.count('class="pkg-gap"') == 1 + 1  # no text
    assert svg.count('class="pkg-first"') == 1 + 1
    assert svg.count('class="pkg-dropped"') == 1 + 1
    assert "永久磁石の供給確保の取組方針" in svg  # the series row is titled by its newest text


def test_the_timeline_scrolls_instead_of_shrinking_on_a_narrow_screen(context):
    svg = timeline_svg(TRACE, context)
    assert svg.startswith('<div class="pkg-timeline-scroll"><svg')
    assert 'width="760"' in svg


def test_the_timeline_places_revisions_in_date_order(context):
    svg = timeline_svg(TRACE, context)
    xs = {
        label: float(x)
        for x, label in re.findall(r'<text class="pkg-date" x="([\d.]+)"[^>]*>([^<]+)</text>', svg)
    }
    gap = float(re.search(r'class="pkg-gap" cx="([\d.]+)"', svg).group(1))
    assert xs["2011-12"] < gap < xs["2025"] < xs["2026"]


def test_an_undated_revision_stays_out_of_the_timeline(context):
    undated = {**TRACE["series"][0], "revisions": [{**STEPS[0], "revision": None}]}
    assert timeline_svg({**TRACE, "series": [undated]}, context) == ""


def test_cards_list_measures_targets_changes_and_citations_numbered_across_them(context):
    html = trace_html(TRACE, context)
    assert "ネオジム" in html and "ネオジウム" in html
    assert html.count("系列の初出 first in series") == 1
    assert "製造設備の能力増強" in html
    assert "取組の対象範囲: 法令上の対象 legal scope" in html
    assert "ネオジム 約2万トン（約20000トン） — 2030年まで" in html
    assert "「ネオジム約2万トンを確保」" in html  # the quote under the fact
    assert "施策に追加 / joined measure" in html
    assert '<ol class="pkg-citations" start="2">' in html and "[2]</span>" in html


def test_a_revision_that_no_longer_names_the_mineral_gets_its_own_card(context):
    html = trace_html(TRACE, context)
    assert "記載なし not named" in html and "magnets@2026" in html
    assert "dropped in" in html


def test_the_header_tells_the_first_document_and_the_first_in_each_series(context):
    trace = {**TRACE, "series": [{**TRACE["series"][0], "unknown_before": ["2009-01"]}]}
    html = trace_html(trace, context)
    assert "全文書での初出" in html and "系列の初出" in html
    assert "not known for" in html and "2009-01" in html


def test_citations_covering_through_a_broader_term_are_labelled_and_the_rest_folded(context):
    via = "希土類金属"
    broader = [_citation("magnets@2025", f"q{n}", f"{via} {n}", via) for n in range(8)]
    covered = {
        **NEW,
        "covered_as": ["希土類金属"],
        "citations": [*NEW["citations"], *broader],
        "citations_shown": 2,
        "naming_citations": 1,
        "citations_total": 9,
    }
    html = trace_html({**TRACE, "appearances": [covered]}, context)
    shown, _, folded = html.partition('<details class="pkg-more-citations">')
    assert shown.index("希土類金属 として") < shown.index("[2]</span>")
    assert "[1]</span>" in shown and "[3]</span>" not in shown
    assert "<summary>+7 件 (+7 more)</summary>" in folded
    assert '<ol class="pkg-citations" start="3">' in folded and "[9]</span>" in folded


def test_export_controls_and_supply_shares_show_their_date_and_year_beside_the_quote(context):
    control = {"text": "中国 2023年12月", "quote": "12月 黒鉛"}
    share = {"text": "中国 輸入 約55%（55%）（2021年）", "quote": "中国が約55%"}
    dated = {**NEW, "export_control_facts": [control], "supply_shares": [share]}
    html = trace_html({**TRACE, "appearances": [dated]}, context)
    assert "中国 2023年12月" in html and "「12月 黒鉛」" in html
    assert "中国 輸入 約55%（55%）（2021年）" in html and "供給シェア" in html


def test_revisions_without_text_are_listed_as_unknown(context):
    html = trace_html(TRACE, context)
    assert "本文のない改定" in html and "（2020-03）" in html
