"""The year a target refers to when its own sentence names none.

Slides and tables state it apart from the number: a label line 「2030年」 above a list, a
table's first row 「2030年目標」, a heading 「2030年に向けた目標」. Each of these counts only
when it names exactly one year (and, for a line, no number of its own): a line that is itself
a figure, or two years, says nothing about which year the target meant.
"""

from __future__ import annotations

from policy_kg.nlp.extract.analyzed import AnalyzedDocument, AnalyzedPassage
from policy_kg.nlp.extract.quantities import find_quantities
from policy_kg.nlp.extract.text import year_mentions

History = list[tuple[AnalyzedPassage, int]]  # passages of the section read so far, sentence ends


def context_year(
    document: AnalyzedDocument, passage: AnalyzedPassage, start: int, history: History
) -> int | None:
    """The year a target refers to when its own sentence names none (see the module doc)."""
    for line in (_line_before(passage, start, history), _table_header(passage, start)):
        year = None if line is None or any(find_quantities(line)) else _only_year(line)
        if year is not None:
            return year
    for heading in document.headings_over(passage):
        if (year := _only_year(heading.text)) is not None:
            return year
    return None


def _only_year(text: str) -> int | None:
    years = {y.year for y in year_mentions(text, 0, len(text))}
    return years.pop() if len(years) == 1 else None


def _line_before(passage: AnalyzedPassage, start: int, history: History) -> str | None:
    """The line before text[start]: in the passage, else the last line of the passage before
    (None when an earlier sentence shares the line)."""
    own = passage.text[:start].rstrip("\n")
    if "\n" in own:
        return own.rsplit("\n", 1)[1]
    earlier = [(p, end) for p, end in history if p is not passage]
    if own.strip() or not earlier:
        return None
    previous, end = earlier[-1]
    return previous.text[:end].rstrip().rsplit("\n", 1)[-1]


def _table_header(passage: AnalyzedPassage, start: int) -> str | None:
    """The first row of a table passage, when the target is in a later row."""
    if passage.passage.kind != "table":
        return None
    first = passage.text.split("\n", 1)[0]
    return first if start >= len(first) else None
