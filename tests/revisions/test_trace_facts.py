"""The facts a trace shows keep the date or year they refer to beside the quote: a slide's
「12月 黒鉛」 is dated 2023年12月, a target reads 約10万トン／年（約100000トン／年） by 2030."""

from __future__ import annotations

from decimal import Decimal

from policy_kg.graph.lookup import SupplyShareRecord
from policy_kg.graph.queries import ExportControlRecord, Named, QuoteRef, TargetRecord
from policy_kg.nlp.quantity import Quantity
from policy_kg.revisions.trace_facts import ControlFact, ShareFact, TargetFact

SLIDES = "materials-strategy-issues@2026-02-19"
GRAPHITE = Named("https://w3id.org/policy-kg/id/mineral/graphite", "グラファイト")


def _quote(text: str) -> QuoteRef:
    return QuoteRef(f"{SLIDES}#p1", SLIDES, "2026-02-19", "輸出管理", text, 0, len(text), 1)


def test_a_control_quoted_by_its_month_alone_keeps_its_year() -> None:
    china = Named("https://w3id.org/policy-kg/id/country/cn", "中国")
    record = ExportControlRecord(
        "f", SLIDES, china, "2023-12", (GRAPHITE,), None, (_quote("12月 黒鉛"),)
    )
    fact = ControlFact.of(record)
    assert (fact.quote, fact.date_label, fact.year) == ("12月 黒鉛", "2023年12月", 2023)
    assert fact.to_json()["text"] == "中国 2023年12月"


def test_a_target_reads_as_written_with_the_normalised_amount_and_its_year() -> None:
    record = TargetRecord(
        "f", SLIDES, None, "リチウム", Quantity(Decimal(100000), unit="トン／年"), 2030, None, True,
        "supply_target", (_quote("リチウム約10万トン／年"),), written="約10万トン／年",
    )  # fmt: skip
    fact = TargetFact.of(record)
    assert fact.text == "リチウム 約10万トン／年（約100000トン／年） — 2030年まで"
    assert fact.quote == "リチウム約10万トン／年"


def test_a_supply_share_reads_with_its_stage_and_reference_year() -> None:
    record = SupplyShareRecord(
        "f", SLIDES, "m", "リチウム", "h", "中国", Decimal("55"), "ImportStage", 2021,
        (_quote("中国が約55%"),), written="約55%",
    )  # fmt: skip
    assert ShareFact.of(record).text == "中国 輸入 約55%（55%）（2021年）"
