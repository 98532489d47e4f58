"""Supply shares: 中国が約55%、チリが約30% of Japan's lithium imports, 世界の製錬量の約60%が中国 …

Read in sections headed by a mineral (ア リチウム, エ グラファイト（天然黒鉛）): the mineral is
the heading's. In each sentence, a share (N%, N割, 約半分, ほぼ全て) belongs to the country
written right before it (中国が約55%), else right after it (約60%が中国に, 約6割を中国から),
else the nearest country earlier in the sentence. A share given to several countries together
(約半分を中国、インドネシアで) is skipped: a `SupplyShare` has one country.

The stage is read from the nearest keyword before the share in its sentence (else the first
after it): 製錬 refining, 埋蔵 reserves, 鉱石生産/採掘 mining, 輸入/貿易統計 import, 生産/抽出
production — mining when what is produced is an ore (…鉱石, or a natural mineral such as
毒重石). The year is the nearest year before the share in its sentence (2021年の貿易統計).
"""

from __future__ import annotations

import re

from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage, Entity
from policy_kg.nlp.extract.quantities import QuantityMention, find_quantities
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.extract.text import sentences, strip_enumerator, year_mentions
from policy_kg.nlp.facts import SupplyShare, SupplyStage

_STAGE_WORDS = re.compile(r"製錬|精錬|埋蔵|鉱石生産|採掘|輸入|貿易統計|生産|抽出")
_STAGES: dict[str, SupplyStage] = {
    "製錬": "refining",
    "精錬": "refining",
    "埋蔵": "reserves",
    "鉱石生産": "mining",
    "採掘": "mining",
    "輸入": "import",
    "貿易統計": "import",
    "生産": "production",
    "抽出": "production",
}
_ORE = "鉱石"
_BEFORE_LINK = re.compile(r"\s*が\s*$")
_AFTER_LINK = re.compile(r"\s*(?:以上)?\s*[）)]?\s*(?:が|を)\s*")
_NOT_A_MINERAL_HEADING_REST = re.compile(r"^\s*(?:[（(].*[）)])?\s*$")


@extracts(SupplyShare)
def extract_supply_shares(document: AnalyzedDocument) -> tuple[SupplyShare, ...]:
    shares: list[SupplyShare] = []
    for passage in document.passages:
        if passage.passage.kind in ("heading", "footnote"):
            continue
        headings = document.headings_over(passage)
        mineral = _heading_mineral(headings[0]) if headings else None
        if mineral is None:
            continue
        for a, b in sentences(passage.text):
            shares.extend(_sentence_shares(document, passage, mineral, a, b))
    return tuple(shares)


def _heading_mineral(heading: AnalyzedPassage) -> str | None:
    """The mineral a heading consists of (ア リチウム, カ レアアース（ネオジウム…等）)."""
    title = strip_enumerator(heading.text)
    offset = heading.text.rfind(title)
    minerals = [e for e in heading.entities if e.entity_type == "mineral" and e.start == offset]
    if not minerals or not _NOT_A_MINERAL_HEADING_REST.match(heading.text[minerals[0].end :]):
        return None
    return minerals[0].key


def _sentence_shares(
    document: AnalyzedDocument, passage: AnalyzedPassage, mineral: str, a: int, b: int
) -> list[SupplyShare]:
    shares = []
    countries = passage.entities_in(a, b, "country")
    for quantity in find_quantities(passage.text, a, b):
        share = quantity.quantity.value  # a share is one value, not a range
        if quantity.quantity.unit != "%" or share is None:
            continue
        country = _country(passage.text, countries, quantity)
        if country is None:
            continue
        shares.append(
            SupplyShare(
                doc_id=document.doc_id,
                mineral=mineral,
                country=country.key,
                share=share,
                stage=_stage(document, passage, a, b, quantity),
                year=_year(passage.text, a, quantity.start),
                evidence=passage.evidence(*_quote(passage.text, a, b, quantity, country)),
                as_written=quantity.as_written,
            )
        )
    return shares


def _country(text: str, countries: tuple[Entity, ...], quantity: QuantityMention) -> Entity | None:
    before = [c for c in countries if c.end <= quantity.start]
    if before and _BEFORE_LINK.match(text[before[-1].end : quantity.start]):
        return before[-1]
    link = _AFTER_LINK.match(text, quantity.end)
    after = [c for c in countries if link and c.start == link.end()]
    if after:
        joint = any(c.start == after[0].end + 1 and text[after[0].end] == "、" for c in countries)
        return None if joint else after[0]
    return before[-1] if before else None


def _stage(
    document: AnalyzedDocument, passage: AnalyzedPassage, a: int, b: int, quantity: QuantityMention
) -> SupplyStage:
    text = passage.text
    before = list(_STAGE_WORDS.finditer(text, a, quantity.start))
    match = before[-1] if before else _STAGE_WORDS.search(text, quantity.end, b)
    if match is None:
        return "production"
    stage = _STAGES[match.group()]
    if stage == "production" and _produces_ore(document, passage, a, match.start()):
        return "mining"
    return stage


def _produces_ore(document: AnalyzedDocument, passage: AnalyzedPassage, a: int, b: int) -> bool:
    if _ORE in passage.text[a:b]:
        return True
    natural = {m.slug for m in document.vocabulary.minerals if m.kind == "mineral"}
    return any(e.key in natural for e in passage.entities_in(a, b, "mineral"))


def _year(text: str, a: int, position: int) -> int | None:
    years = year_mentions(text, a, position)
    return years[-1].year if years else None


def _quote(
    text: str, a: int, b: int, quantity: QuantityMention, country: Entity
) -> tuple[int, int]:
    return min(quantity.start, country.start), max(quantity.end, country.end)
