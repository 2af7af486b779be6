"""Turning the cells of one CSV record into the values stored for it, quickly.

Each column's conversion is the field type's own ``parse_text`` followed by ``to_db`` (so a cell
means the same as the same text typed into the TUI). Because an import converts millions of
cells, the commonest types get an exact shortcut tried first — a plain ``int``/``float``/word
lookup whose result is what ``parse_text`` would give — and anything the shortcut does not
accept goes through the field type. Text cells need no call at all: ``""`` becomes NULL and
any other string (``" "`` included) is stored as it is. ``tests/core/test_csvio.py`` checks the
shortcuts against the field types.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from core.fields.base import FieldSpec
from core.fields.text import PatternText

CellFn = Callable[[str], Any]
RowFn = Callable[[list[str]], list[Any]]
IDENTITY_TEXT = frozenset({"SingleLineText", "LongText"})
_BOOLS = {w: True for w in ("True", "true", "TRUE", "yes", "Yes", "YES")} | \
    {w: False for w in ("False", "false", "FALSE", "no", "No", "NO")}
_INT_MIN, _INT_MAX = -(2**63), 2**63


class CellError(Exception):
    """A cell that does not fit its field; ``index`` is the column in the record."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


def slow_cell(spec: FieldSpec, dialect: str) -> CellFn:
    ftype = spec.type
    return lambda text: ftype.to_db(ftype.parse_text(text, spec), dialect)


def _int_cell(slow: CellFn) -> CellFn:
    def cell(text: str) -> Any:
        try:
            number = int(text)
        except ValueError:
            return slow(text)
        return number if _INT_MIN <= number < _INT_MAX else slow(text)
    return cell


def _float_cell(slow: CellFn) -> CellFn:
    def cell(text: str) -> Any:
        try:
            number = float(text)
        except ValueError:
            return slow(text)
        return number if number - number == 0.0 else slow(text)  # finite: inf/nan fall through
    return cell


def _bool_cell(slow: CellFn) -> CellFn:
    get = _BOOLS.get
    return lambda text: value if (value := get(text)) is not None else slow(text)


def _pattern_cell(ftype: PatternText, slow: CellFn) -> CellFn:
    """URL, Email, PhoneNumber keep a value that matches their pattern and has no spaces to
    trim; anything else goes through the type (which trims, then matches)."""
    fullmatch = ftype.pattern.fullmatch

    def cell(text: str) -> Any:
        if fullmatch(text) and not (text[0].isspace() or text[-1].isspace()):
            return text
        return slow(text)
    return cell


_SHORTCUTS: dict[str, Callable[[CellFn], CellFn]] = {
    "Number": _int_cell, "Decimal": _float_cell, "Checkbox": _bool_cell}


def cell_converter(spec: FieldSpec, dialect: str) -> CellFn | None:
    """The conversion for one non-empty cell of ``spec``; None for text stored as it is."""
    if spec.uidt in IDENTITY_TEXT:
        return None
    slow = slow_cell(spec, dialect)
    if isinstance(spec.type, PatternText):
        return _pattern_cell(spec.type, slow)
    shortcut = _SHORTCUTS.get(spec.uidt)
    return shortcut(slow) if shortcut else slow


def row_converter(specs: Sequence[FieldSpec], keep: Sequence[int], width: int,
                  dialect: str) -> RowFn:
    """A function from a record's ``width`` cells to the values of ``specs``, which belong to
    the columns ``keep`` (one spec per kept column).

    Raises ``CellError`` (index into ``specs``) for a cell that does not convert.
    """
    typed = [(i, fn) for i, s in enumerate(specs) if (fn := cell_converter(s, dialect))]
    required = [i for i, s in enumerate(specs) if s.required]
    pick = _picker(keep, width)
    no_nul = dialect == "postgres"

    def convert(cells: list[str]) -> list[Any]:
        row = pick(cells)
        values = [v or None for v in row]
        index = -1
        try:
            for index, fn in typed:
                if text := row[index]:
                    values[index] = fn(text)
        except (ValueError, OverflowError) as exc:  # OverflowError: year 1 minus an offset
            raise CellError(index, str(exc)) from None
        for index in required:
            if values[index] is None:
                raise CellError(index, "a value is required")
        if no_nul:
            _reject_nul(row)
        return values

    return convert


def _reject_nul(row: Sequence[str]) -> None:
    """PostgreSQL text cannot hold NUL characters (SQLite can)."""
    if "\x00" in "".join(row):
        raise CellError(next(i for i, v in enumerate(row) if "\x00" in v),
                        "contains a NUL character, which PostgreSQL cannot store")


def _picker(keep: Sequence[int], width: int) -> Callable[[list[str]], Sequence[str]]:
    if list(keep) == list(range(width)):
        return lambda cells: cells
    indices = list(keep)
    return lambda cells: [cells[i] for i in indices]
