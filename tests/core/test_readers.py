"""``FieldType.json_reader`` (used by ``core.records.readers``) must give exactly what
``to_json(from_db(raw))`` gives, for every type, on both dialects' stored forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.fields.base import FieldSpec, registry

UTC = dt.timezone.utc
# What a column can hold, as each driver returns it (SQLite text/int/real, PostgreSQL objects).
STORED: list[Any] = [
    None, "", "text", "Érard, (1865) %", 0, 1, -7, 2**40, 3.5, 2.0, True, False,
    "2025-09-30", "2025-09-30 08:30:00+00:00", "2025-09-30T08:30:00Z",
    "2025-09-30 10:30:00+02:00", "2025-09-30 08:30:00",
    dt.date(2025, 9, 30), dt.datetime(2025, 9, 30, 8, 30, tzinfo=UTC),
    dt.datetime(2025, 9, 30, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    '{"a": [1, 2]}', "[1, 2]", "a,b",
]


def _slow(ftype: Any, spec: FieldSpec, raw: Any, dialect: str) -> Any:
    return ftype.to_json(ftype.from_db(raw, dialect), spec)


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
@pytest.mark.parametrize("uidt", sorted(t.uidt for t in registry.all()))
def test_reader_equals_from_db_then_to_json(uidt: str, dialect: str) -> None:
    ftype = registry.get(uidt)
    spec = FieldSpec(id="f1", title="F", uidt=uidt, column="c_f1",
                     options={"options": [{"title": "a"}, {"title": "b"}], "precision": 2})
    reader = ftype.json_reader(spec, dialect)
    compared = 0
    for raw in STORED:
        try:
            expected = _slow(ftype, spec, raw, dialect)
        except (ValueError, TypeError, AttributeError):
            continue  # not a value this type ever stores
        got = raw if reader is None else reader(raw)
        assert got == expected and type(got) is type(expected), (uidt, dialect, raw)
        compared += 1
    assert compared >= 2
