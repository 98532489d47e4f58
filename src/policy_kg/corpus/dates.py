"""Japanese dates (和暦 and 西暦) and ISO dates to `PartialDate`, with the precision given.

`令和8年3月30日改定` -> 2026-03-30, `平成２３年１２月` -> 2011-12, `令和7年〇月〇日改訂` -> 2025:
a month or day written as 〇/○ (left blank in a draft) is unknown, and so is everything after
it. Digits may be ASCII, full-width or kanji (二十三, 二〇二五); 元年 is year 1 of an era.
A year followed by 度 (fiscal year) or 代 (decade) is not a date; fiscal years (令和4年度,
R6年度, 2025年度) are read apart, by `fiscal_year` and `fiscal_years`, with the same era table.

No library is used: japanera, jpdatetime and jeraconv parse one known format at a time and
fail on full-width digits, blank 〇 placeholders and partial dates, and none finds dates in
running text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

from policy_kg.corpus.model import PartialDate

ERA_OFFSETS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}
# eras written as a letter before a fiscal year (R6年度, H24年度)
ERA_LETTERS = {"R": "令和", "H": "平成"}

_KANJI_DIGITS = {"〇": 0, "○": 0, "◯": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_BLANK = frozenset("〇○◯")
_SP = r"[ \t\u3000]*"
_NUMBER = r"[0-9０-９]{1,2}|[〇○◯一二三四五六七八九十]{1,3}"
_MONTH_DAY = rf"(?:{_SP}(?P<month>{_NUMBER}){_SP}月(?:{_SP}(?P<day>{_NUMBER}){_SP}日)?)?"
_NOT_FISCAL = r"(?![度代])"
_ERA = "|".join(ERA_OFFSETS)
_WAREKI = re.compile(
    rf"(?P<era>{_ERA}){_SP}(?P<year>元|[0-9０-９]{{1,2}}|[一二三四五六七八九十]{{1,3}}){_SP}年"
    rf"{_NOT_FISCAL}{_MONTH_DAY}"
)
_SEIREKI = re.compile(
    rf"(?<![0-9０-９,，.．])(?P<year>[0-9０-９]{{4}}|[〇一二三四五六七八九]{{4}}){_SP}年"
    rf"{_NOT_FISCAL}{_MONTH_DAY}"
)
# a fiscal year names its era (令和4年度, R6年度) or four digits (2025年度); 24年度 alone is
# not read
_FISCAL_YEAR = re.compile(
    rf"(?:(?P<era>{_ERA}|{'|'.join(ERA_LETTERS)}){_SP}"
    rf"(?P<year>元|[0-9０-９]{{1,2}}|[一二三四五六七八九十]{{1,3}})"
    rf"|(?<![0-9０-９,，.．])(?P<western>[0-9０-９]{{4}})){_SP}年度"
)
_ISO = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")


class DateParseError(ValueError):
    """A label holds no readable date, or one that does not exist."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"cannot read a date from {label!r}: {reason}")
        self.label = label
        self.reason = reason


def parse_japanese_date(label: str) -> PartialDate:
    """The one date in `label` (和暦 or 西暦, with any suffix such as 改定 or brackets)."""
    matches = list(_matches(label))
    if not matches:
        raise DateParseError(label, "no 和暦 (令和8年3月30日) or 西暦 (2026年3月30日) date")
    if len(matches) > 1:
        found = ", ".join(m.group(0) for m in matches)
        raise DateParseError(label, f"several dates ({found}); a label names one")
    return _to_partial_date(matches[0], label, label)


def find_dates(text: str) -> list[tuple[PartialDate, int, int]]:
    """Every date in `text` as (date, start, end); a date that does not exist is skipped."""
    found = []
    for match in _matches(text):
        try:
            found.append((_to_partial_date(match, match.group(0), text), *match.span()))
        except DateParseError:
            continue
    return found


def parse_iso_date(value: str, label: str = "") -> PartialDate:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the sidecar form) to a `PartialDate`."""
    match = _ISO.fullmatch(value)
    if match is None:
        raise DateParseError(value, "expected YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in match.group("year", "month", "day"))
    assert year is not None  # the pattern requires it
    _check(value, year, month, day)
    return PartialDate(year, month, day, label)


def japanese_date(iso: str) -> str:
    """An ISO (partial) date as Japanese text, to the precision it has: `2023-12` -> 2023年12月,
    `2025-04-04` -> 2025年4月4日, `2023` -> 2023年."""
    return parse_iso_date(iso).japanese


def fiscal_year(written: str) -> tuple[int | None, str]:
    """The first fiscal year in `written` as a western year, and the rest of the text:
    `令和4年度第2次補正予算` -> (2022, "第2次補正予算"); (None, the text) when none is named."""
    for match in _FISCAL_YEAR.finditer(written):
        year = _fiscal(match, written)
        if year is not None:
            return year, (written[: match.start()] + written[match.end() :]).strip()
    return None, written.strip()


def fiscal_years(text: str) -> set[int]:
    """Every fiscal year a text names, as western years, after NFKC (Ｒ６年度 -> 2024)."""
    normalized = unicodedata.normalize("NFKC", text)
    found = (_fiscal(match, normalized) for match in _FISCAL_YEAR.finditer(normalized))
    return {year for year in found if year is not None}


def _fiscal(match: re.Match[str], context: str) -> int | None:
    """The western year of a fiscal-year match; None for a kanji number that is none (十十)."""
    if match.group("western") is not None:
        return int(match.group("western"))
    era = match.group("era")
    try:
        year = _number(match.group("year"), context)
    except DateParseError:
        return None
    return None if year is None else ERA_OFFSETS[ERA_LETTERS.get(era, era)] + year


def _matches(text: str) -> Iterator[re.Match[str]]:
    matches = [*_WAREKI.finditer(text), *_SEIREKI.finditer(text)]
    yield from sorted(matches, key=lambda m: m.start())


def _to_partial_date(match: re.Match[str], label: str, context: str) -> PartialDate:
    era = match.group("era") if "era" in match.re.groupindex else None
    year = _number(match.group("year"), context)
    if year is None or year < 1:
        raise DateParseError(context, f"year {match.group('year')!r} is not a year")
    if era is not None:
        year += ERA_OFFSETS[era]
    month = _number(match.group("month"), context)
    day = _number(match.group("day"), context) if month is not None else None
    _check(context, year, month, day)
    return PartialDate(year, month, day, label)


def japanese_number(token: str) -> int | None:
    """The value of a number written in digits or kanji (3, 三, 十二, 二〇), as dates write
    their years; None when it is none."""
    try:
        return _number(token, token)
    except DateParseError:
        return None


def _number(token: str | None, context: str) -> int | None:
    """The value of a year, month or day token; None when absent or left blank (〇〇)."""
    if token is None or set(token) <= _BLANK:
        return None
    if token == "元":
        return 1
    if token[0].isdigit():
        return int(token)  # int() reads full-width digits too
    tens, ten, ones = token.partition("十")
    try:
        if not ten:
            return int("".join(str(_KANJI_DIGITS[c]) for c in token))
        return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    except KeyError:
        raise DateParseError(context, f"{token!r} is not a number") from None


def _check(context: str, year: int, month: int | None, day: int | None) -> None:
    if month is not None and not 1 <= month <= 12:
        raise DateParseError(context, f"month {month} does not exist")
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise DateParseError(context, f"day {day} does not exist in {year}-{month:02d}") from None
