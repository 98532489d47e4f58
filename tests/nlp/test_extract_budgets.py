"""Budgets: 億円 amounts with programme and fiscal-year label; comparisons and parts left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_kg.corpus.model import DocumentMeta, SourceDocument
from policy_kg.corpus.passages import parse_document
from policy_kg.nlp.facts import DocumentFacts
from policy_kg.nlp.pipeline import FactExtractor, extract_document

DOC_ID = "test-policy@2026-03-30"


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> FactExtractor:
    return FactExtractor.load(tmp_path_factory.mktemp("nlp-cache"))


def _facts(extractor: FactExtractor, body: str) -> DocumentFacts:
    meta = DocumentMeta(DOC_ID, "test-policy", "t", "i", "2026-03-30", "", "final", "x.txt")
    text = "試験用の取組方針\n\n令和8年3月30日改定\n\n" + body  # title block, then the body
    return extract_document(
        parse_document(SourceDocument(meta, Path("x.txt"), text, "h")), extractor
    )


TEXT = "\n".join(
    (
        "第1章 予算",
        "",
        "（関係予算）",
        "",
        "レアメタル備蓄 4.8億円【4.2億円】",
        "",
        (
            "令和4年度第2次補正予算：JOGMEC出資金 1,100億円、"
            "安保助成金 1,058億円令和7年度予備費：JOGMEC出資金 390億円"
        ),
        "",
        ("資源国協力事業（持続的資源開発推進対策事業）  ３９．９億円（平成23年度三次補正予算）"),
        "",
        "磁性材料技術開発",
        "４０億円（うち要望枠３０億円）【新規】",
        "",
        ("洋上風力発電の市場規模は2020年度20億円から2030年度9,200億円に増加する。"),
        "",
    )
)


def _budgets(facts: DocumentFacts) -> list[tuple]:
    return [(b.programme, b.amount, b.unit, b.fiscal_year) for b in facts.budgets]


def test_budgets_with_their_programme_and_fiscal_year(extractor):
    assert _budgets(_facts(extractor, TEXT)) == [
        ("レアメタル備蓄", 4.8, "億円", None),  # 【last year's figure】 marks a budget line
        ("JOGMEC出資金", 1100.0, "億円", "令和4年度第2次補正予算"),
        ("安保助成金", 1058.0, "億円", "令和4年度第2次補正予算"),
        ("JOGMEC出資金", 390.0, "億円", "令和7年度予備費"),
        ("資源国協力事業（持続的資源開発推進対策事業）", 39.9, "億円", "平成23年度三次補正予算"),
        ("磁性材料技術開発", 40.0, "億円", None),
    ]


def test_last_years_figure_a_part_and_a_market_size_are_not_budgets(extractor):
    amounts = {b.amount for b in _facts(extractor, TEXT).budgets}
    assert not amounts & {4.2, 30.0, 20.0, 9200.0}
