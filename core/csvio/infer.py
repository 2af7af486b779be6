"""Choosing a field type for each CSV column from a sample of its values.

Rules (first match wins, over the non-empty values of the sample; ``""`` is NULL and ignored):

* Checkbox — every value is true/false/yes/no in any case (not 0/1: those are numbers);
* Number — every value is a whole number written plainly: no sign but ``-``, no leading zero
  (``013`` is a code, not 13) and at most 15 digits (``15518717690117690`` is an id list);
* Decimal — every value is a plain number, with a point or exponent somewhere, ≤ 15 digits;
* Date / DateTime — ISO ``YYYY-MM-DD`` / ``YYYY-MM-DD[T ]HH:MM[:SS[.f]][Z|±HH:MM]``;
* URL / Email — every value matches, with no surrounding spaces;
* LongText if any value spans lines or is longer than 255 characters, else SingleLineText.

Whitespace-only values are values (``" "`` keeps a column text). A column with no value in the
sample is SingleLineText. ``parse_type_overrides`` reads the command's ``--types`` option.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from core.errors import InvalidRequest
from core.fields import registry
from core.schema.fieldspecs import check_uidt

SAMPLE_ROWS = 1000
TEXT = "SingleLineText"
LONG_TEXT = "LongText"
_MAX_DIGITS = 15
_BOOL_WORDS = frozenset({"true", "false", "yes", "no"})
_INT_RE = re.compile(r"(?:0|-?[1-9][0-9]{0,14})\Z")
_NUM_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]{1,3})?\Z")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"
                          r"(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?\Z")
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s/$.?#][^\s]*\Z|www\.[^\s]+\.[^\s]+\Z", re.IGNORECASE)
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
ALIASES = {"text": TEXT, "string": TEXT, "int": "Number", "integer": "Number",
           "float": "Decimal", "real": "Decimal", "bool": "Checkbox", "boolean": "Checkbox"}


def _is_decimal(value: str) -> bool:
    if not _NUM_RE.match(value):
        return False
    mantissa = value.lstrip("-").split("e")[0].split("E")[0]
    return len(mantissa.replace(".", "").lstrip("0")) <= _MAX_DIGITS


def _is_date(value: str) -> bool:
    if not _DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: str) -> bool:
    if not _DATETIME_RE.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


_CANDIDATES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("Checkbox", lambda v: v.lower() in _BOOL_WORDS),
    ("Number", lambda v: _INT_RE.match(v) is not None),
    ("Decimal", _is_decimal),
    ("Date", _is_date),
    ("DateTime", _is_datetime),
    ("URL", lambda v: _URL_RE.match(v) is not None),
    ("Email", lambda v: _EMAIL_RE.match(v) is not None),
)


def infer_column(values: Sequence[str]) -> str:
    """The field type for one column, given its sampled cells (``""`` counts as empty)."""
    present = [v for v in values if v != ""]
    if not present:
        return TEXT
    for uidt, fits in _CANDIDATES:
        if all(fits(v) for v in present):
            return uidt
    if any("\n" in v or "\r" in v or len(v) > 255 for v in present):
        return LONG_TEXT
    return TEXT


def infer_types(header: Sequence[str], sample: Sequence[Sequence[str]]) -> list[str]:
    """One field type per header column; rows of the wrong width are left out of the sample."""
    width = len(header)
    rows = [r for r in sample if len(r) == width]
    return [infer_column([r[i] for r in rows]) for i in range(width)]


def normalise_uidt(name: str) -> str:
    """A field type from what people type: ``number``, ``Int``, ``SingleLineText`` …"""
    key = name.strip()
    folded = key.casefold()
    if folded in ALIASES:
        return ALIASES[folded]
    for uidt in registry.names():
        if uidt.casefold() == folded:
            return check_uidt(uidt)
    return check_uidt(key)


_OVERRIDE_RE = re.compile(r"\s*(?P<title>[^=]+?)\s*=\s*(?P<uidt>[A-Za-z]+)\s*(?:,|\Z)")


def parse_type_overrides(text: str) -> dict[str, str]:
    """``"Qty=Number, Notes=LongText"`` → ``{"Qty": "Number", "Notes": "LongText"}``.

    Titles may contain commas (``"Dept, Area=Text"``); the type after ``=`` may not.
    """
    result: dict[str, str] = {}
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _OVERRIDE_RE.match(text, pos)
        if match is None:
            raise InvalidRequest(f"Cannot read --types near {text[pos:pos + 30]!r}; "
                                 "write it as \"Column=Type,Other column=Type\"", field="types")
        result[match["title"]] = normalise_uidt(match["uidt"])
        pos = match.end()
    return result
