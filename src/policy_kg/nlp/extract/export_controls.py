"""Export-control steps (who, when, which minerals, on what basis), kept per source document.

Two shapes of text state them:

* prose naming a legal basis (the critical-minerals policy): a sentence on exports (輸出) cut
  into clauses at each dated step, "YYYY年M月には <issuer>公告 <number>（<title>）に基づき
  <minerals>を、…"; the issuer is the agency opening the basis, the country that agency's;
  minerals named in the title are not counted, only those the clause designates;
* a timeline list right under an export-control heading (the slide deck): lines
  "2023年 8月 ガリウム、ゲルマニウム", "12月 黒鉛" — a line without a year takes the year of
  the line above; lines with no date (重レアアース7種, notes) add nothing; the country is the
  one the headings name.

Dates are ISO year-month as the source states them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policy_kg.corpus.dates import find_dates
from policy_kg.corpus.model import PartialDate
from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage, Entity
from policy_kg.nlp.extract.registry import extracts
from policy_kg.nlp.extract.text import closing_bracket, sentences
from policy_kg.nlp.facts import ExportControl

_EXPORT = "輸出"
_NOTICE = re.compile(r"公告\s*[0-9０-９]{4}\s*年\s*第?\s*[0-9０-９]+\s*号")
_TIMELINE_LINE = re.compile(
    r"^(?:(?P<year>[0-9０-９]{4})\s*年\s*)?(?P<month>[0-9０-９]{1,2})\s*月\s+(?P<rest>\S.*)$"
)
_MIN_TIMELINE_LINES = 2


@extracts(ExportControl)
def extract_export_controls(document: AnalyzedDocument) -> tuple[ExportControl, ...]:
    found: dict[tuple[str, tuple[str, ...]], ExportControl] = {}
    for passage in document.passages:
        for control in (*_prose_steps(document, passage), *_timeline(document, passage)):
            found.setdefault((control.date, control.minerals), control)
    return tuple(found.values())


# ---------------------------------------------------------------- prose with a legal basis


def _prose_steps(document: AnalyzedDocument, passage: AnalyzedPassage) -> Iterator[ExportControl]:
    text = passage.text
    for a, b in sentences(text):
        if _EXPORT not in text[a:b] or not _NOTICE.search(text, a, b):
            continue
        dated = [(d, s, e) for d, s, e in find_dates(text[a:b]) if d.month is not None]
        for n, (date, start, _) in enumerate(dated):
            end = a + dated[n + 1][1] if n + 1 < len(dated) else b
            step = _step(document, passage, date, a + start, end)
            if step is not None:
                yield step


def _step(
    document: AnalyzedDocument, passage: AnalyzedPassage, date: PartialDate, start: int, end: int
) -> ExportControl | None:
    text = passage.text
    notice = _NOTICE.search(text, start, end)
    agencies = passage.entities_in(start, notice.start() if notice else start, "agency")
    if notice is None or not agencies:
        return None
    basis_end = notice.end()
    if text[basis_end : basis_end + 1] in ("（", "("):
        basis_end = closing_bracket(text, basis_end) + 1
    minerals = passage.entities_in(basis_end, end, "mineral")
    country = _agency_country(document, agencies[0])
    if not minerals or country is None:
        return None
    quote_end = _clause_end(text, minerals[-1].end, end)
    return ExportControl(
        doc_id=document.doc_id,
        country=country,
        date=date.iso,
        date_label=date.label,
        minerals=tuple(dict.fromkeys(m.key for m in minerals)),
        legal_basis=text[agencies[0].start : basis_end],
        evidence=passage.evidence(start, quote_end),
    )


def _clause_end(text: str, position: int, end: int) -> int:
    """Just after the object marker を closing the mineral list (or at the clause's end)."""
    found = text.find("を", position, end)
    return found + 1 if found >= 0 else end


def _agency_country(document: AnalyzedDocument, agency: Entity) -> str | None:
    for entry in document.vocabulary.agencies:
        if entry.slug == agency.key:
            return entry.country
    return None


# ---------------------------------------------------------------- timeline lists


def _timeline(document: AnalyzedDocument, passage: AnalyzedPassage) -> Iterator[ExportControl]:
    headings = document.headings_over(passage)
    if not headings or _EXPORT not in headings[0].text:
        return
    lines = list(_lines(passage.text))
    dated = [(s, m) for s, m in lines if m is not None]
    country = _heading_country(headings)
    if len(dated) < _MIN_TIMELINE_LINES or country is None:
        return
    year: int | None = None
    for start, match in dated:
        if match.group("year"):
            year = int(match.group("year"))
        if year is None:
            continue
        rest = start + match.start("rest")
        line_end = start + match.end()
        minerals = passage.entities_in(rest, line_end, "mineral")
        if not minerals:
            continue
        label = passage.text[start : start + match.start("rest")].strip()
        yield ExportControl(
            doc_id=document.doc_id,
            country=country,
            date=PartialDate(year, int(match.group("month"))).iso,
            date_label=label,
            minerals=tuple(dict.fromkeys(m.key for m in minerals)),
            legal_basis=None,
            evidence=passage.evidence(start, line_end),
        )


def _lines(text: str) -> Iterator[tuple[int, re.Match[str] | None]]:
    start = 0
    for line in text.split("\n"):
        yield start, _TIMELINE_LINE.match(line)
        start += len(line) + 1


def _heading_country(headings: list[AnalyzedPassage]) -> str | None:
    for heading in headings:
        for entity in heading.entities:
            if entity.entity_type == "country":
                return entity.key
    return None
