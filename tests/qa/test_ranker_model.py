import json
import math

import numpy as np
import pytest

from policy_kg.qa.features import FEATURE_NAMES
from policy_kg.qa.ranker_model import MODEL_FILE, RankerModel, RankerModelError, load_model


def _model(**changes) -> RankerModel:
    n = len(FEATURE_NAMES)
    base = dict(
        features=FEATURE_NAMES,
        mean=(0.0,) * n,
        scale=(2.0,) * n,
        coef=tuple(float(i) for i in range(n)),
        intercept=-1.0,
        calibration=(0.5, 1.0, 0.25),
        threshold=0.4,
        provenance={"questions": 3},
    )
    return RankerModel(**{**base, **changes})


def test_a_saved_model_loads_back_and_scores_alike(tmp_path):
    path = tmp_path / "ranker.json"
    model = _model()
    model.save(path)
    loaded = load_model(path)
    rows = np.arange(2 * len(FEATURE_NAMES), dtype=float).reshape(2, -1)
    assert np.allclose(loaded.log_odds(rows), model.log_odds(rows))
    assert loaded.provenance == {"questions": 3} and loaded.threshold == 0.4


def test_log_odds_standardise_then_weigh():
    model = _model()
    row = np.ones((1, len(FEATURE_NAMES)))
    expected = sum(0.5 * c for c in model.coef) - 1.0
    assert math.isclose(model.log_odds(row)[0], expected)


def test_confidence_grows_with_the_score_and_the_margin():
    model = _model()
    assert model.confidence(2.0, 0.0) > model.confidence(1.0, 0.0)
    assert model.confidence(1.0, -3.0) > model.confidence(1.0, 0.5)
    assert 0 < model.confidence(-5.0, None) < model.confidence(5.0, None) < 1


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
        ("coef", [1.0], "field 'coef' must be a list of"),
        ("features", ["coverage"], "field 'features' does not list"),
        ("threshold", "high", "field 'threshold' must be a number"),
        ("scale", [0.0] * len(FEATURE_NAMES), "field 'scale' must be positive"),
        ("format", 99, "field 'format' must be"),
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
    assert not any("heldout" in f for f in model.provenance["training_files"])
    assert 0 <= model.threshold <= 1
