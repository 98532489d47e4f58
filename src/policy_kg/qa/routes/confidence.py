"""The confidence a graph route's answers carry: how often its answers were right.

A text answer's confidence is the calibrated probability of its best candidate
(`ranker_model`). A graph answer states an extracted fact whose subject and kind the question
names; its confidence is the share of the route's answers to the development questions that
were right, by Laplace's rule of succession ((right + 1) / (answered + 2)), so that a route
that answered few questions is not called certain. The counts live in `route_confidence.json`,
written by `bench/eval_routes.py --write` over bench/eval's development files (never a
held-out one); they are in-sample, since the routes' cues were written reading those questions.

Before, every graph answer carried one figure, 0.95, from the 18 of 18 graph answers to the
first 94 development questions, and the target and first-naming routes carried none. Over the
2,049 development questions (the counts since the enforcement order was no applying day)
the routes answered 268, right 250; a budget answer was right 8 times of 10, the minerals of
a measure 19 of 25, a revision date 52 of 54.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from policy_kg import atomic

ROUTE_CONFIDENCE_FILE = Path(__file__).with_name("route_confidence.json")


class RouteConfidenceError(ValueError):
    """The counts file is missing or malformed; the message names it."""


@dataclass(frozen=True)
class RouteCounts:
    answered: int
    right: int

    def __post_init__(self) -> None:
        if not 0 <= self.right <= self.answered:
            raise ValueError(f"right {self.right} of answered {self.answered}")

    @property
    def confidence(self) -> float:
        return (self.right + 1) / (self.answered + 2)


def route_confidences(path: Path = ROUTE_CONFIDENCE_FILE) -> dict[str, float]:
    """Each measured route's confidence, by route name."""
    return {name: counts.confidence for name, counts in read_counts(path).items()}


def read_counts(path: Path = ROUTE_CONFIDENCE_FILE) -> dict[str, RouteCounts]:
    try:
        routes = json.loads(path.read_text(encoding="utf-8"))["routes"]
        return {name: RouteCounts(**counts) for name, counts in routes.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise RouteConfidenceError(f"{path}: unreadable route counts ({error})") from error


def write_counts(
    counts: Mapping[str, RouteCounts], files: list[str], path: Path = ROUTE_CONFIDENCE_FILE
) -> None:
    """Write the counts aside and rename them into place, with where they came from."""
    record = {
        "script": "bench/eval_routes.py --write",
        "measured": date.today().isoformat(),
        "files": files,
        "rule": "(right + 1) / (answered + 2)",
        "routes": {name: asdict(counts[name]) for name in sorted(counts)},
    }
    atomic.write_text(path, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
