"""Scoring answers against questions in the development-set format (bench/eval/README.md).

A citation counts when its doc_id matches a gold entry and its quote, NFKC-normalised without
white space, markup tags or table cell separators, contains one of the gold quotes; an answer
hits when it contains one of `answer_any` (same normalisation). Gold quotes are copied from the
raw lines of corpus/*.txt, where a table row is a Markdown, tab-separated or HTML line; a
passage renders it with the markup dropped and its cells joined by ` | ` (corpus.tables), so
without that part of the rule no citation of an HTML table cell could count (5 development
rows quote `<td>` or `<br>` markup). Likewise a gold quote copied with its line's bullet mark
(○国内立地推進事業：…) counts for the bullet cited without it, as an answer unit cites a bullet
(corpus.units; 2 development rows and 2 held-out rows start with such a mark). And a gold quote
copied with a footnote marker (…チタン及びマグネシウム¹⁵を施策の対象とする) counts for the
sentence cited without it: the parser turns markers into links to the footnotes
(corpus.passages), so no passage holds one (4 development rows, no held-out row, quote one).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policy_kg.corpus.structure import BULLET, FOOTNOTE_MARK
from policy_kg.qa.model import Answer

# The question files of bench/eval/ (format and split: bench/eval/README.md). The development
# part fits and tunes; the held-out part only reports. `seen_qa.jsonl` holds the held-out
# rows whose texts were once printed (13 unanswerable ones and one answerable of the first
# part, three answerable of the second): seen, so development now.
DEVELOPMENT_FILES = (
    "dev_qa.jsonl",
    "extra_qa.jsonl",
    "more_qa.jsonl",
    "grow_qa.jsonl",
    "seen_qa.jsonl",
    "widen_qa.jsonl",
    "probe_qa.jsonl",
    "fresh_qa.jsonl",
    "cover_qa.jsonl",
    "remain_qa.jsonl",
    "unseen_qa.jsonl",
)
# The held-out parts, each reported apart: the first (90 rows, 2026-12-01/02) and a second
# written on 2026-12-07 by four writers reading the texts alone, for figures whose one
# question is less than a point (bench/eval/README.md).
HELDOUT_FILES = ("heldout_qa.jsonl", "heldout2_qa.jsonl")


# markup tags and the cell separators of a table line: how a row is laid out, not its text
_LAYOUT = re.compile(r"<[^<>]+>|\||\s")


def compact(text: str) -> str:
    return _LAYOUT.sub("", unicodedata.normalize("NFKC", FOOTNOTE_MARK.sub("", text)))


def read_questions(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def supports(row: dict, doc_id: str, quote: str) -> bool:
    """Whether a quote from `doc_id` holds one of the row's gold quotes."""
    text = compact(quote)
    return any(
        gold["doc_id"] == doc_id
        and any(compact(BULLET.sub("", q.strip())) in text for q in gold["quote_any"])
        for gold in row["gold"]
    )


@dataclass(frozen=True)
class Outcome:
    row: dict
    answer: Answer
    seconds: float = 0.0

    @property
    def expect_abstain(self) -> bool:
        return bool(self.row["expect_abstain"])

    def cites_gold(self, k: int) -> bool:
        return any(supports(self.row, c.doc_id, c.quote) for c in self.answer.citations[:k])

    @property
    def answer_hit(self) -> bool:
        return any(compact(a) in compact(self.answer.answer) for a in self.row["answer_any"])


@dataclass(frozen=True)
class Scores:
    recall_at_1: float
    recall_at_3: float
    answer_hits: float
    abstained_rightly: int
    unanswerable: int
    abstained_wrongly: int


def score(outcomes: list[Outcome]) -> Scores:
    answerable = [o for o in outcomes if not o.expect_abstain]
    unanswerable = [o for o in outcomes if o.expect_abstain]
    share = lambda hits: sum(hits) / max(len(answerable), 1)  # noqa: E731
    return Scores(
        recall_at_1=share(o.cites_gold(1) for o in answerable),
        recall_at_3=share(o.cites_gold(3) for o in answerable),
        answer_hits=share(o.answer_hit for o in answerable),
        abstained_rightly=sum(o.answer.abstained for o in unanswerable),
        unanswerable=len(unanswerable),
        abstained_wrongly=sum(o.answer.abstained for o in answerable),
    )


CURVE_STEPS = tuple(n / 10 for n in range(10))


@dataclass(frozen=True)
class CurvePoint:
    threshold: float
    coverage: float  # share of all questions answered at this confidence or above
    accuracy: float  # share of those answers that are right (cited and hitting)


def right(outcome: Outcome) -> bool:
    """An answer to an answerable question, citing a gold quote first and hitting."""
    return (
        not outcome.answer.abstained
        and not outcome.expect_abstain
        and outcome.cites_gold(1)
        and outcome.answer_hit
    )


def curve(outcomes: list[Outcome]) -> list[CurvePoint]:
    """Coverage and accuracy if answers below each confidence were withheld (an answer of
    unknown confidence counts as given at every threshold)."""
    points = []
    for threshold in CURVE_STEPS:
        given = [
            o
            for o in outcomes
            if not o.answer.abstained
            and (o.answer.confidence is None or o.answer.confidence >= threshold)
        ]
        points.append(
            CurvePoint(
                threshold,
                len(given) / max(len(outcomes), 1),
                sum(right(o) for o in given) / max(len(given), 1),
            )
        )
    return points
