"""The typed quantity the nlp stage hands on: one value or a range, kept normalised, with the
plain text the graph writes made from the value, and read back from that text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policy_kg.nlp.quantity import Quantity, QuantityError


def test_a_value_is_kept_normalised_and_written_plain() -> None:
    quantity = Quantity(value=Decimal("1E+5"), unit="トン／年")
    assert repr(quantity.value) == "Decimal('100000')"
    assert quantity.plain == "100000"
    assert Quantity(value=Decimal("1.50"), unit="倍").plain == "1.5"


def test_a_range_keeps_both_bounds() -> None:
    quantity = Quantity.parse("20-22", "%")
    assert (quantity.value, quantity.minimum, quantity.maximum) == (
        None,
        Decimal("20"),
        Decimal("22"),
    )
    assert quantity.plain == "20-22"


@pytest.mark.parametrize("plain", ["100000", "1.5", "20-22", "0.25-1.5"])
def test_the_plain_text_reads_back_as_the_same_quantity(plain: str) -> None:
    quantity = Quantity.parse(plain, "%")
    assert Quantity.parse(quantity.plain, quantity.unit) == quantity
    assert quantity.plain == plain


@pytest.mark.parametrize(
    "bounds",
    [
        {},
        {"value": Decimal(1), "minimum": Decimal(0), "maximum": Decimal(2)},
        {"minimum": Decimal(0)},
    ],
    ids=["nothing", "value-and-range", "half-a-range"],
)
def test_a_quantity_is_one_value_or_a_range_of_two(bounds: dict[str, Decimal]) -> None:
    with pytest.raises(QuantityError):
        Quantity(unit="%", **bounds)


def test_unreadable_text_is_an_error_naming_it() -> None:
    with pytest.raises(QuantityError, match="約10万"):
        Quantity.parse("約10万", "トン")
