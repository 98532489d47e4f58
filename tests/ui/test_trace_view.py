import re

from policy_kg.ui.trace_view import revision_date, timeline_svg, trace_html


def _citation(doc_id: str, passage: str, quote: str) -> dict:
    return {
        "doc_id": doc_id,
        "revision": doc_id.partition("@")[2],
        "section": "第1章 概要",
        "passage_id": f"{doc_id}#{passage}",
        "quote": quote,
    }


def _appearance(doc_id: str, measures: list[str], targets: list[str], citations: list) -> dict:
    series, _, revision = doc_id.partition("@")
    return {
        "doc_id": doc_id,
        "series": series,
        "revision": revision,
        "measures": measures,
        "targets": targets,
        "citations": citations,
    }


TRACE = {
    "mineral": {
        "iri": "https://w3id.org/policy-kg/id/mineral/neodymium",
        "label": "ネオジム",
        "aliases": ["ネオジウム", "Nd"],
    },
    "first_seen": _appearance("magnets@2011-12", [], [], []),
    "appearances": [
        _appearance(
            "magnets@2011-12", [], [], [_citation("magnets@2011-12", "p1", "ネオジム磁石")]
        ),
        _appearance(
            "magnets@2025",
            ["製造設備の能力増強"],
            ["2030年 需要 倍増"],
            [_citation("magnets@2025", "q1", "ネオジムの需要")],
        ),
    ],
    "revisions_without_text": [{"series": "magnets", "revision": "2020-03"}],
}


def test_revision_dates_sort_partial_dates_as_their_earliest_day():
    assert str(revision_date("2025")) == "2025-01-01"
    assert str(revision_date("2011-12")) == "2011-12-01"
    assert str(revision_date("2025-10-28")) == "2025-10-28"
    assert revision_date(None) is None and revision_date("draft") is None


def test_the_timeline_has_a_dot_per_appearance_and_a_dashed_gap_per_missing_text(context):
    svg = timeline_svg(TRACE, context)
    assert svg.startswith("<svg") and svg.count('class="pkg-dot"') == 2 + 1  # + the legend
    assert svg.count('class="pkg-gap"') == 1 + 1
    assert svg.count('class="pkg-first"') == 1 + 1
    assert "永久磁石の供給確保の取組方針" in svg  # the series row is titled by its newest text


def test_the_timeline_places_revisions_in_date_order(context):
    svg = timeline_svg(TRACE, context)
    xs = {
        label: float(x)
        for x, label in re.findall(r'<text class="pkg-date" x="([\d.]+)"[^>]*>([^<]+)</text>', svg)
    }
    gap = float(re.search(r'class="pkg-gap" cx="([\d.]+)"', svg).group(1))
    assert xs["2011-12"] < gap < xs["2025"]


def test_an_undated_appearance_stays_out_of_the_timeline(context):
    trace = {
        **TRACE,
        "appearances": [{**TRACE["appearances"][0], "revision": None}],
        "revisions_without_text": [],
    }
    assert timeline_svg(trace, context) == ""


def test_appearances_list_measures_targets_and_citations_numbered_across_them(context):
    html = trace_html(TRACE, context)
    assert "ネオジム" in html and "ネオジウム" in html
    assert html.count("初出 first seen") == 1
    assert "製造設備の能力増強" in html and "2030年 需要 倍増" in html
    assert '<ol class="pkg-citations" start="2">' in html and "[2]</span>" in html
    assert "<mark>ネオジムの需要</mark>" in html


def test_revisions_without_text_are_listed_as_unknown(context):
    html = trace_html(TRACE, context)
    assert "本文のない改定" in html and "（2020-03）" in html
