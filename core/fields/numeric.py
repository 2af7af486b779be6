"""Numeric field types: Number (integer), Decimal, Currency, Percent, Rating."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from core.fields.base import NUMBER_OPS, FieldSpec, FieldType, Storage, json_kind, registry

_WHOLE_RE = re.compile(r"^[+-]?[0-9]+$")


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("expected a number, got true/false")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"expected a number, got {json_kind(value)}")
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


class NumericType(FieldType):
    family = "number"
    operators = NUMBER_OPS
    right_align = True
    default_indexed = True
    json_schema = {"type": "number"}

    def convert(self, value: Any, source: FieldSpec, spec: FieldSpec) -> Any:
        if value is not None and source.type.family == "checkbox":
            return self.coerce(int(value), spec)
        return super().convert(value, source, spec)

    def display(self, value: Any, spec: FieldSpec) -> str:
        if value is None:
            return ""
        precision = spec.options.get("precision")
        if isinstance(value, float) and precision is not None:
            return f"{value:.{int(precision)}f}"
        return self._plain(value)

    def to_text(self, value: Any, spec: FieldSpec) -> str:
        return "" if value is None else self._plain(value)

    @staticmethod
    def _plain(value: Any) -> str:
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)

    def sample(self, spec: FieldSpec) -> Any:
        return 1820


class IntegerType(NumericType):
    storage = Storage.INTEGER
    json_schema = {"type": "integer"}

    def coerce(self, value: Any, spec: FieldSpec) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number: float | int = value
        elif isinstance(value, str) and _WHOLE_RE.match(value.strip()):
            number = int(value.strip())  # not via float: beyond 2**53 it would round
        else:
            number = _to_float(value)
            if not float(number).is_integer():
                raise ValueError(f"{value!r} is not a whole number")
        result = int(number)
        if not -(2**63) <= result < 2**63:
            raise ValueError(f"{value!r} is too large")
        return result

    def from_db(self, raw: Any, dialect: str) -> Any:
        return None if raw is None else int(raw)

    def json_reader(self, spec: FieldSpec, dialect: str) -> Callable[[Any], Any] | None:
        return lambda raw: raw if raw is None or type(raw) is int else int(raw)


class RealType(NumericType):
    storage = Storage.REAL

    def coerce(self, value: Any, spec: FieldSpec) -> float:
        return _to_float(value)

    def from_db(self, raw: Any, dialect: str) -> Any:
        return None if raw is None else float(raw)

    def to_json(self, value: Any, spec: FieldSpec) -> Any:
        if value is None:
            return None
        return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


@registry.register
class Number(IntegerType):
    uidt = "Number"
    description = "A whole number"


@registry.register
class Decimal(RealType):
    uidt = "Decimal"
    description = "A number with decimals"

    def sample(self, spec: FieldSpec) -> Any:
        return 33.3


@registry.register
class Currency(RealType):
    uidt = "Currency"
    description = "An amount of money"

    def display(self, value: Any, spec: FieldSpec) -> str:
        if value is None:
            return ""
        code = spec.options.get("currency_code", "USD")
        return f"{code} {value:,.2f}"

    def sample(self, spec: FieldSpec) -> Any:
        return 456.34


@registry.register
class Percent(RealType):
    uidt = "Percent"
    description = "A percentage (33 means 33 %)"

    def display(self, value: Any, spec: FieldSpec) -> str:
        return "" if value is None else f"{self._plain(value)}%"

    def coerce(self, value: Any, spec: FieldSpec) -> float:
        if isinstance(value, str) and value.strip().endswith("%"):
            value = value.strip()[:-1]
        return _to_float(value)

    def sample(self, spec: FieldSpec) -> Any:
        return 33


@registry.register
class Rating(IntegerType):
    uidt = "Rating"
    description = "A rating from 0 to a maximum (default 5)"

    def coerce(self, value: Any, spec: FieldSpec) -> int:
        number = super().coerce(value, spec)
        top = int(spec.options.get("max", 5))
        if not 0 <= number <= top:
            raise ValueError(f"rating {number} is outside 0..{top}")
        return number

    def display(self, value: Any, spec: FieldSpec) -> str:
        if value is None:
            return ""
        top = int(spec.options.get("max", 5))
        return "★" * int(value) + "☆" * (top - int(value))

    def sample(self, spec: FieldSpec) -> Any:
        return 3
