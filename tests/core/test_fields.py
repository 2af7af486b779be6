"""Field types (``core.fields``): the registry, JSON in/out, text in/out, display, and storage.

The pure tests are tables of input → expected; the DB tests write through ``records.service``
and read back on every backend, checking the declared SQL type and the raw stored value.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

import pytest

from core.fields import registry
from core.fields.base import FieldSpec, FieldType, Registry
from core.records import service as records
from core.models import Event
from tests import factories as make
from tests.core import dbinspect

UTC = dt.timezone.utc
REQUIRED_TYPES = ("SingleLineText", "LongText", "Number", "Decimal", "Checkbox", "Date", "DateTime",
                  "Email", "URL", "PhoneNumber", "SingleSelect", "MultiSelect", "Currency",
                  "Percent", "Rating", "JSON", "CreatedTime", "LastModifiedTime")
NOCODB_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00$")
SEL = {"options": [{"title": "a"}, {"title": "b"}, {"title": "c d"}]}


def spec(uidt: str, options: dict[str, Any] | None = None) -> FieldSpec:
    return FieldSpec(id="cfield", title="F", uidt=uidt, column="f_cfield", options=options or {})


def ftype(uidt: str) -> FieldType:
    return registry.get(uidt)


def same(actual: Any, expected: Any) -> bool:
    """Equal *and* of the same JSON type (``True == 1`` and ``7 == 7.0`` must not pass)."""
    return actual == expected and type(actual) is type(expected)


# --- registry ---------------------------------------------------------------------------------

@pytest.mark.parametrize("uidt", REQUIRED_TYPES)
def test_registry_has_every_required_type(uidt: str) -> None:
    assert uidt in registry
    assert registry.get(uidt).uidt == uidt


@pytest.mark.parametrize("uidt, writable", [
    ("CreatedTime", False), ("LastModifiedTime", False), ("ID", False),
    *((u, True) for u in REQUIRED_TYPES if u not in ("CreatedTime", "LastModifiedTime")),
])
def test_writable_flag(uidt: str, writable: bool) -> None:
    assert registry.get(uidt).writable is writable


def test_registry_names_match_instances() -> None:
    assert [t.uidt for t in registry.all()] == registry.names()
    assert len(set(registry.names())) == len(registry.names())


def test_unknown_type_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="unknown field type 'Nope'.*SingleLineText"):
        registry.get("Nope")


def test_registering_a_uidt_twice_is_refused() -> None:
    reg = Registry()

    class Thing(FieldType):
        uidt = "Thing"

    reg.register(Thing)
    with pytest.raises(ValueError, match="already registered"):
        reg.register(Thing)


# --- JSON boundary ----------------------------------------------------------------------------

JSON_ROUND_TRIP = [
    # uidt, options, JSON in, JSON out
    ("SingleLineText", None, "hello", "hello"),
    ("SingleLineText", None, "  padded  ", "  padded  "),
    ("SingleLineText", None, 12, "12"),
    ("SingleLineText", None, 1.5, "1.5"),
    ("SingleLineText", None, "", ""),
    ("LongText", None, "line 1\nline 2", "line 1\nline 2"),
    ("Number", None, 33, 33),
    ("Number", None, "42", 42),
    ("Number", None, " -7 ", -7),
    ("Number", None, 3.0, 3),
    ("Number", None, "1e3", 1000),
    ("Number", None, 2**63 - 1, 2**63 - 1),
    ("Number", None, "9223372036854775807", 9223372036854775807),
    ("Number", None, "9007199254740993", 9007199254740993),
    ("Number", None, "-9223372036854775808", -9223372036854775808),
    ("Decimal", None, 33.3, 33.3),
    ("Decimal", None, "2.5", 2.5),
    ("Decimal", None, 7, 7),
    ("Decimal", None, "-0.125", -0.125),
    ("Currency", None, 456.34, 456.34),
    ("Currency", None, "10", 10),
    ("Percent", None, 33, 33),
    ("Percent", None, "12.5%", 12.5),
    ("Percent", None, " 50 % ", 50),
    ("Rating", None, 0, 0),
    ("Rating", None, 5, 5),
    ("Rating", None, "3", 3),
    ("Rating", {"max": 10}, 10, 10),
    ("Checkbox", None, True, True),
    ("Checkbox", None, False, False),
    ("Checkbox", None, 1, True),
    ("Checkbox", None, 0, False),
    ("Checkbox", None, "yes", True),
    ("Checkbox", None, "No", False),
    ("Checkbox", None, " TRUE ", True),
    ("Checkbox", None, "x", True),
    ("Checkbox", None, "off", False),
    ("Date", None, "2024-02-29", "2024-02-29"),
    ("Date", None, "2024/03/01", "2024-03-01"),
    ("Date", None, "01.03.2024", "2024-03-01"),
    ("Date", None, "2024-03-01T10:00:00", "2024-03-01"),
    ("DateTime", None, "2024-02-29 08:30:00+00:00", "2024-02-29 08:30:00+00:00"),
    ("DateTime", None, "2024-02-29T08:30:00Z", "2024-02-29 08:30:00+00:00"),
    ("DateTime", None, "2024-02-29T10:30:00+02:00", "2024-02-29 08:30:00+00:00"),
    ("DateTime", None, "2024-01-01T00:30:00+01:00", "2023-12-31 23:30:00+00:00"),
    ("DateTime", None, "2024-02-29 08:30", "2024-02-29 08:30:00+00:00"),
    ("DateTime", None, "2024-02-29", "2024-02-29 00:00:00+00:00"),
    ("DateTime", None, "2024-02-29T08:30:00.987654Z", "2024-02-29 08:30:00+00:00"),
    ("CreatedTime", None, "2024-02-29T08:30:00-05:00", "2024-02-29 13:30:00+00:00"),
    ("LastModifiedTime", None, "2024-02-29T08:30:00Z", "2024-02-29 08:30:00+00:00"),
    ("Email", None, "ada@example.com", "ada@example.com"),
    ("Email", None, "  ada.lovelace+x@mail.example.org ", "ada.lovelace+x@mail.example.org"),
    ("URL", None, "https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
    ("URL", None, "http://localhost:8080", "http://localhost:8080"),
    ("URL", None, "www.example.org", "www.example.org"),
    ("URL", None, "ftp://files.example.com/x.zip", "ftp://files.example.com/x.zip"),
    ("URL", None, "HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"),
    ("PhoneNumber", None, "+1 212 535 7710", "+1 212 535 7710"),
    ("PhoneNumber", None, "(020) 7946-0958", "(020) 7946-0958"),
    ("PhoneNumber", None, "555-1234 ext. 89", "555-1234 ext. 89"),
    ("PhoneNumber", None, "911", "911"),
    ("SingleSelect", SEL, "a", "a"),
    ("SingleSelect", SEL, "c d", "c d"),
    ("SingleSelect", SEL, " b ", "b"),
    ("SingleSelect", SEL, "   ", None),
    ("MultiSelect", SEL, "a,b", "a,b"),
    ("MultiSelect", SEL, ["b", "a"], "b,a"),
    ("MultiSelect", SEL, "a, b", "a,b"),
    ("MultiSelect", SEL, "a,a,b", "a,b"),
    ("MultiSelect", SEL, "c d,a", "c d,a"),
    ("JSON", None, {"a": [1, 2], "b": None}, {"a": [1, 2], "b": None}),
    ("JSON", None, [1, "x"], [1, "x"]),
    ("JSON", None, "text", "text"),
    ("JSON", None, 5, 5),
    ("JSON", None, True, True),
    ("JSON", None, {}, {}),
    ("ID", None, "5", 5),
]


@pytest.mark.parametrize("uidt, options, given, expected", JSON_ROUND_TRIP)
def test_json_in_json_out(uidt: str, options: dict | None, given: Any, expected: Any) -> None:
    s = spec(uidt, options)
    out = ftype(uidt).to_json(ftype(uidt).from_json(given, s), s)
    assert same(out, expected), (out, expected)
    assert json.loads(json.dumps(out)) == out


@pytest.mark.parametrize("uidt", registry.names())
def test_null_stays_null_everywhere(uidt: str) -> None:
    t, s = ftype(uidt), spec(uidt, SEL)
    assert t.from_json(None, s) is None
    assert t.to_json(None, s) is None
    assert t.parse_text("", s) is None
    assert t.parse_text(None, s) is None
    assert t.to_text(None, s) == ""
    assert t.display(None, s) == ""


STORED = [
    # uidt, options, JSON in, the Python value core keeps
    ("Number", None, "42", 42),
    ("Decimal", None, 7, 7.0),
    ("Checkbox", None, "yes", True),
    ("Date", None, "2024-02-29", dt.date(2024, 2, 29)),
    ("DateTime", None, "2024-02-29T10:30:00+02:00", dt.datetime(2024, 2, 29, 8, 30, tzinfo=UTC)),
    ("SingleSelect", SEL, "a", "a"),
    ("MultiSelect", SEL, ["a", "b"], "a,b"),
    ("JSON", None, {"k": [1]}, {"k": [1]}),
]


@pytest.mark.parametrize("uidt, options, given, expected", STORED)
def test_stored_python_value(uidt: str, options: dict | None, given: Any, expected: Any) -> None:
    stored = ftype(uidt).from_json(given, spec(uidt, options))
    assert same(stored, expected)
    if isinstance(stored, dt.datetime):
        assert stored.utcoffset() == dt.timedelta(0)


INVALID = [
    # uidt, options, JSON in, message fragment
    ("SingleLineText", None, True, "expected text, got true/false"),
    ("SingleLineText", None, [1], "expected text, got an array"),
    ("LongText", None, {"a": 1}, "expected text, got an object"),
    ("SingleLineText", None, "a\x00b", "cannot contain the NUL character"),
    ("Email", None, "a\x00@b.co", "cannot contain the NUL character"),
    ("Number", None, "abc", "'abc' is not a number"),
    ("Number", None, 1.5, "1.5 is not a whole number"),
    ("Number", None, "1.5", "'1.5' is not a whole number"),
    ("Number", None, True, "expected a number, got true/false"),
    ("Number", None, 2**63, "is too large"),
    ("Number", None, "9223372036854775808", "is too large"),
    ("Number", None, "nan", "is not a finite number"),
    ("Number", None, float("inf"), "is not a finite number"),
    ("Number", None, [1], "expected a number, got an array"),
    ("Decimal", None, "x1", "'x1' is not a number"),
    ("Decimal", None, "inf", "is not a finite number"),
    ("Decimal", None, False, "expected a number, got true/false"),
    ("Decimal", None, {}, "expected a number, got an object"),
    ("Currency", None, "$5", "is not a number"),
    ("Percent", None, "abc%", "is not a number"),
    ("Rating", None, 6, "rating 6 is outside 0..5"),
    ("Rating", None, -1, "rating -1 is outside 0..5"),
    ("Rating", {"max": 10}, 11, "rating 11 is outside 0..10"),
    ("Rating", {"max": 3}, 4, "outside 0..3"),
    ("Rating", None, 2.5, "not a whole number"),
    ("Checkbox", None, 2, "2 is not true or false"),
    ("Checkbox", None, "maybe", "'maybe' is not true or false"),
    ("Checkbox", None, 1.0, "is not true or false"),
    ("Checkbox", None, [], "is not true or false"),
    ("Date", None, "2024-02-30", "'2024-02-30' is not a date"),
    ("Date", None, "2024-13-01", "is not a date"),
    ("Date", None, "yesterday", "is not a date (expected YYYY-MM-DD)"),
    ("Date", None, 20240101, "expected a date as YYYY-MM-DD, got a number"),
    ("DateTime", None, "not a date", "'not a date' is not a date-time"),
    ("DateTime", None, "2024-02-30 10:00", "is not a date-time"),
    ("DateTime", None, 1700000000, "expected a date-time string, got a number"),
    ("Email", None, "ada", "'ada' is not a valid e-mail address"),
    ("Email", None, "ada@example", "is not a valid e-mail address"),
    ("Email", None, "a b@c.de", "is not a valid e-mail address"),
    ("Email", None, "@x.com", "is not a valid e-mail address"),
    ("Email", None, "", "is not a valid e-mail address"),
    ("URL", None, "example", "'example' is not a valid URL"),
    ("URL", None, "javascript:alert(1)", "is not a valid URL"),
    ("URL", None, "http://", "is not a valid URL"),
    ("URL", None, "http://exa mple.com", "is not a valid URL"),
    ("PhoneNumber", None, "abc", "'abc' is not a valid phone number"),
    ("PhoneNumber", None, "12", "is not a valid phone number"),
    ("PhoneNumber", None, "---", "is not a valid phone number"),
    ("PhoneNumber", None, "(.)", "is not a valid phone number"),
    ("PhoneNumber", None, "555-CALL-NOW", "is not a valid phone number"),
    ("SingleSelect", SEL, "z", "'z' is not an option; options are: a, b, c d"),
    ("SingleSelect", SEL, "A", "'A' is not an option"),
    ("SingleSelect", SEL, 1, "expected an option title, got a number"),
    ("SingleSelect", None, "a", "options are: (none)"),
    ("MultiSelect", SEL, "a,z", "'z' is not an option"),
    ("MultiSelect", SEL, ["x", "y"], "'x', 'y' is not an option"),
    ("MultiSelect", SEL, [1], "expected option titles"),
    ("MultiSelect", SEL, 5, "expected option titles"),
    ("JSON", None, float("nan"), "not valid JSON"),
    ("JSON", None, {"k": [float("inf")]}, "not valid JSON"),
    ("JSON", None, {"k": ["a\x00"]}, "NUL character"),
    ("JSON", None, {"a\x00": 1}, "NUL character"),
    ("JSON", None, {1, 2}, "not valid JSON"),
]


@pytest.mark.parametrize("uidt, options, given, message", INVALID)
def test_invalid_json_value(uidt: str, options: dict | None, given: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        ftype(uidt).from_json(given, spec(uidt, options))


# --- text boundary ----------------------------------------------------------------------------

TEXT_EXACT = [
    # uidt, options, text that must survive parse_text → to_text unchanged
    ("SingleLineText", None, "hello, world"),
    ("SingleLineText", None, "  padded  "),
    ("LongText", None, "a\nb\n\nc"),
    ("Number", None, "42"),
    ("Number", None, "-7"),
    ("Number", None, "9007199254740993"),
    ("Number", None, "9223372036854775807"),
    ("Decimal", None, "33.3"),
    ("Decimal", None, "0.1"),
    ("Decimal", None, "-0.125"),
    ("Decimal", None, "1e+16"),
    ("Decimal", None, "0.30000000000000004"),
    ("Currency", None, "456.34"),
    ("Percent", None, "33"),
    ("Percent", None, "12.5"),
    ("Rating", None, "4"),
    ("Checkbox", None, "True"),
    ("Checkbox", None, "False"),
    ("Date", None, "2024-02-29"),
    ("DateTime", None, "2024-02-29 08:30:00+00:00"),
    ("CreatedTime", None, "1999-12-31 23:59:59+00:00"),
    ("LastModifiedTime", None, "2000-01-01 00:00:00+00:00"),
    ("Email", None, "ada@example.com"),
    ("URL", None, "https://example.com/a?b=c"),
    ("PhoneNumber", None, "+44 20 7946 0958"),
    ("SingleSelect", SEL, "c d"),
    ("MultiSelect", SEL, "a,c d"),
    ("JSON", None, '{"a": [1, 2], "b": null}'),
    ("JSON", None, '"text"'),
    ("JSON", None, '[1, "é"]'),
    ("JSON", None, "3.5"),
]


@pytest.mark.parametrize("uidt, options, text", TEXT_EXACT)
def test_text_round_trip_is_exact(uidt: str, options: dict | None, text: str) -> None:
    t, s = ftype(uidt), spec(uidt, options)
    value = t.parse_text(text, s)
    assert value is not None
    assert t.to_text(value, s) == text
    assert t.parse_text(t.to_text(value, s), s) == value


VALUES_THROUGH_TEXT = [
    # uidt, a stored value that must come back equal from parse_text(to_text(v))
    ("Number", 0), ("Number", -(2**63)), ("Number", 2**63 - 1), ("Number", 2**53 + 1),
    ("Decimal", 0.1 + 0.2), ("Decimal", 1 / 3), ("Decimal", -1e-300), ("Decimal", 1.7976931348623157e308),
    ("Decimal", 123456789012345.67), ("Decimal", 1e15), ("Decimal", 2.0),
    ("Currency", 19.99), ("Percent", 99.5), ("Rating", 0),
    ("Checkbox", True), ("Checkbox", False),
    ("Date", dt.date(1, 1, 1)), ("Date", dt.date(9999, 12, 31)),
    ("DateTime", dt.datetime(1970, 1, 1, tzinfo=UTC)),
    ("DateTime", dt.datetime(2038, 1, 19, 3, 14, 8, tzinfo=UTC)),
    ("LongText", "tab\there, quote \" and comma ,"),
    ("JSON", {"nested": {"list": [1, 2.5, None, True, "ü"]}}),
    ("JSON", []),
]


@pytest.mark.parametrize("uidt, value", VALUES_THROUGH_TEXT)
def test_value_survives_text(uidt: str, value: Any) -> None:
    t, s = ftype(uidt), spec(uidt)
    back = t.parse_text(t.to_text(value, s), s)
    assert same(back, value), (back, value)


TEXT_INVALID = [
    ("Number", "abc", "is not a number"),
    ("Number", "1,5", "is not a number"),
    ("Decimal", "12abc", "is not a number"),
    ("Checkbox", "maybe", "is not true or false"),
    ("Date", "31/31/2024", "is not a date"),
    ("DateTime", "noon", "is not a date-time"),
    ("JSON", "{bad", "not valid JSON"),
    ("JSON", "[1, 2", "not valid JSON"),
    ("JSON", "NaN", "not valid JSON"),
    ("JSON", '{"a": -Infinity}', "not valid JSON"),
    ("JSON", '["\\u0000"]', "NUL character"),
    ("Email", "nobody", "is not a valid e-mail address"),
    ("Rating", "9", "outside 0..5"),
]


@pytest.mark.parametrize("uidt, text, message", TEXT_INVALID)
def test_invalid_text(uidt: str, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        ftype(uidt).parse_text(text, spec(uidt))


CHECKBOX_WORDS = [
    *((w, True) for w in ("true", "True", "yes", "Y", "1", "checked", "x", "✓", "on")),
    *((w, False) for w in ("false", "FALSE", "no", "n", "0", "unchecked", "off")),
]


@pytest.mark.parametrize("text, expected", CHECKBOX_WORDS)
def test_checkbox_words(text: str, expected: bool) -> None:
    assert ftype("Checkbox").parse_text(text, spec("Checkbox")) is expected


# --- display ----------------------------------------------------------------------------------

DISPLAY = [
    # uidt, options, stored value, cell text
    ("SingleLineText", None, "hi", "hi"),
    ("LongText", None, "a\nb", "a ⏎ b"),
    ("Number", None, 1234, "1234"),
    ("Decimal", None, 2.5, "2.5"),
    ("Decimal", None, 2.0, "2"),
    ("Decimal", {"precision": 2}, 2.5, "2.50"),
    ("Decimal", {"precision": 0}, 2.5, "2"),
    ("Currency", None, 1234.5, "USD 1,234.50"),
    ("Currency", {"currency_code": "EUR"}, 0.5, "EUR 0.50"),
    ("Percent", None, 12.5, "12.5%"),
    ("Percent", None, 50.0, "50%"),
    ("Rating", None, 3, "★★★☆☆"),
    ("Rating", {"max": 3}, 0, "☆☆☆"),
    ("Rating", {"max": 10}, 10, "★" * 10),
    ("Checkbox", None, True, "☑"),
    ("Checkbox", None, False, "☐"),
    ("Date", None, dt.date(2024, 2, 29), "2024-02-29"),
    ("DateTime", None, dt.datetime(2024, 2, 29, 8, 30, tzinfo=UTC), "2024-02-29 08:30:00+00:00"),
    ("Email", None, "ada@example.com", "ada@example.com"),
    ("SingleSelect", SEL, "c d", "c d"),
    ("MultiSelect", SEL, "a,b", "a,b"),
    ("JSON", None, {"a": "é"}, '{"a": "é"}'),
    ("JSON", None, "s", '"s"'),
]


@pytest.mark.parametrize("uidt, options, value, expected", DISPLAY)
def test_display(uidt: str, options: dict | None, value: Any, expected: str) -> None:
    assert ftype(uidt).display(value, spec(uidt, options)) == expected


# --- NocoDB JSON shapes -----------------------------------------------------------------------

@pytest.mark.parametrize("given", [
    "2024-02-29", "2024-02-29T08:30:00Z", "2024-02-29T08:30:00.5+05:30", "1999-12-31 23:59:59-08:00",
    dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=-3))), dt.date(2024, 1, 1),
])
@pytest.mark.parametrize("uidt", ["DateTime", "CreatedTime", "LastModifiedTime"])
def test_datetime_json_is_nocodb_utc_format(uidt: str, given: Any) -> None:
    out = ftype(uidt).to_json(ftype(uidt).from_json(given, spec(uidt)), spec(uidt))
    assert NOCODB_DATETIME.match(out), out


@pytest.mark.parametrize("given", [["a", "b"], "a,b", " a , b ", ["a", " b"]])
def test_multiselect_json_is_a_comma_string_without_spaces(given: Any) -> None:
    assert ftype("MultiSelect").to_json(ftype("MultiSelect").from_json(given, spec("MultiSelect", SEL)),
                                        spec("MultiSelect", SEL)) == "a,b"


def test_multiselect_with_no_items_is_null() -> None:
    for given in ([], "", " , "):
        assert ftype("MultiSelect").from_json(given, spec("MultiSelect", SEL)) is None


@pytest.mark.parametrize("uidt", ["Decimal", "Currency", "Percent", "Number", "Rating"])
@pytest.mark.parametrize("given", ["3", 3, "0"])
def test_numbers_come_out_as_json_numbers(uidt: str, given: Any) -> None:
    out = ftype(uidt).to_json(ftype(uidt).from_json(given, spec(uidt)), spec(uidt))
    assert isinstance(out, (int, float)) and not isinstance(out, bool) and out == int(given)


@pytest.mark.parametrize("top", range(1, 11))
def test_rating_bounds_follow_max(top: int) -> None:
    s = spec("Rating", {"max": top})
    assert ftype("Rating").from_json(top, s) == top
    assert ftype("Rating").from_json(0, s) == 0
    with pytest.raises(ValueError, match=f"outside 0..{top}"):
        ftype("Rating").from_json(top + 1, s)


JSON_SCHEMA_CHECKS = {"string": str, "integer": int, "number": (int, float), "boolean": bool}


@pytest.mark.parametrize("uidt", registry.names())
def test_openapi_sample_is_a_valid_value_of_its_schema(uidt: str) -> None:
    """The sample shown in the per-base OpenAPI document must be accepted and match the schema."""
    t, s = ftype(uidt), spec(uidt, SEL)
    sample = t.sample(s)
    value = t.to_json(t.from_json(sample, s), s)
    kind = t.json_schema.get("type")
    if kind:
        assert isinstance(value, JSON_SCHEMA_CHECKS[kind])
        if kind in ("integer", "number"):
            assert not isinstance(value, bool) and math.isfinite(value)


# --- storage, per backend ---------------------------------------------------------------------

SQL_TYPE = {  # uidt: (SQLite declared type, PostgreSQL data_type)
    "SingleLineText": ("text", "text"), "LongText": ("text", "text"),
    "Email": ("text", "text"), "URL": ("text", "text"), "PhoneNumber": ("text", "text"),
    "SingleSelect": ("text", "text"), "MultiSelect": ("text", "text"),
    "Number": ("integer", "bigint"), "Rating": ("integer", "bigint"),
    "Decimal": ("real", "double precision"), "Currency": ("real", "double precision"),
    "Percent": ("real", "double precision"), "Checkbox": ("boolean", "boolean"),
    "Date": ("text", "date"), "DateTime": ("text", "timestamp with time zone"),
    "CreatedTime": ("text", "timestamp with time zone"),
    "LastModifiedTime": ("text", "timestamp with time zone"), "JSON": ("text", "jsonb"),
}

DB_CASES = [
    # uidt, options, JSON in, JSON out, raw SQLite value, raw PostgreSQL value
    ("SingleLineText", None, "Grand Piano", "Grand Piano", "Grand Piano", "Grand Piano"),
    ("LongText", None, "a\nb", "a\nb", "a\nb", "a\nb"),
    ("Number", None, "42", 42, 42, 42),
    ("Number", None, -(2**63), -(2**63), -(2**63), -(2**63)),
    ("Decimal", None, "33.3", 33.3, 33.3, 33.3),
    ("Currency", None, 456.34, 456.34, 456.34, 456.34),
    ("Percent", None, "12.5%", 12.5, 12.5, 12.5),
    ("Rating", {"max": 7}, 7, 7, 7, 7),
    ("Checkbox", None, "yes", True, 1, True),
    ("Checkbox", None, False, False, 0, False),
    ("Date", None, "2024-02-29", "2024-02-29", "2024-02-29", dt.date(2024, 2, 29)),
    ("DateTime", None, "2024-02-29T23:30:00+02:00", "2024-02-29 21:30:00+00:00",
     "2024-02-29 21:30:00+00:00", dt.datetime(2024, 2, 29, 21, 30, tzinfo=UTC)),
    ("Email", None, "ada@example.com", "ada@example.com", "ada@example.com", "ada@example.com"),
    ("URL", None, "https://x.org", "https://x.org", "https://x.org", "https://x.org"),
    ("PhoneNumber", None, "+1 212 535 7710", "+1 212 535 7710", "+1 212 535 7710",
     "+1 212 535 7710"),
    ("SingleSelect", SEL, "b", "b", "b", "b"),
    ("MultiSelect", SEL, ["c d", "a"], "c d,a", "c d,a", "c d,a"),
    ("JSON", None, {"a": [1, "é"], "n": None}, {"a": [1, "é"], "n": None},
     '{"a": [1, "é"], "n": null}', '{"a": [1, "é"], "n": null}'),
    ("JSON", None, "just text", "just text", '"just text"', '"just text"'),
]


@pytest.mark.parametrize("uidt, options, given, expected, raw_sqlite, raw_pg", DB_CASES)
async def test_value_through_the_database(store: str, uidt: str, options: dict | None, given: Any,
                                          expected: Any, raw_sqlite: Any, raw_pg: Any) -> None:
    table = await make.table([{"title": "F", "uidt": uidt, "options": options}])
    field = table.field("F")
    assert (await dbinspect.columns(table.physical))[field.column] == SQL_TYPE[uidt][store == "postgres"]

    [rid] = await records.create_records(table, [{"F": given}])
    assert same((await records.get_record(table, rid))["F"], expected)
    assert same((await records.list_records(table)).rows[0]["F"], expected)
    raw = (await dbinspect.raw_rows(table.physical))[0][field.column]
    assert same(raw, raw_sqlite if store == "sqlite" else raw_pg), raw
    event = await Event.filter(table_id=table.id).order_by("-id").first()
    assert same(event.rows[0]["F"], expected)

    await records.update_records(table, [{"Id": rid, "F": None}])
    assert (await records.get_record(table, rid))["F"] is None
    assert (await dbinspect.raw_rows(table.physical))[0][field.column] is None


@pytest.mark.parametrize("uidt, title, column", [("CreatedTime", "CreatedAt", "created_at"),
                                                 ("LastModifiedTime", "UpdatedAt", "updated_at")])
async def test_system_time_through_the_database(store: str, uidt: str, title: str, column: str) -> None:
    table = await make.table()
    assert table.field(title).uidt == uidt
    assert (await dbinspect.columns(table.physical))[column] == SQL_TYPE[uidt][store == "postgres"]
    [rid] = await records.create_records(table, [{"Title": "x"}])
    await records.update_records(table, [{"Id": rid, "Title": "y"}])
    before_stamp = dt.datetime.now(UTC).replace(microsecond=0)

    out = (await records.get_record(table, rid))[title]
    assert NOCODB_DATETIME.match(out)
    moment = dt.datetime.fromisoformat(out)
    assert abs(moment - before_stamp) <= dt.timedelta(seconds=5)
    raw = (await dbinspect.raw_rows(table.physical))[0][column]
    if store == "sqlite":
        assert raw == out
    else:
        assert isinstance(raw, dt.datetime) and raw == moment
