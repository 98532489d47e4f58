"""Budgets: 億円 amounts with programme and fiscal-year label; comparisons and parts left out."""

from __future__ import annotations

from policy_kg.nlp.facts import DocumentFacts

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


def test_budgets_with_their_programme_and_fiscal_year(facts_of):
    assert _budgets(facts_of(TEXT)) == [
        ("レアメタル備蓄", 4.8, "億円", None),  # 【last year's figure】 marks a budget line
        ("JOGMEC出資金", 1100.0, "億円", "令和4年度第2次補正予算"),
        ("安保助成金", 1058.0, "億円", "令和4年度第2次補正予算"),
        ("JOGMEC出資金", 390.0, "億円", "令和7年度予備費"),
        ("資源国協力事業（持続的資源開発推進対策事業）", 39.9, "億円", "平成23年度三次補正予算"),
        ("磁性材料技術開発", 40.0, "億円", None),
    ]


def test_last_years_figure_a_part_and_a_market_size_are_not_budgets(facts_of):
    amounts = {b.amount for b in facts_of(TEXT).budgets}
    assert not amounts & {4.2, 30.0, 20.0, 9200.0}
