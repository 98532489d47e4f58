"""Question analysis: what kind of answer is asked for, and which years it names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

QuestionType = Literal[
    "date", "place", "agency", "money", "quantity", "definition", "mineral", "requirement", "what"
]

# First match wins: the more specific cues come first.
_CUES: tuple[tuple[QuestionType, re.Pattern[str]], ...] = (
    ("definition", re.compile(r"とは(何|なに)|何というか|何と呼ぶ|どういう意味|定義")),
    ("money", re.compile(r"いくら|金額|予算額|予算は|の額|額は|何円|億円|総額")),
    ("date", re.compile(r"いつ|何年|何月|時期|どの年|年月")),
    ("requirement", re.compile(r"条件|要件|基準|満たす")),
    ("agency", re.compile(r"誰|どの機関|機関は|機関を|どこが|担っている|担う|所管|運営|実施主体")),
    ("mineral", re.compile(r"どの鉱種|どの鉱物|どのレアアース|何の鉱種|鉱種は")),
    ("place", re.compile(r"どこ|どの国|どの地域|国はどこ|国名")),
    (
        "quantity",
        re.compile(r"どれくらい|どれだけ|どの程度|何トン|何%|何％|割合|量は|いくつ|何倍|目標"),
    ),
)
_YEAR = re.compile(r"(\d{4})年")


@dataclass(frozen=True)
class Question:
    text: str
    normalized: str
    qtype: QuestionType
    years: tuple[str, ...]


def analyse(text: str) -> Question:
    normalized = unicodedata.normalize("NFKC", text).strip()
    qtype: QuestionType = next((t for t, cue in _CUES if cue.search(normalized)), "what")
    return Question(text, normalized, qtype, tuple(dict.fromkeys(_YEAR.findall(normalized))))
