"""Supply shares in sections headed by a mineral: country, share, stage and year."""

from __future__ import annotations

from decimal import Decimal

from policy_kg.nlp.facts import DocumentFacts

TEXT = "\n".join(
    (
        "第1章 状況",
        "",
        "ア リチウム",
        "",
        (
            "リチウムは、その供給を海外からの輸入に依存しており、2021年の貿易統計によると、"
            "中国が約55%、チリが約30%となっている。また、"
            "世界の製錬量の約60%が中国に集中している。"
        ),
        "",
        "イ ニッケル",
        "",
        "ニッケルは、世界の製錬量の約半分を中国、インドネシアで占めている。",
        "",
        "ウ バリウム",
        "",
        "炭酸バリウムの原材料となる毒重石のグローバルでの生産は、中国が9割を占めている。",
        "",
        "エ ガリウム",
        "",
        "ガリウムは、約6割を中国からの輸入に依存している。",
        "",
        "オ ネオジム磁石",
        "",
        "ネオジム磁石の世界市場における日本企業のシェアは約15%、中国が約80%である。",
        "",
    )
)


def _shares(facts: DocumentFacts) -> list[tuple]:
    assert all(isinstance(s.share, Decimal) for s in facts.supply_shares)
    return [(s.mineral, s.country, s.share, s.stage, s.year) for s in facts.supply_shares]


def test_shares_of_countries_under_a_mineral_heading(facts_of):
    assert _shares(facts_of(TEXT)) == [
        ("lithium", "cn", Decimal("55"), "import", 2021),
        ("lithium", "cl", Decimal("30"), "import", 2021),
        ("lithium", "cn", Decimal("60"), "refining", None),
        # 毒重石 is an ore: its production is mining
        ("barium", "cn", Decimal("90"), "mining", None),
        ("gallium", "cn", Decimal("60"), "import", None),
    ]


def test_a_share_held_jointly_is_skipped(facts_of):
    assert not any(s.mineral == "nickel" for s in facts_of(TEXT).supply_shares)


def test_a_product_heading_is_not_a_mineral_heading(facts_of):
    assert not any(s.share == Decimal("80") for s in facts_of(TEXT).supply_shares)


def test_the_quote_holds_country_and_share(facts_of):
    quotes = [s.evidence.quote for s in facts_of(TEXT).supply_shares]
    assert quotes[:3] == ["中国が約55%", "チリが約30%", "約60%が中国"]
