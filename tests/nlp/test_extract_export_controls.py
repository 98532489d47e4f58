"""Export-control steps from prose naming a legal basis and from a dated timeline list."""

from __future__ import annotations

from policy_kg.nlp.facts import DocumentFacts

PROSE = "\n".join(
    (
        "第1章 状況",
        "",
        "- 中国",
        "",
        (
            "2023年8月には中国商務部・海関総署公告 2023年第23号（ガリウム・ゲルマニウ"
            "ム関連品目の輸出規制実施に関する公告）に基づきガリウム・ゲルマニウムを、"
            "2023年10月には中国商務部・海関総署公告 2023年第39号（黒鉛品目の臨時輸出"
            "管理措置に関する公告）に基づきグラファイトを輸出許可が必要な鉱種に指定した。"
        ),
        "",
        "2010年にレアアースの輸出枠を大幅削減した。",
        "",
    )
)

SLIDES = "\n".join(
    (
        "# 中国による重要鉱物の輸出管理措置",
        "",
        "## 中国による輸出管理措置対象の鉱種",
        "",
        "2023年 8月 ガリウム、ゲルマニウム",
        "12月 黒鉛",
        "2024年 9月 アンチモン",
        "4月 テルビウム、ジスプロシウム等",
        "重レアアース7種",
        "",
        "## 主要国の鉱山生産",
        "",
        "2023年 8月 ガリウム",
        "2024年 9月 アンチモン",
        "",
    )
)


def _steps(facts: DocumentFacts) -> list[tuple]:
    return [(c.country, c.date, c.minerals) for c in facts.export_controls]


def test_each_dated_clause_of_the_prose_is_a_step_with_its_legal_basis(facts_of):
    facts = facts_of(PROSE)
    assert _steps(facts) == [
        ("cn", "2023-08", ("gallium", "germanium")),
        ("cn", "2023-10", ("graphite",)),  # not 黒鉛 of the notice's title again
    ]
    first = facts.export_controls[0]
    assert first.legal_basis == (
        "中国商務部・海関総署公告 2023年第23号"
        "（ガリウム・ゲルマニウム関連品目の輸出規制実施に関する公告）"
    )
    assert first.date_label == "2023年8月"
    assert first.evidence.quote.endswith("に基づきガリウム・ゲルマニウムを")


def test_a_timeline_list_carries_the_year_over_lines_and_skips_notes(facts_of):
    facts = facts_of(SLIDES)
    assert _steps(facts) == [
        ("cn", "2023-08", ("gallium", "germanium")),
        ("cn", "2023-12", ("graphite",)),
        ("cn", "2024-09", ("antimony",)),
        ("cn", "2024-04", ("terbium", "dysprosium")),
    ]
    assert all(c.legal_basis is None for c in facts.export_controls)
    assert facts.export_controls[1].evidence.quote == "12月 黒鉛"
