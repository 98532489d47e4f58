"""Agency roles: the body selected to run the support fund, and roles stated next to a name."""

from __future__ import annotations

from policy_kg.nlp.facts import DocumentFacts

TEXT = "\n".join(
    (
        "第1章 状況",
        "",
        (
            "我が国は、独立行政法人エネルギー・金属鉱物資源機構（以下「JOGMEC」という。"
            "）を通じた資源探査に取り組んでいる。"
        ),
        "",
        ("一方、JOGMECによるリスクマネー支援の対象となり得ないプロジェクトが増加している。"),
        "",
        "- JOGMECによるレアメタル備蓄",
        "",
        ("2023年8月には中国商務部・海関総署公告 2023年第23号に基づきガリウムを指定した。"),
        "",
        "第4章 安定供給確保支援業務",
        "",
        (
            "本制度の運用に当たっては、"
            "安定供給確保支援業務を行う法人としてNEDOを選定するものとする。"
        ),
        "",
        ("NEDOが安定供給確保支援独立行政法人基金を設ける場合にあっては、適正な運用管理を行う。"),
        "",
    )
)


def _roles(facts: DocumentFacts) -> set[tuple[str, str]]:
    return {(r.agency, r.role) for r in facts.agency_roles}


def test_the_body_selected_for_the_support_business_is_the_fund_operator(facts_of):
    facts = facts_of(TEXT)
    (operator,) = [r for r in facts.agency_roles if r.role == "安定供給確保支援業務を行う法人"]
    assert operator.agency == "nedo"
    assert operator.evidence.quote == "安定供給確保支援業務を行う法人としてNEDOを選定"


def test_roles_stated_next_to_the_name(facts_of):
    roles = _roles(facts_of(TEXT))
    assert ("jogmec", "資源探査") in roles  # after the definition （以下「JOGMEC」という。）
    assert ("jogmec", "レアメタル備蓄") in roles
    assert ("nedo", "安定供給確保支援独立行政法人基金を設ける") in roles
    assert {("mofcom", "公告"), ("gacc", "公告")} <= roles


def test_a_clause_after_niyoru_is_not_a_role(facts_of):
    roles = _roles(facts_of(TEXT))
    assert not any(role.startswith("リスクマネー支援") for _, role in roles)
