"""Quantities as written: 万, separators, ranges, spaced units, 割 and word forms."""

from __future__ import annotations

import pytest

from policy_kg.nlp.extract.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("リチウム約10万トン／年", "100000", "トン／年", True),
        ("約13,000トン／年", "13000", "トン／年", True),
        ("総発電電力量の20-22%確保", "20-22", "%", False),
        ("最大エネルギー積が 150 k J/m^3 以上", "150", "kJ/m^3", False),
        ("トルク密度 50Nm/L 以上", "50", "Nm/L", False),
        ("約6割を中国から", "60", "%", True),
        ("現状から３０％以上削減", "30", "%", False),
        ("生産量は国内需要量の2%程度", "2", "%", True),
        ("ほぼ100%が中国", "100", "%", True),
        ("約半分を占める", "50", "%", True),
        ("ほぼ全てを輸入", "100", "%", True),
        ("2020年比で倍増する", "2", "倍", False),
        ("ネオジム使用量を半減した", "50", "%", False),
        ("1.5倍", "1.5", "倍", False),
    ],
)
def test_quantities_are_read_and_normalised(text, value, unit, approximate):
    (quantity,) = find_quantities(text)
    read = quantity.quantity
    assert (read.plain, read.unit, quantity.approximate) == (value, unit, approximate)
    assert text[quantity.start : quantity.end] == quantity.as_written


def test_years_dates_and_counts_are_not_quantities():
    assert list(find_quantities("2030年、令和5年1月19日、第23号、60鉱種、5年以内")) == []
