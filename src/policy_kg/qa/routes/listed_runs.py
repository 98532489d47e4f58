"""Which part of a measure's list a question asks for, by the words that qualify that part.

One sentence can list what a measure covers in groups, each with its own use or condition:
「リチウムイオン電池の原材料となるマンガン、…及びグラファイト、…並びに航空機等の原材料となる
チタン及びマグネシウムを施策の対象とする」. A question that names a use (飛行機などの材料として)
or a condition (供給が途絶えるおそれが認められる間に限って) asks for one group, where the
measures route had answered the whole list (20 minerals for now, 35 by law): on the 881
development questions, three so worded cited the list's first sentence, the legal list,
instead of the group's own.

A group is a run of listed subjects joined only by 、 及び 並びに 又は (and brackets, as in
希土類金属（レアアース）). The words qualifying it are those between it and the run before
(or the sentence's start), and, for the sentence's last run, those after it (…の供給途絶の
蓋然性が認められる間は施策の対象とする). A subject's name inside a longer word (リチウム in
リチウムイオン電池) is part of a qualifier, not a listed subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from policy_kg.nlp.lists import group_runs
from policy_kg.nlp.scripts import whole_word


@dataclass(frozen=True)
class ListedRun:
    """Subjects listed together in one sentence, and the words of it that qualify them."""

    subjects: tuple[str, ...]
    qualifiers: str


def listed_runs(sentence: str, surfaces: Mapping[str, Iterable[str]]) -> list[ListedRun]:
    """The runs of the sentence's listed subjects; `surfaces` gives each subject's names."""
    runs = group_runs(sentence, _mentions(sentence, surfaces))
    ends = [0, *(run.end for run in runs)]
    found = [
        ListedRun(tuple(dict.fromkeys(run.items)), sentence[before : run.start])
        for before, run in zip(ends, runs, strict=False)
    ]
    if found:  # the last run is also qualified by what follows it
        last = found[-1]
        found[-1] = ListedRun(last.subjects, last.qualifiers + sentence[runs[-1].end :])
    return found


def best_runs(
    runs: Iterable[ListedRun], asked: frozenset[str], terms: Callable[[str], frozenset[str]]
) -> list[ListedRun]:
    """The runs whose qualifying words share most of the question's `asked` terms; none
    when no run shares any."""
    scored = [(len(asked & terms(run.qualifiers)), run) for run in runs]
    top = max((score for score, _ in scored), default=0)
    return [run for score, run in scored if score == top > 0]


def _mentions(sentence: str, surfaces: Mapping[str, Iterable[str]]) -> list[tuple[int, int, str]]:
    """(start, end, subject) of every name of a subject written as a word of its own, in
    order; of two overlapping names the one starting first (then the longer) is kept."""
    found = sorted(
        (hit.start(), -hit.end(), subject)
        for subject, names in surfaces.items()
        for name in set(names)
        for hit in re.finditer(re.escape(name), sentence)
        if whole_word(sentence, hit.start(), hit.end())
    )
    kept: list[tuple[int, int, str]] = []
    for start, negative_end, subject in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, -negative_end, subject))
    return kept
