"""Names listed together in a sentence: runs joined only by 、 及び 並びに 又は and brackets.

「リチウムイオン電池の原材料となるマンガン、ニッケル…及びグラファイト、…並びに航空機等の原材料
となるチタン及びマグネシウム」 lists two runs, each after the words that qualify it. Read by the
extraction of mineral uses (which joins や too: 原料となるネオジムやジスプロシウム)
and by the answerer's reading of a measure's list (`qa.routes.listed_runs`); light, so the
server imports it without the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

_BRACKETS = r"[、，,・\s（）()]*"
LIST_JOINT = re.compile(rf"{_BRACKETS}(?:及び|並びに|又は|および)?{_BRACKETS}")
LIST_JOINT_OR_YA = re.compile(rf"{_BRACKETS}(?:及び|並びに|又は|および|や)?{_BRACKETS}")

T = TypeVar("T")


@dataclass(frozen=True)
class Run(Generic[T]):
    """Mentions listed together: where the run starts and ends, and what each names."""

    start: int
    end: int
    items: tuple[T, ...]


def group_runs(
    text: str, mentions: Iterable[tuple[int, int, T]], joint: re.Pattern[str] = LIST_JOINT
) -> list[Run[T]]:
    """The runs of `mentions` ((start, end, item), in order, not overlapping): a mention
    joins the run before when only `joint` lies between them."""
    runs: list[Run[T]] = []
    for start, end, item in mentions:
        if runs and joint.fullmatch(text[runs[-1].end : start]):
            runs[-1] = Run(runs[-1].start, end, (*runs[-1].items, item))
        else:
            runs.append(Run(start, end, (item,)))
    return runs
