"""The extraction cache keeps quantities typed: a value, a range, a share and a budget come back
from JSON as the same `Quantity` and `Decimal`s, never through a float; a cache written in the
shape before (quantities as text, shares and budgets as floats) is stale, not misread."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from policy_kg.nlp.facts import Budget, DocumentFacts, Evidence, SupplyShare, Target
from policy_kg.nlp.facts_io import (
    StaleFactsError,
    UnreadableFactsError,
    facts_from_json,
    facts_to_json,
    read_facts,
    write_facts,
)
from policy_kg.nlp.quantity import Quantity

DOC = "cache-sample@2026-01-01"
VERSION = "test-extractor"
EVIDENCE = Evidence(f"{DOC}#000000000001", "約10万トン／年", 0)
VALUE_TARGET = Target(
    DOC, "lithium", True, Quantity(value=Decimal("100000"), unit="トン／年"), 2030, None, True,
    "supply_target", EVIDENCE, "約10万トン／年",
)  # fmt: skip
RANGE_TARGET = Target(
    DOC, "原子力発電", False, Quantity(minimum=Decimal("20"), maximum=Decimal("22"), unit="%"),
    2030, None, False, "share", EVIDENCE, "20-22%",
)  # fmt: skip
SHARE = SupplyShare(DOC, "lithium", "cn", Decimal("55.5"), "import", 2021, EVIDENCE, "約55.5%")
BUDGET = Budget(DOC, "JOGMEC出資金", Decimal("0.1"), "億円", None, EVIDENCE)
FACTS = DocumentFacts(
    DOC, targets=(VALUE_TARGET, RANGE_TARGET), supply_shares=(SHARE,), budgets=(BUDGET,)
)


def test_quantities_shares_and_budgets_round_trip_exactly() -> None:
    back = facts_from_json(facts_to_json(FACTS, VERSION), VERSION)
    assert back == FACTS
    assert [t.quantity for t in back.targets] == [VALUE_TARGET.quantity, RANGE_TARGET.quantity]
    assert back.targets[1].quantity.plain == "20-22"
    assert isinstance(back.supply_shares[0].share, Decimal)
    assert isinstance(back.budgets[0].amount, Decimal)


def test_decimals_are_written_as_numerals_not_json_numbers() -> None:
    written = json.loads(facts_to_json(FACTS, VERSION))["facts"]
    assert written["budgets"][0]["amount"] == "0.1"
    assert written["supply_shares"][0]["share"] == "55.5"
    assert written["targets"][1]["quantity"] == {
        "value": None,
        "minimum": "20",
        "maximum": "22",
        "unit": "%",
    }


def test_a_cache_of_the_shape_before_is_stale() -> None:
    document = json.loads(facts_to_json(FACTS, VERSION))
    document["format"] = "policy-kg/document-facts/1"
    target = document["facts"]["targets"][0]
    target["quantity"], target["unit"] = "100000", "トン／年"
    with pytest.raises(StaleFactsError, match="document-facts/1"):
        facts_from_json(json.dumps(document), VERSION)


def test_a_number_where_a_decimal_numeral_belongs_is_an_error() -> None:
    document = json.loads(facts_to_json(FACTS, VERSION))
    document["facts"]["budgets"][0]["amount"] = 0.1
    with pytest.raises(UnreadableFactsError, match=r"decimal numeral as a string, got '0\.1'"):
        facts_from_json(json.dumps(document), VERSION)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: text[: len(text) // 2], "not JSON"),
        (lambda text: "[1, 2]", "expected a JSON object, got list"),
        (lambda text: text.replace('"targets": [', '"targets": 7, "x": ['), "not a document's"),
        (lambda text: text.replace('"doc_id"', '"document"'), "not a document's"),
    ],
    ids=["cut short", "an array", "a number for a list", "a field renamed"],
)
def test_a_damaged_cache_file_is_unreadable_and_named(tmp_path, damage, message) -> None:
    path = tmp_path / "facts.json"
    write_facts(path, FACTS, VERSION)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(UnreadableFactsError, match=message) as raised:
        read_facts(path, VERSION)
    assert str(path) in str(raised.value)
