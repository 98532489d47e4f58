"""Budgets: 億円 amounts with programme and fiscal-year label; comparisons and parts left out."""

from __future__ import annotations

from decimal import Decimal

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
    assert all(isinstance(b.amount, Decimal) for b in facts.budgets)  # money is never a float
    return [(b.programme, b.amount, b.unit, b.fiscal_year) for b in facts.budgets]


def test_budgets_with_their_programme_and_fiscal_year(facts_of):
    assert _budgets(facts_of(TEXT)) == [
        # 【last year's figure】 marks a budget line
        ("レアメタル備蓄", Decimal("4.8"), "億円", None),
        ("JOGMEC出資金", Decimal("1100"), "億円", "令和4年度第2次補正予算"),
        ("安保助成金", Decimal("1058"), "億円", "令和4年度第2次補正予算"),
        ("JOGMEC出資金", Decimal("390"), "億円", "令和7年度予備費"),
        (
            "資源国協力事業（持続的資源開発推進対策事業）",
            Decimal("39.9"),
            "億円",
            "平成23年度三次補正予算",
        ),
        ("磁性材料技術開発", Decimal("40"), "億円", None),
    ]


def test_last_years_figure_a_part_and_a_market_size_are_not_budgets(facts_of):
    amounts = {b.amount for b in facts_of(TEXT).budgets}
    assert not amounts & {Decimal("4.2"), Decimal("30"), Decimal("20"), Decimal("9200")}
