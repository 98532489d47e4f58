"""Budgets: amounts in 億円 (兆円, 万円) with their programme and fiscal-year label.

An amount is a budget when a fiscal-year label with a budget word governs it (令和4年度第2次補正
予算：…, …（平成23年度三次補正予算）, a section headed …(24年度要求)) or when it is followed by
the previous year's figure in 【】 (the budget-request layout of the slides). Amounts inside 【】
(last year's figure) or （うち…） (a part of another amount) are not budgets of their own.

The programme is the text before the amount on its line, back to the previous amount, label,
、 or ：; when the amount stands alone on its line, the lines above it in the passage.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.extract.text import enclosing_bracket
from policy_kg.nlp.facts import Budget

_FISCAL_LABEL = re.compile(
    r"(?:令和|平成|昭和)?\s*[0-9０-９元]+\s*年度\s*(?:第?\s*[0-9０-９一二三四五六七八九]+\s*次)?\s*"
    r"(?:補正予算|当初予算案?|予算案|予算要求額|予算額|予算|予備費|概算要求|要求額|要求|補正)"
)
_AMOUNT = re.compile(r"(?:約\s*)?(?P<value>[0-9０-９][0-9０-９,，.．]*)\s*(?P<unit>兆円|億円|万円)")
_PROGRAMME_STOP = re.compile(r".*[：:、]")
_LABEL_GAP = re.compile(r"[\s\u3000（(]*$")
_PREVIOUS_YEAR = re.compile(r"\s*(?:[（(]うち[^）)]*[）)]\s*)?【")  # 40億円（うち…）【新規】
_MAX_PROGRAMME = 60
_STRIP = " \u3000：:、・*"


@extracts(Budget)
def extract_budgets(document: AnalyzedDocument) -> tuple[Budget, ...]:
    budgets = []
    for passage in document.passages:
        section_label = _section_label(document, passage)
        for match in _AMOUNT.finditer(passage.text):
            budget = _budget(document, passage, match, section_label)
            if budget is not None:
                budgets.append(budget)
    return tuple(budgets)


def _section_label(document: AnalyzedDocument, passage: AnalyzedPassage) -> str | None:
    for heading in document.headings_over(passage):
        if label := _FISCAL_LABEL.search(heading.text):
            return label.group().strip()
    return None


def _budget(
    document: AnalyzedDocument,
    passage: AnalyzedPassage,
    amount: re.Match[str],
    section_label: str | None,
) -> Budget | None:
    text = passage.text
    if _is_part_or_previous(text, amount.start()):
        return None
    line_start = text.rfind("\n", 0, amount.start()) + 1
    label = (
        _label_after(text, amount.end())
        or _label_before(text, line_start, amount.start())
        or section_label
    )
    if label is None and not _PREVIOUS_YEAR.match(text, amount.end()):
        return None
    start, end = _programme_span(text, line_start, amount.start())
    programme = text[start:end].replace("\n", "").strip(_STRIP)
    if not programme or len(programme) > _MAX_PROGRAMME:
        return None
    value = unicodedata.normalize("NFKC", amount.group("value")).replace(",", "")
    return Budget(
        doc_id=document.doc_id,
        programme=programme,
        amount=Decimal(value),
        unit=amount.group("unit"),
        fiscal_year=label,
        evidence=passage.evidence(min(start, amount.start()), amount.end()),
    )


def _is_part_or_previous(text: str, position: int) -> bool:
    opening = enclosing_bracket(text, position)
    return opening is not None and (text[opening] == "【" or text.startswith("うち", opening + 1))


def _label_before(text: str, line_start: int, position: int) -> str | None:
    labels = list(_FISCAL_LABEL.finditer(text, line_start, position))
    return labels[-1].group().strip() if labels else None


def _label_after(text: str, position: int) -> str | None:
    match = re.compile(r"\s*[（(]").match(text, position)
    if match is None:
        return None
    label = _FISCAL_LABEL.match(text, match.end())
    return label.group().strip() if label else None


def _programme_span(text: str, line_start: int, position: int) -> tuple[int, int]:
    """Back from the amount (and a label right before it) to the previous amount, label, 、, ：
    or bracket on its line; when nothing is left there, the lines above back to an amount."""
    labels = list(_FISCAL_LABEL.finditer(text, line_start, position))
    if labels and _LABEL_GAP.match(text[labels[-1].end() : position]):
        position = labels[-1].start()
    while position > line_start and text[position - 1] in _STRIP:
        position -= 1
    opening = enclosing_bracket(text, position)
    start = line_start if opening is None else max(line_start, opening + 1)
    for pattern in (_AMOUNT, _FISCAL_LABEL, _PROGRAMME_STOP):
        for match in pattern.finditer(text, line_start, position):
            start = max(start, match.end())
    if text[start:position].strip(_STRIP) or line_start == 0:
        return start, position
    previous = [m.end() for m in _AMOUNT.finditer(text, 0, line_start)]
    return max(previous, default=0), line_start
