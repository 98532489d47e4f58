"""Heading titles made comparable across revisions and across documents sharing a template.

A heading such as `（3）サプライチェーンの状況の的確な把握` is split into its numbering label
(`(3)`) and its title; titles are compared NFKC-normalised and without white space, so that
renumbering, full-width brackets and spacing (`第 5 節`) do not count as differences.

Two documents built on one template differ in their subject (重要鉱物の… vs 永久磁石の…). The
subject substitution is found by comparing the document titles and the same-numbered top-level
headings: where most of them differ by one and the same replaced span, that span is the subject.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from policy_kg.corpus.structure import compared_form

_NUMBER = "0-9０-９一二三四五六七八九十百ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_KATAKANA = "ア-ン"
_CIRCLED = "①-⑳"
_LABEL = re.compile(
    rf"""^\s*(
        第\s*[{_NUMBER}]+\s*[編章節款項目]      # 第3章, 第 5 節
      | [（(]\s*(?:[{_NUMBER}]+|[{_KATAKANA}]|[a-zａ-ｚ])\s*[）)]   # (2) （ウ） (a)
      | [{_CIRCLED}]                           # ①
      | [{_NUMBER}]+\s*[.．](?![0-9０-９])      # 1.
      | [{_KATAKANA}](?=[\s　])                # ア リチウム
    )\s*""",
    re.VERBOSE,
)
# Two substitution votes are needed so that one reworded chapter is not taken for a subject.
_MIN_VOTES = 2
_MIN_SHARED = 0.5  # the unchanged part of a title pair that votes for a substitution


@dataclass(frozen=True)
class HeadingKey:
    """A heading split for comparison: normalised numbering label and normalised title."""

    label: str
    title: str


@dataclass(frozen=True)
class Substitution:
    """Document A's subject `a` corresponds to document B's subject `b` in heading titles."""

    a: str
    b: str

    def apply(self, title: str) -> str:
        return title.replace(self.a, self.b)


def heading_key(heading: str) -> HeadingKey:
    match = _LABEL.match(heading)
    if match is None:
        return HeadingKey("", compared_form(heading))
    return HeadingKey(compared_form(match.group(1)), compared_form(heading[match.end() :]))


def title_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two normalised titles (1 - normalised indel distance)."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    return fuzz.ratio(a, b) / 100.0


def _replaced_span(a: str, b: str) -> Substitution | None:
    """The single span replaced between `a` and `b`, if they differ by exactly one such span."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if len(edits) != 1 or edits[0][0] != "replace":
        return None
    _, i1, i2, j1, j2 = edits[0]
    shared = len(a) - (i2 - i1)
    if shared < _MIN_SHARED * max(len(a), len(b)):
        return None
    return Substitution(a[i1:i2], b[j1:j2])


def subject_substitution(title_pairs: Iterable[tuple[str, str]]) -> Substitution | None:
    """The subject substitution voted for by at least two of the given (A, B) title pairs.

    Pass the documents' titles and their same-numbered top-level headings.
    """
    votes: Counter[Substitution] = Counter()
    for a, b in title_pairs:
        if (span := _replaced_span(compared_form(a), compared_form(b))) is not None:
            votes[span] += 1
    if not votes:
        return None
    best, count = votes.most_common(1)[0]
    return best if count >= _MIN_VOTES else None
