import re
from dataclasses import replace

from policy_kg.nlp.vocabulary import Mineral
from policy_kg.qa.model import Citation
from policy_kg.revisions.trace_facts import ControlFact, ShareFact, TargetFact
from policy_kg.revisions.trace_model import (
    Appearance,
    RevisionState,
    RevisionStep,
    SeriesTimeline,
    Trace,
    TraceQuote,
)
from policy_kg.ui.timeline import revision_date, timeline_svg
from policy_kg.ui.trace_view import trace_html


def _quote(doc_id: str, passage: str, quote: str, via: str | None = None) -> TraceQuote:
    """A sentence cited for the mineral: naming it, or covering it through `via`."""
    revision = doc_id.partition("@")[2]
    citation = Citation(doc_id, revision, "第1章 概要", f"{doc_id}#{passage}", quote)
    return TraceQuote(citation, names_mineral=via is None, via=via)


def _target(subject: str, amount: str, year: int, quote: str) -> TargetFact:
    return TargetFact(subject, amount, year, None, "supply_target", quote, None)


def _appearance(
    doc_id: str, measures: tuple[str, ...], targets: tuple[TargetFact, ...], *quotes: TraceQuote
) -> Appearance:
    """A document naming the mineral, every quote shown (none behind 「+N 件」)."""
    series, _, revision = doc_id.partition("@")
    return Appearance(
        doc_id,
        series,
        revision,
        measures,
        tuple(t.text for t in targets),
        tuple(q.citation for q in quotes),
        naming_citations=len(quotes),
        citations_total=len(quotes),
        quotes=quotes,
        target_facts=targets,
        programme_scope=("取組の対象範囲: 法令上の対象 legal scope",) if measures else (),
    )


def _step(
    revision: str, doc_id: str | None, state: RevisionState, changes: tuple[str, ...] = ()
) -> RevisionStep:
    return RevisionStep(revision, f"{revision}改定", doc_id, state, changes)


OLD = _appearance("magnets@2011-12", (), (), _quote("magnets@2011-12", "p1", "ネオジム磁石"))
NEW = _appearance(
    "magnets@2025",
    ("製造設備の能力増強",),
    (_target("ネオジム", "約2万トン（約20000トン）", 2030, "ネオジム約2万トンを確保"),),
    _quote("magnets@2025", "q1", "ネオジムの需要"),
)
# named first in 2011-12, a revision without text, named in 2025, dropped in 2026
STEPS = (
    _step("2011-12", "magnets@2011-12", "named", ("初めて記載 / first named",)),
    _step("2020-03", None, "no_text"),
    _step("2025", "magnets@2025", "named", ("施策に追加 / joined measure: 製造設備の能力増強",)),
    _step(
        "2026", "magnets@2026", "not_named", ("記載なし（前の改定では記載あり） / no longer named",)
    ),
)
NEODYMIUM = Mineral("neodymium", "ネオジム", "Neodymium", "Nd", ("ネオジウム", "Nd"), (), "element")
TRACE = Trace(
    NEODYMIUM,
    "https://w3id.org/policy-kg/id/mineral/neodymium",
    (OLD, NEW),
    (("magnets", "2020-03"),),
    (SeriesTimeline("magnets", STEPS),),
)


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
    undated = SeriesTimeline("magnets", (replace(STEPS[0], revision=None),))
    assert timeline_svg(replace(TRACE, series=(undated,)), context) == ""


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
    without_text = _step("2009-01", None, "no_text")  # before the first naming: not known
    trace = replace(TRACE, series=(SeriesTimeline("magnets", (without_text, *STEPS)),))
    html = trace_html(trace, context)
    assert "全文書での初出" in html and "系列の初出" in html
    assert "not known for" in html and "2009-01" in html


def test_citations_covering_through_a_broader_term_are_labelled_and_the_rest_folded(context):
    via = "希土類金属"
    broader = tuple(_quote("magnets@2025", f"q{n}", f"{via} {n}", via) for n in range(8))
    quotes = (*NEW.quotes, *broader)
    covered = replace(
        NEW,
        covered_as=(via,),
        quotes=quotes,
        citations=tuple(q.citation for q in quotes[:2]),  # the two shown before 「+N 件」
        naming_citations=1,
        citations_total=9,
    )
    html = trace_html(replace(TRACE, appearances=(covered,)), context)
    shown, _, folded = html.partition('<details class="pkg-more-citations">')
    assert shown.index("希土類金属 として") < shown.index("[2]</span>")
    assert "[1]</span>" in shown and "[3]</span>" not in shown
    assert "<summary>+7 件 (+7 more)</summary>" in folded
    assert '<ol class="pkg-citations" start="3">' in folded and "[9]</span>" in folded


def test_export_controls_and_supply_shares_show_their_date_and_year_beside_the_quote(context):
    control = ControlFact("中国", "2023-12", "2023年12月", 2023, None, ("黒鉛",), "12月 黒鉛", None)
    share = ShareFact("中国", "輸入", "約55%（55%）", 2021, "中国が約55%", None)
    dated = replace(NEW, control_facts=(control,), supply_shares=(share,))
    html = trace_html(replace(TRACE, appearances=(dated,)), context)
    assert "中国 2023年12月" in html and "「12月 黒鉛」" in html
    assert "中国 輸入 約55%（55%）（2021年）" in html and "供給シェア" in html


def test_revisions_without_text_are_listed_as_unknown(context):
    html = trace_html(TRACE, context)
    assert "本文のない改定" in html and "（2020-03）" in html
