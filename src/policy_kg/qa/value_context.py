"""How much of the question stands next to the value of the asked kind in a unit.

A unit may hold a value of the kind asked (a percentage, a weight, a date) and the question's
words, yet give the value for another subject: 自動車（43%）、産業機械（23%） answers a share of
cars, not of wind turbines, though 風力発電 is named a clause earlier; 家電モーター（エアコンで
約100g/台） gives an air conditioner's magnet weight, not a washing machine's. What the
ranker reads is the IDF-weighted share of the question's terms (or their synonyms) within a few
characters of the value, at the value whose surroundings hold the most. Of the 62 unanswerable
development questions the ranker answered in-sample on 2026-12-05, 45 asked a value and were
answered with a unit holding one. With this feature, out of fold over 1,622 development
questions, false abstentions fell from 69 to 60 of 1,300 and right answers plus right
abstentions rose from 1,290 to 1,301 (bench/fit_ranker.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from policy_kg.qa import features

# Characters read on each side of a value: a clause of Japanese policy prose (シェアは、2021年
# において、約15%) and a table row's label before its cell. Chosen once, not tuned.
VALUE_WINDOW = 20
# Values read per unit at most: a long table row or list holds dozens of numbers.
VALUES_READ = 12


def near_value(
    pattern: re.Pattern[str],
    plain: str,
    terms: Callable[[str], frozenset[str]],
    weights: Mapping[str, float],
    expansions: Mapping[str, frozenset[str]],
) -> float:
    """The largest share of the question's terms (IDF-weighted, `weights`) found within
    VALUE_WINDOW characters of a match of `pattern` in `plain`; 0 when nothing matches."""
    best = 0.0
    for n, match in enumerate(pattern.finditer(plain)):
        if n == VALUES_READ:
            break
        window = plain[max(0, match.start() - VALUE_WINDOW) : match.end() + VALUE_WINDOW]
        _, share = features.coverage(weights, set(terms(window)), set(), expansions, 0.0)
        best = max(best, share)
    return best
