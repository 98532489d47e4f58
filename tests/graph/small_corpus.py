"""A small hand-made corpus with hand-made facts (no extractor); conftest.py builds it into a
graph and a store.

Four documents of four series: the critical-minerals policy (final, naming three earlier
revisions whose text is not in the corpus), the materials slide deck, the 2011 overview (dated
to the month) and the permanent-magnets draft (dated to the year). Passage texts are short
excerpts of the seed texts; every fact kind appears at least once.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from policy_kg.corpus.model import DocumentMeta, KnownRevision, Passage
from policy_kg.graph.model import DocumentInput
from policy_kg.nlp.facts import (
    AgencyRole,
    Budget,
    Condition,
    DocumentFacts,
    Evidence,
    ExportControl,
    MeasureCoverage,
    Mention,
    SupplyShare,
    Target,
)
from policy_kg.nlp.quantity import Quantity

CM = "critical-minerals-policy@2026-03-30"
MS = "materials-strategy-issues@2026-02-19"
RM = "rare-metals-overview@2011-12"
PM = "permanent-magnets-policy@2025-draft"

CM_SECTION = ("第2章 施策に関する事項", "第2節 実施する個別施策", "(3) 製錬等事業支援")


def passage(doc_id: str, key: str, text: str, **fields: object) -> Passage:
    """A passage whose id is `doc_id#key` (key: 12 hex digits, as the parser makes them)."""
    defaults: dict[str, object] = {"kind": "body", "section": CM_SECTION, "start": 0}
    values = {**defaults, **fields}
    start = int(values.pop("start"))  # type: ignore[call-overload]
    return Passage(
        passage_id=f"{doc_id}#{key}",
        doc_id=doc_id,
        text=text,
        start=start,
        end=start + len(text),
        **values,  # type: ignore[arg-type]
    )


def evidence(of: Passage, quote: str, occurrence: int = 0) -> Evidence:
    """The `occurrence`-th place of `quote` in the passage."""
    start = -1
    for _ in range(occurrence + 1):
        start = of.text.index(quote, start + 1)
    return Evidence(of.passage_id, quote, start)


def mention(of: Passage, entity_type: str, key: str, surface: str) -> Mention:
    return Mention(entity_type, key, surface, evidence(of, surface))  # type: ignore[arg-type]


def meta(
    doc_id: str, title: str, revision: str | None, label: str, **fields: object
) -> DocumentMeta:
    series = doc_id.partition("@")[0]
    values: dict[str, object] = {"issuer": "経済産業省", "status": "final", "known_revisions": ()}
    values.update(fields)
    return DocumentMeta(
        doc_id=doc_id,
        series=series,
        title=title,
        revision=revision,
        revision_label=label,
        source_file=f"{series}.txt",
        **values,  # type: ignore[arg-type]
    )


# --- critical-minerals policy ---

CM_TARGETS = passage(
    CM,
    "6a0c41d2b7e3",
    "リチウム約10万トン／年、ニッケル約9万トン／年が示されていることから、これを2030年までの目標とする。",
    section=("第1章 基本的な方向", "第2節 目標"),
)
CM_SCOPE = passage(
    CM,
    "b51e0f9a2c44",
    "金属鉱産物（リチウム、ガリウム、希土類金属、リン及びウランに限る。）",
    start=500,
)
CM_FOOTNOTE = passage(
    CM,
    "f19e5b0c7d21",
    "国際的な供給不足の蓋然性が解消されるまでの間は施策の対象とする。",
    kind="footnote",
    footnote_number=19,
    start=900,
)
CM_FOCUS = passage(
    CM,
    "0d7c93e15fa8",
    "(注) なお、当面の間、リチウム及びガリウム並びに原子力に利用されるウラン¹⁹を施策の対象とする。",
    footnotes=(CM_FOOTNOTE.passage_id,),
    start=600,
)
CM_FUND = passage(
    CM,
    "3e8a51c0d9f2",
    "安定供給確保支援業務を行う法人としてJOGMECを選定するものとする。JOGMECによるレアメタル備蓄を継続する。",
    section=("第4章 支援業務",),
    start=1000,
)
CM_CHINA = passage(
    CM,
    "77c2a9e0b4d1",
    "2023年8月には中国商務部・海関総署公告 2023年第23号により"
    "ガリウム・ゲルマニウムを輸出許可が必要な鉱種に指定した。",
    section=("第1章 基本的な方向", "第1節 現状"),
    start=1200,
)
CM_SHARES = passage(
    CM,
    "5b1f0e7d2c88",
    "2021年の貿易統計によると、リチウムの輸入は中国が約55%、チリが約30%となっている。",
    section=("第1章 基本的な方向", "第1節 現状"),
    start=1400,
)
CM_BUDGET = passage(
    CM,
    "a0d4c6e81b37",
    "令和4年度第2次補正予算においてJOGMEC出資金として1,100億円を計上した。",
    section=("第1章 基本的な方向", "第1節 現状"),
    start=1600,
)
CM_PASSAGES = (CM_TARGETS, CM_SCOPE, CM_FOCUS, CM_FOOTNOTE, CM_FUND, CM_CHINA, CM_SHARES, CM_BUDGET)

MEASURE = "製錬等事業支援"
FOOTNOTE_19 = Condition(
    ("uranium",),
    "国際的な供給不足の蓋然性が解消されるまでの間",
    evidence(CM_FOOTNOTE, "国際的な供給不足の蓋然性が解消されるまでの間は施策の対象とする"),
)
LEGAL_SCOPE = MeasureCoverage(
    doc_id=CM,
    measure=MEASURE,
    scope="legal_scope",
    minerals=("lithium", "gallium", "rare-earths", "phosphorus", "uranium"),
    products=(),
    conditions=(),
    evidence=evidence(CM_SCOPE, "リチウム、ガリウム、希土類金属、リン及びウランに限る"),
)
CURRENT_FOCUS = MeasureCoverage(
    doc_id=CM,
    measure=MEASURE,
    scope="current_focus",
    minerals=("lithium", "gallium", "uranium"),
    products=(),
    conditions=(FOOTNOTE_19,),
    evidence=evidence(
        CM_FOCUS, "リチウム及びガリウム並びに原子力に利用されるウラン¹⁹を施策の対象とする"
    ),
)
LITHIUM_TARGET = Target(
    doc_id=CM,
    subject="lithium",
    subject_is_mineral=True,
    quantity=Quantity.parse("100000", "トン／年"),
    year=2030,
    baseline_year=None,
    approximate=True,
    kind="supply_target",
    evidence=evidence(CM_TARGETS, "リチウム約10万トン／年"),
    as_written="約10万トン／年",
)
NICKEL_TARGET = replace(
    LITHIUM_TARGET,
    subject="nickel",
    quantity=Quantity.parse("90000", "トン／年"),
    evidence=evidence(CM_TARGETS, "ニッケル約9万トン／年"),
    as_written="約9万トン／年",
)
JOGMEC_FUND = AgencyRole(
    CM, "jogmec", "安定供給確保支援業務を行う法人", evidence(CM_FUND, "法人としてJOGMECを選定する")
)
JOGMEC_STOCKPILE = AgencyRole(
    CM, "jogmec", "レアメタル備蓄", evidence(CM_FUND, "JOGMECによるレアメタル備蓄")
)
CM_GALLIUM_CONTROL = ExportControl(
    doc_id=CM,
    country="cn",
    date="2023-08",
    date_label="2023年8月",
    minerals=("gallium", "germanium"),
    legal_basis="中国商務部・海関総署公告 2023年第23号",
    evidence=evidence(CM_CHINA, "2023年8月には中国商務部・海関総署公告 2023年第23号"),
)
CHINA_LITHIUM = SupplyShare(
    CM, "lithium", "cn", Decimal("55"), "import", 2021, evidence(CM_SHARES, "中国が約55%")
)
CHILE_LITHIUM = SupplyShare(
    CM, "lithium", "cl", Decimal("30"), "import", 2021, evidence(CM_SHARES, "チリが約30%")
)
JOGMEC_BUDGET = Budget(
    CM,
    "JOGMEC出資金",
    Decimal("1100"),
    "億円",
    "令和4年度第2次補正予算",
    evidence(CM_BUDGET, "JOGMEC出資金として1,100億円"),
)
CM_FACTS = DocumentFacts(
    doc_id=CM,
    mentions=(
        mention(CM_TARGETS, "mineral", "lithium", "リチウム"),
        mention(CM_SCOPE, "mineral", "gallium", "ガリウム"),
        mention(CM_FOCUS, "mineral", "gallium", "ガリウム"),
        mention(CM_CHINA, "mineral", "gallium", "ガリウム"),
        mention(CM_CHINA, "country", "cn", "中国"),
        mention(CM_FUND, "agency", "jogmec", "JOGMEC"),
    ),
    coverages=(LEGAL_SCOPE, CURRENT_FOCUS),
    targets=(LITHIUM_TARGET, NICKEL_TARGET),
    agency_roles=(JOGMEC_FUND, JOGMEC_STOCKPILE),
    export_controls=(CM_GALLIUM_CONTROL,),
    supply_shares=(CHINA_LITHIUM, CHILE_LITHIUM),
    budgets=(JOGMEC_BUDGET,),
)
CM_META = meta(
    CM,
    "重要鉱物に係る安定供給確保を図るための取組方針",
    "2026-03-30",
    "令和8年3月30日改定",
    known_revisions=(
        KnownRevision("2023-01-19", "令和5年1月19日"),
        KnownRevision("2024-03-29", "令和6年3月29日改定"),
        KnownRevision("2025-06-19", "令和7年6月19日改定"),
        KnownRevision("2026-03-30", "令和8年3月30日改定"),
    ),
)

# --- materials slide deck: the same control, dated differently on the graphite line ---

MS_LIST = passage(
    MS,
    "9c2d4e6f8a01",
    "2023年 8月 ガリウム、ゲルマニウム",
    kind="list",
    section=("中国による重要鉱物の輸出管理措置",),
)
MS_GALLIUM_CONTROL = ExportControl(
    doc_id=MS,
    country="cn",
    date="2023-08",
    date_label="2023年 8月",
    minerals=("gallium", "germanium"),
    legal_basis=None,
    evidence=evidence(MS_LIST, "2023年 8月 ガリウム、ゲルマニウム"),
)
MS_FACTS = DocumentFacts(
    doc_id=MS,
    mentions=(mention(MS_LIST, "mineral", "gallium", "ガリウム"),),
    export_controls=(MS_GALLIUM_CONTROL,),
)
MS_META = meta(
    MS,
    "マテリアル（重要鉱物・部素材）分野の課題と検討の方向性",
    "2026-02-19",
    "2026年2月19日",
    issuer="経済産業省製造産業局",
)

# --- 2011 overview: names gallium, dated to the month ---

RM_BODY = passage(
    RM, "1f2e3d4c5b6a", "ガリウム、インジウム等のレアメタルの確保", section=("全体像",)
)
RM_REDUCTION = passage(
    RM,
    "8ba8297e72de",
    "代替材料開発プロジェクトで現状から30%以上削減を目標として開発中。",
    start=40,
)
SUBJECTLESS = Target(
    doc_id=RM,
    subject="",  # the text names no subject
    subject_is_mineral=False,
    quantity=Quantity.parse("30", "%"),
    year=None,
    baseline_year=None,
    approximate=False,
    kind="reduction",
    evidence=evidence(RM_REDUCTION, "現状から30%以上削減"),
)
RM_FACTS = DocumentFacts(
    doc_id=RM,
    mentions=(mention(RM_BODY, "mineral", "gallium", "ガリウム"),),
    targets=(SUBJECTLESS,),
)
RM_META = meta(RM, "レアメタル等の確保に向けた取組の全体像", "2011-12", "平成２３年１２月")

# --- permanent-magnets draft: product targets, a threshold, a range; dated to the year ---

PM_TARGETS = passage(
    PM,
    "c4d5e6f7a8b9",
    "2030年までにリサイクル能力を2020年比で倍増する。"
    "年間 100 トン以上の製造能力の増強。発電電力量の20-22%",
    section=("第1章 目標",),
)
PM_COVERAGE_TEXT = passage(
    PM,
    "d1e2f3a4b5c6",
    "ネオジム磁石及びサマリウムコバルト磁石に限る。",
    section=("第2章 施策", "(1) 永久磁石製造設備の能力増強"),
    start=300,
)
PM_DOUBLING = Target(
    doc_id=PM,
    subject="ネオジム磁石",
    subject_is_mineral=False,
    quantity=Quantity.parse("2", "倍"),
    year=2030,
    baseline_year=2020,
    approximate=False,
    kind="other",
    evidence=evidence(PM_TARGETS, "2030年までにリサイクル能力を2020年比で倍増"),
)
PM_THRESHOLD = Target(
    doc_id=PM,
    subject="ネオジム磁石",
    subject_is_mineral=False,
    quantity=Quantity.parse("100", "トン"),
    year=None,
    baseline_year=None,
    approximate=False,
    kind="capacity_threshold",
    evidence=evidence(PM_TARGETS, "年間 100 トン以上"),
)
PM_RANGE = Target(
    doc_id=PM,
    subject="原子力発電",
    subject_is_mineral=False,
    quantity=Quantity.parse("20-22", "%"),
    year=2030,
    baseline_year=None,
    approximate=False,
    kind="share",
    evidence=evidence(PM_TARGETS, "発電電力量の20-22%"),
)
PM_COVERAGE = MeasureCoverage(
    doc_id=PM,
    measure="永久磁石製造設備の能力増強",
    scope="legal_scope",
    minerals=(),
    products=("ネオジム磁石", "サマリウムコバルト磁石"),
    conditions=(),
    evidence=evidence(PM_COVERAGE_TEXT, "ネオジム磁石及びサマリウムコバルト磁石に限る"),
)
PM_FACTS = DocumentFacts(
    doc_id=PM, coverages=(PM_COVERAGE,), targets=(PM_DOUBLING, PM_THRESHOLD, PM_RANGE)
)
PM_META = meta(
    PM,
    "永久磁石に係る安定供給確保を図るための取組方針",
    "2025",
    "令和7年〇月〇日改訂",
    status="draft",
    known_revisions=(
        KnownRevision("2023-01-19", "令和5年1月19日"),
        KnownRevision("2025", "令和7年〇月〇日改訂"),
    ),
)

SMALL_CORPUS = (
    DocumentInput(CM_META, CM_PASSAGES, CM_FACTS, content_hash="cm-hash"),
    DocumentInput(MS_META, (MS_LIST,), MS_FACTS),
    DocumentInput(RM_META, (RM_BODY, RM_REDUCTION), RM_FACTS),
    DocumentInput(PM_META, (PM_TARGETS, PM_COVERAGE_TEXT), PM_FACTS),
)
