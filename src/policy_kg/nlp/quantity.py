"""A number with its unit as the nlp stage reads it, kept typed from extraction to the graph.

Before this record a target's value travelled as text ("100000", "20-22") and was parsed back
by the graph writer, and shares and budgets were floats; now a value is a `Decimal`, a range
has its two bounds, and the text form (`plain`) is made in one place, from the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

RANGE_SEPARATOR = "-"  # the plain form of a range: "20-22"


class QuantityError(ValueError):
    """A quantity that is neither one value nor a range of two."""


@dataclass(frozen=True)
class Quantity:
    """One value (`value`) or a range (`minimum`, `maximum`), with its unit as written (without
    inner white space; 割 read as %). Values are kept normalised: 1E+5 is stored as 100000."""

    value: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    unit: str = ""

    def __post_init__(self) -> None:
        bounds = (self.minimum is not None) + (self.maximum is not None)
        if (self.value is None and bounds != 2) or (self.value is not None and bounds != 0):
            raise QuantityError(f"a quantity is one value or a range of two, not {self!r}"[:200])
        for name in ("value", "minimum", "maximum"):
            number = getattr(self, name)
            if number is not None:
                object.__setattr__(self, name, Decimal(format_value(number)))

    @property
    def plain(self) -> str:
        """The value as a plain numeral ("100000", "1.5") or a range ("20-22")."""
        if self.value is not None:
            return format_value(self.value)
        return f"{format_value(self.minimum)}{RANGE_SEPARATOR}{format_value(self.maximum)}"

    @classmethod
    def parse(cls, text: str, unit: str) -> Quantity:
        """From the plain form: "100000", "1.5" or a range "20-22"."""
        low, separator, high = text.strip().partition(RANGE_SEPARATOR)
        try:
            if separator:
                return cls(minimum=Decimal(low), maximum=Decimal(high), unit=unit)
            return cls(value=Decimal(low), unit=unit)
        except InvalidOperation:
            raise QuantityError(f"{text[:40]!r} is neither a number nor a range") from None


def format_value(value: Decimal | None) -> str:
    """1E+5 -> "100000", 1.50 -> "1.5"."""
    if value is None or not value.is_finite():
        raise QuantityError(f"{value!r} is not a finite number")
    return format(value.normalize(), "f")
