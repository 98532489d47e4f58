"""The fitted sentence ranker and answer calibration, read from `ranker_model.json`.

The file is written by bench/fit_ranker.py, which fits a scorer over the candidate features
(`features.FEATURE_NAMES`) on the labelled development questions, a logistic regression
(`LinearScorer`) or gradient-boosted trees (`tree_ensemble.TreeEnsemble`), whichever ranks
better out of fold, and records where it came from (training files, date, cross-validated
figures). Two more fitted parts turn the ranking into a decision:
- `calibration`: a logistic regression from what is known of the best candidate (its log-odds,
  its margin over the runner-up, how many candidates may answer, its own features:
  `DECISION_INPUTS`) to the probability that the answer is right (`confidence`). The ranker
  learns which candidate of a question is right; the calibration whether the question's best
  is, where an unanswerable question differs from an answerable one in features the ranking
  can weigh alike for every candidate (terms no passage uses, a year no document has);
- `threshold`: below this confidence the answerer abstains; chosen by cross-validation over
  the development questions.
No weight lives in code: a missing or malformed file is an error that names the file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from policy_kg import atomic
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.tree_ensemble import TreeEnsemble, TreeError

MODEL_FILE = Path(__file__).with_name("ranker_model.json")
FORMAT_VERSION = 3

# What the calibration reads of a question's best candidate, in the order of its weights.
DECISION_INPUTS: tuple[str, ...] = ("log_odds", "margin", "log_fitting", *FEATURE_NAMES)


class RankerModelError(ValueError):
    """The fitted ranker file is missing or malformed; the message names the file."""


class Scorer(Protocol):
    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """The log-odds that each candidate row answers its question."""
        ...

    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class LinearScorer:
    """A logistic regression over standardised features."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        if rows.size == 0:
            return np.zeros(0)
        standard = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        return standard @ np.asarray(self.coef) + self.intercept

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "linear",
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }


@dataclass(frozen=True)
class RankerModel:
    features: tuple[str, ...]
    scorer: Scorer
    calibration: LinearScorer  # over DECISION_INPUTS
    threshold: float
    provenance: dict[str, Any]

    def log_odds(self, rows: np.ndarray) -> np.ndarray:
        """The model's log-odds that each candidate row answers its question."""
        return self.scorer.log_odds(rows)

    def confidence(
        self, best: float, runner_up: float | None, fitting: int, features: Sequence[float]
    ) -> float:
        """Calibrated probability that the best candidate (log-odds `best`, measured
        `features`, one of `fitting` that may answer) answers."""
        return calibrated(self.calibration, decision_row(best, runner_up, fitting, features))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "features": list(self.features),
            "scorer": self.scorer.to_json(),
            "calibration": self.calibration.to_json(),
            "threshold": self.threshold,
            "provenance": self.provenance,
        }

    def save(self, path: Path) -> None:
        atomic.write_text(path, _layout(self.to_json()) + "\n")


def _layout(value: Any, indent: str = "") -> str:
    """JSON with an object's fields one a line and a list of objects one item a line (a tree a
    line): readable and diffable, where a number a line would give 34,000 lines for 112 trees."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        fields = (f"{inner}{json.dumps(k)}: {_layout(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(fields) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        items = (inner + json.dumps(v, ensure_ascii=False) for v in value)
        return "[\n" + ",\n".join(items) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


def load_model(path: Path = MODEL_FILE) -> RankerModel:
    """Read and check a fitted file; any fault is a RankerModelError naming the file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RankerModelError(
            f"{path}: the fitted sentence ranker is missing; run bench/fit_ranker.py"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RankerModelError(f"{path}: not a readable JSON file ({_short(error)})") from None
    if not isinstance(raw, dict):
        raise RankerModelError(f"{path}: expected a JSON object")
    if raw.get("format") != FORMAT_VERSION:
        raise RankerModelError(f"{path}: field 'format' must be {FORMAT_VERSION}")
    features = tuple(_list(raw, "features", path, str))
    if features != FEATURE_NAMES:
        raise RankerModelError(
            f"{path}: field 'features' does not list this version's features; refit it"
        )
    return RankerModel(
        features=features,
        scorer=_scorer(raw.get("scorer"), len(features), path),
        calibration=_linear(raw.get("calibration"), len(DECISION_INPUTS), path, "calibration"),
        threshold=_number(raw, "threshold", path),
        provenance=raw.get("provenance") if isinstance(raw.get("provenance"), dict) else {},
    )


def _scorer(raw: object, size: int, path: Path) -> Scorer:
    """The scorer of field 'scorer': its 'kind' says which."""
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind == "trees":
        try:
            return TreeEnsemble.from_json(raw, size)  # type: ignore[arg-type]
        except TreeError as error:
            raise RankerModelError(f"{path}: field 'scorer': {error}") from None
    if kind != "linear":
        raise RankerModelError(f"{path}: field 'scorer' must have 'kind' 'linear' or 'trees'")
    return _linear(raw, size, path, "scorer")


def _linear(raw: object, size: int, path: Path, field: str) -> LinearScorer:
    """A logistic regression of `size` weights, kept in field `field`."""
    if not isinstance(raw, dict) or raw.get("kind") != "linear":
        raise RankerModelError(f"{path}: field {field!r} must have 'kind' 'linear'")
    weights = {
        name: tuple(_list(raw, name, path, float, size, within=field))
        for name in ("mean", "scale", "coef")
    }
    scorer = LinearScorer(**weights, intercept=_number(raw, "intercept", path, within=field))
    if any(s <= 0 for s in scorer.scale):
        raise RankerModelError(f"{path}: field '{field}.scale' must be positive")
    return scorer


def decision_row(
    best: float, runner_up: float | None, fitting: int, features: Sequence[float]
) -> np.ndarray:
    """The calibration's inputs (`DECISION_INPUTS`) for a question's best candidate."""
    margin = best - (runner_up if runner_up is not None else best)
    return np.array([best, margin, math.log1p(fitting), *features], dtype=float)


def calibrated(calibration: LinearScorer, row: np.ndarray) -> float:
    """The probability a calibration gives the best candidate whose inputs are `row`."""
    return _sigmoid(float(calibration.log_odds(row[None, :])[0]))


def _list(
    raw: dict, field: str, path: Path, kind: type, size: int | None = None, within: str = ""
) -> list:
    value = raw.get(field)
    field = f"{within}.{field}" if within else field
    if not isinstance(value, list) or (size is not None and len(value) != size):
        wanted = f"a list of {size}" if size is not None else "a list"
        raise RankerModelError(f"{path}: field {field!r} must be {wanted}")
    try:
        items = [kind(v) if kind is float else v for v in value]
    except (TypeError, ValueError):
        raise RankerModelError(f"{path}: field {field!r} holds a non-number") from None
    if kind is str and not all(isinstance(v, str) for v in items):
        raise RankerModelError(f"{path}: field {field!r} must list names")
    if kind is float and not all(math.isfinite(v) for v in items):
        raise RankerModelError(f"{path}: field {field!r} holds a non-finite number")
    return items


def _number(raw: dict, field: str, path: Path, within: str = "") -> float:
    value = raw.get(field)
    field = f"{within}.{field}" if within else field
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RankerModelError(f"{path}: field {field!r} must be a number")
    return float(value)


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 120 else text[:117] + "..."


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 60.0), -60.0)))
