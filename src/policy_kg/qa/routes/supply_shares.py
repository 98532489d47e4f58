"""Who supplies a mineral, and how large a share (pkg:SupplyShare).

「日本が輸入するニッケルの最大の調達先はどこか」 names a mineral and a supply stage and asks
for the holders: the answer lists them at that stage, largest share first. 「ガリウムの輸入の
うち中国への依存度はどの程度か」 names a country too and asks how much: the answer is that
country's share. A stage the question names must be the fact's stage (調達 is import, 採掘
mining …): the graph's refining share of レアアース does not answer a question on mining.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from policy_kg.graph.lookup import SupplyShareRecord, supply_shares
from policy_kg.graph.namespaces import mineral_iri
from policy_kg.qa.model import Answer, Fact
from policy_kg.qa.question import Question
from policy_kg.qa.routes.context import (
    GraphContext,
    graph_answer,
)

SHARE_CUE = re.compile(r"割合|比率|シェア|依存|輸入|調達|占め|頼")
# asks for the supplying countries: a bare どこ asks for whoever did the act (…資金も出したのは
# どこか), どこまで for a share
ASKS_WHERE = re.compile(r"どの国|どこの国|相手国|調達先|輸入先|国は(どこ|どれ)|どこ(から|に)")
ASKS_HOW_MUCH = re.compile(r"どれくらい|どれほど|どの程度|何%|何割|割合|比率|依存度")
# the share a rule's condition sets (どれだけの割合以上含まれると許可が必要か) is no share of
# supply, though asked of a country's minerals (何割以上を中国に頼るか is one)
THRESHOLD = re.compile(r"(以上|以下|未満|超え|超す)[^。、]{0,8}?(と|場合|れば|なら)")
STAGES: dict[str, re.Pattern[str]] = {
    "ImportStage": re.compile(r"輸入|調達"),
    "MiningStage": re.compile(r"採掘|鉱山|鉱石|産出"),
    "RefiningStage": re.compile(r"製錬|精製|精錬"),
    "ProductionStage": re.compile(r"生産|製造"),
    "ReservesStage": re.compile(r"埋蔵"),
}

Asked = Literal["holders", "share"]


@dataclass(frozen=True)
class SupplyShareQuestion:
    question: Question
    asked: Asked
    minerals: tuple[str, ...]  # slugs
    countries: frozenset[str]  # codes; only for a share asked of a named country
    stages: frozenset[str]  # the stages named; empty: any


class SupplyShareRoute:
    name = "supply_share"

    def __init__(self, context: GraphContext) -> None:
        self._context = context

    def prepare(self) -> None:
        self._context.read(supply_shares)

    def matches(self, question: Question) -> SupplyShareQuestion | None:
        text = question.normalized
        if not SHARE_CUE.search(text):
            return None
        minerals = tuple(m.slug for m in self._context.named_minerals(text))
        if not minerals:
            return None
        stages = frozenset(stage for stage, cue in STAGES.items() if cue.search(text))
        if ASKS_WHERE.search(text):
            return SupplyShareQuestion(question, "holders", minerals, frozenset(), stages)
        countries = self._context.named(text, "country")
        if ASKS_HOW_MUCH.search(text) and countries and not THRESHOLD.search(text):
            return SupplyShareQuestion(question, "share", minerals, countries, stages)
        return None

    def answer(self, match: SupplyShareQuestion) -> Answer | None:
        shares = self._context.read(supply_shares)
        asked = [str(mineral_iri(slug)) for slug in match.minerals]
        found = [
            record
            for iri in asked
            for record in shares
            if record.mineral_iri == iri and _fits(record, match)
        ]
        citations = [self._context.sentence_citation(q) for r in found for q in r.quotes]
        if not citations:
            return None
        value = "、".join(dict.fromkeys(f"{r.holder} {r.share}%" for r in found))
        facts = tuple(
            Fact(
                r.mineral,
                f"供給シェア（{r.stage_name}）",
                f"{r.holder} {r.share}%",
            )
            for r in found
        )
        return graph_answer(match.question.text, value, citations, facts)


def _fits(record: SupplyShareRecord, match: SupplyShareQuestion) -> bool:
    years = match.question.years
    return (
        (not match.stages or record.stage in match.stages)
        and (not match.countries or record.holder_iri.rpartition("/")[2] in match.countries)
        and (not years or (record.year is not None and str(record.year) in years))
    )
