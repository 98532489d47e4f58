"""Numbers with units as written in the texts: 約10万トン／年, 13,000, 20-22%, 150 k J/m^3, 6割.

Values are read into a `Quantity` (Decimal values): 万 expanded, thousands separators dropped,
full-width digits read, a range kept as its two bounds. Word quantities: 倍増 (2 倍), 半減 (50 %),
約半分 (50 %), ほぼ全て (100 %).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from policy_kg.nlp.quantity import Quantity

_DIGIT = "0-9０-９"
_NUMBER = rf"[{_DIGIT}][{_DIGIT},，]*(?:[.．][{_DIGIT}]+)?"
_UNITS = r"トン\s*[／/]\s*年|トン|GWh|Nm\s*/\s*L|k\s*J\s*/\s*m\^?3|k\s*A\s*/\s*m|rpm|[%％]|倍|割"
QUANTITY = re.compile(
    rf"(?P<approx>約|ほぼ)?\s*(?P<low>{_NUMBER})(?:\s*[-－‐～~]\s*(?P<high>{_NUMBER}))?"
    rf"(?P<myriad>万)?\s*(?P<unit>{_UNITS})"
)
_WORDS = re.compile(r"倍増|半減|(?P<approx>約|ほぼ)(?:半分|全て)")
_WORD_VALUES = {"倍増": ("2", "倍"), "半減": ("50", "%"), "半分": ("50", "%"), "全て": ("100", "%")}
_AFTER_APPROX = re.compile(r"\s*(?:以上|以下)?\s*(?:程度|規模)")


@dataclass(frozen=True)
class QuantityMention:
    """A quantity found in a text: its value and unit (as written without inner white space;
    割 becomes %), whether the text says it is approximate, and where it is written."""

    quantity: Quantity
    approximate: bool
    start: int
    end: int
    as_written: str


def number_value(text: str) -> Decimal:
    """The value of a written number: full-width digits, separators and 万 handled."""
    plain = unicodedata.normalize("NFKC", text).replace(",", "")
    if plain.endswith("万"):
        return Decimal(plain[:-1]) * 10000
    return Decimal(plain)


def find_quantities(text: str, start: int = 0, end: int | None = None) -> Iterator[QuantityMention]:
    """Every quantity in text[start:end], numeric and word forms, in text order."""
    end = len(text) if end is None else end
    found = [_numeric(m, text) for m in QUANTITY.finditer(text, start, end)]
    found += [_word(m, text) for m in _WORDS.finditer(text, start, end)]
    yield from sorted(found, key=lambda q: q.start)


def _numeric(match: re.Match[str], text: str) -> QuantityMention:
    myriad = "万" if match.group("myriad") else ""
    factor = 10 if match.group("unit") == "割" else 1
    low, high = (
        None if g is None else number_value(g + myriad) * factor for g in match.group("low", "high")
    )
    unit = "%" if match.group("unit") in ("割", "％") else re.sub(r"\s+", "", match.group("unit"))
    quantity = (
        Quantity(value=low, unit=unit)
        if high is None
        else Quantity(minimum=low, maximum=high, unit=unit)
    )
    approximate = bool(match.group("approx")) or bool(_AFTER_APPROX.match(text, match.end()))
    return QuantityMention(quantity, approximate, match.start(), match.end(), match.group())


def _word(match: re.Match[str], text: str) -> QuantityMention:
    key = match.group()[-2:]
    quantity = Quantity.parse(*_WORD_VALUES[key])
    approximate = bool(match.group("approx"))
    return QuantityMention(quantity, approximate, match.start(), match.end(), match.group())
