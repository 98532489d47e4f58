import json
import math

import numpy as np
import pytest

from policy_kg.qa.evaluation import HELDOUT_FILES
from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.ranker_model import (
    DECISION_INPUTS,
    MODEL_FILE,
    LinearScorer,
    RankerModel,
    RankerModelError,
    decision_row,
    load_model,
)
from policy_kg.qa.tree_ensemble import Tree, TreeEnsemble


def _linear() -> LinearScorer:
    n = len(FEATURE_NAMES)
    return LinearScorer((0.0,) * n, (2.0,) * n, tuple(float(i) for i in range(n)), -1.0)


def _calibration() -> LinearScorer:
    """Weighs the log-odds, the margin and how many candidates may answer, nothing else."""
    n = len(DECISION_INPUTS)
    coef = tuple(
        {"log_odds": 1.0, "margin": 0.25, "log_fitting": -0.5}.get(name, 0.0)
        for name in DECISION_INPUTS
    )
    return LinearScorer((0.0,) * n, (1.0,) * n, coef, 0.5)


def _model(**changes) -> RankerModel:
    base = dict(
        features=FEATURE_NAMES,
        scorer=_linear(),
        calibration=_calibration(),
        threshold=0.4,
        provenance={"questions": 3},
    )
    return RankerModel(**{**base, **changes})


def _stump() -> TreeEnsemble:
    """coverage <= 0.5 -> -1, else +2; plus a second tree adding 0.5 everywhere."""
    split = Tree(
        (FEATURE_NAMES.index("coverage"), -1, -1),
        (0.5, 0, 0),
        (1, 0, 0),
        (2, 0, 0),
        (0.0, -1.0, 2.0),
    )
    return TreeEnsemble(0.25, (split, Tree((-1,), (0.0,), (0,), (0,), (0.5,))))


@pytest.mark.parametrize("scorer", [_linear(), _stump()], ids=["linear", "trees"])
def test_a_saved_model_loads_back_and_scores_alike(tmp_path, scorer):
    path = tmp_path / "ranker.json"
    model = _model(scorer=scorer)
    model.save(path)
    loaded = load_model(path)
    rows = np.arange(2 * len(FEATURE_NAMES), dtype=float).reshape(2, -1) / 10
    assert np.allclose(loaded.log_odds(rows), model.log_odds(rows))
    assert loaded.provenance == {"questions": 3} and loaded.threshold == 0.4


def test_a_saved_ensemble_keeps_a_tree_a_line(tmp_path):
    path = tmp_path / "ranker.json"
    _model(scorer=_stump()).save(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(line.lstrip().startswith('{"feature"') for line in lines) == 2


def test_log_odds_standardise_then_weigh():
    model = _model()
    row = np.ones((1, len(FEATURE_NAMES)))
    expected = sum(0.5 * c for c in model.scorer.coef) - 1.0
    assert math.isclose(model.log_odds(row)[0], expected)


def test_confidence_reads_the_score_the_margin_and_how_many_may_answer():
    model = _model()
    features = (0.0,) * len(FEATURE_NAMES)
    assert model.confidence(2.0, 0.0, 3, features) > model.confidence(1.0, 0.0, 3, features)
    assert model.confidence(1.0, -3.0, 3, features) > model.confidence(1.0, 0.5, 3, features)
    assert model.confidence(1.0, 0.0, 1, features) > model.confidence(1.0, 0.0, 9, features)
    low, high = model.confidence(-5.0, None, 1, features), model.confidence(5.0, None, 1, features)
    assert 0 < low < high < 1


def test_the_decision_row_lists_the_calibrations_inputs_in_order():
    features = tuple(float(i) for i in range(len(FEATURE_NAMES)))
    row = decision_row(2.0, 0.5, 3, features)
    assert len(row) == len(DECISION_INPUTS)
    assert row[:3].tolist() == [2.0, 1.5, math.log(4)] and row[3:].tolist() == list(features)
    assert decision_row(2.0, None, 1, features)[1] == 0.0  # no runner-up: no margin


def test_a_missing_file_names_itself_and_the_script_that_writes_it(tmp_path):
    path = tmp_path / "absent.json"
    with pytest.raises(RankerModelError, match=r"absent\.json.*fit_ranker"):
        load_model(path)


def test_a_file_that_is_not_json_is_named(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(RankerModelError, match=r"broken\.json: not a readable JSON"):
        load_model(path)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("features", ["coverage"], "field 'features' does not list"),
        ("threshold", "high", "field 'threshold' must be a number"),
        ("format", 99, "field 'format' must be"),
        ("scorer", {"kind": "forest"}, "field 'scorer' must have 'kind' 'linear' or 'trees'"),
        ("calibration", [0.5, 1.0, 0.25], "field 'calibration' must have 'kind' 'linear'"),
        (
            "calibration",
            _linear().to_json(),
            r"field 'calibration\.mean' must be a list of " + str(len(DECISION_INPUTS)),
        ),
    ],
)
def test_a_malformed_field_is_named(tmp_path, field, value, message):
    raw = _model().to_json()
    raw[field] = value
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(RankerModelError, match=message):
        load_model(path)


def test_the_shipped_model_loads_and_records_where_it_came_from():
    model = load_model(MODEL_FILE)
    assert model.features == FEATURE_NAMES
    assert model.provenance["script"] == "bench/fit_ranker.py"
    assert "bench/eval/dev_qa.jsonl" in model.provenance["training_files"]
    assert not any(f.endswith(HELDOUT_FILES) for f in model.provenance["training_files"])
    assert 0 <= model.threshold <= 1


@pytest.mark.parametrize(
    ("scorer", "change", "message"),
    [
        (_linear(), {"coef": [1.0]}, r"field 'scorer\.coef' must be a list of"),
        (_linear(), {"scale": [0.0] * len(FEATURE_NAMES)}, r"field 'scorer\.scale' must be"),
        (_linear(), {"intercept": "x"}, r"field 'scorer\.intercept' must be a number"),
        (_stump(), {"baseline": None}, "field 'baseline' must be a number"),
        (_stump(), {"trees": []}, "field 'trees' must be a non-empty list"),
    ],
)
def test_a_malformed_scorer_field_is_named(tmp_path, scorer, change, message):
    raw = _model(scorer=scorer).to_json()
    raw["scorer"].update(change)
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(RankerModelError, match=rf"ranker\.json: .*{message}"):
        load_model(path)
