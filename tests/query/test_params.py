"""``sort``, ``fields``, ``limit``, ``offset``, ``shuffle``, ``pks`` and ``build_list_query``."""

from __future__ import annotations

import pytest

from core.errors import FieldNotFound, InvalidQuery
from core.query import build_list_query, parse_fields, parse_limit, parse_offset, parse_sort
from core.query.errors import InvalidLimit, InvalidOffset
from core.query.params import parse_pks, parse_shuffle
from core.records.listing import ListQuery
from tests.query.conftest import spec_table
from tests.query.trees import C, G

TABLE = spec_table({"Title": "SingleLineText", "Qty": "Number", "Object Name": "SingleLineText",
                    "-odd": "SingleLineText"})


def _sort(values: list[str]) -> list[tuple[str, bool]]:
    return [(k.field.title, k.descending) for k in parse_sort(values, TABLE)]


@pytest.mark.parametrize(("values", "expected"), [
    (["-Qty,Title"], [("Qty", True), ("Title", False)]),
    (["+Qty"], [("Qty", False)]),
    (["-Qty", "Title"], [("Qty", True), ("Title", False)]),
    ([" -Qty , Object Name "], [("Qty", True), ("Object Name", False)]),
    (["f_c01"], [("Qty", False)]),
    (["-odd"], [("-odd", False)]),
    ([], []), ([""], []),
])
def test_parse_sort(values: list[str], expected: list[tuple[str, bool]]) -> None:
    assert _sort(values) == expected


def test_sort_on_unknown_field_is_404() -> None:
    with pytest.raises(FieldNotFound, match="Field 'Nope' not found") as caught:
        parse_sort(["Qty,-Nope"], TABLE)
    assert caught.value.status == 404 and caught.value.code == "ERR_FIELD_NOT_FOUND"


@pytest.mark.parametrize(("values", "expected"), [
    (["Title,Qty"], ["Title", "Qty"]), (["Title", "Qty"], ["Title", "Qty"]),
    (["Qty, Title ,Qty"], ["Qty", "Title"]), (["Id"], ["Id"]),
])
def test_parse_fields(values: list[str], expected: list[str]) -> None:
    assert [f.title for f in parse_fields(values, TABLE)] == expected


@pytest.mark.parametrize("values", [[], [""], ["*"], ["Title,*"]])
def test_all_fields(values: list[str]) -> None:
    assert parse_fields(values, TABLE) is None


def test_unknown_fields_are_listed_together() -> None:
    with pytest.raises(FieldNotFound) as caught:
        parse_fields(["Title,Nope", "Zilch"], TABLE)
    assert caught.value.message == "Field 'Nope, Zilch' not found"
    assert caught.value.details["fields"] == ["Nope", "Zilch"]


@pytest.mark.parametrize(("value", "expected"), [
    (None, 25), ("", 25), ("0", 25), (0, 25), ("10", 10), (10, 10), (" 7 ", 7),
    ("1000", 1000), ("5000", 1000), (5000, 1000),
])
def test_parse_limit(value: object, expected: int) -> None:
    assert parse_limit(value) == expected


def test_limit_default_and_maximum_are_parameters() -> None:
    assert parse_limit(None, default=50, maximum=100) == 50
    assert parse_limit("500", default=50, maximum=100) == 100


@pytest.mark.parametrize("value", ["-1", "abc", "1.5", "1e3", -1, True, "٣"])
def test_bad_limit(value: object) -> None:
    with pytest.raises(InvalidLimit) as caught:
        parse_limit(value)
    assert (caught.value.status, caught.value.code) == (422, "ERR_INVALID_LIMIT_VALUE")
    assert isinstance(caught.value, InvalidQuery)


@pytest.mark.parametrize(("value", "expected"), [(None, 0), ("", 0), ("0", 0), ("40", 40), (7, 7),
                                                 ("99999999", 99999999)])
def test_parse_offset(value: object, expected: int) -> None:
    assert parse_offset(value) == expected


@pytest.mark.parametrize("value", ["-5", "x", "2.0"])
def test_bad_offset(value: str) -> None:
    with pytest.raises(InvalidOffset) as caught:
        parse_offset(value)
    assert (caught.value.status, caught.value.code) == (422, "ERR_INVALID_OFFSET_VALUE")


@pytest.mark.parametrize(("value", "expected"), [(None, False), ("true", True), ("1", True),
                                                 ("FALSE", False), ("0", False)])
def test_parse_shuffle(value: str | None, expected: bool) -> None:
    assert parse_shuffle(value) is expected


def test_bad_shuffle_and_pks() -> None:
    with pytest.raises(InvalidQuery, match="shuffle must be true or false"):
        parse_shuffle("maybe")
    with pytest.raises(InvalidQuery, match="pks must be record ids, got x"):
        parse_pks(["1,x"])
    assert parse_pks([]) is None and parse_pks(["1,2", "5"]) == (1, 2, 5)


def _params(**values: list[str]):  # type: ignore[no-untyped-def]
    return lambda name: values.get(name, [])


def test_build_list_query_reads_long_and_short_names() -> None:
    query = build_list_query(_params(
        w=["(Qty,gt,1)"], where=["(Title,like,a)"], s=["-Qty"], f=["Title"], fields=["Qty"],
        l=["10"], limit=["20"], o=["5"], r=["true"], pks=["3,4"],
    ), TABLE)
    assert query.where == G(C("Title", "like", "a"), C("Qty", "gt", "1"))
    assert [(k.field.title, k.descending) for k in query.sort] == [("Qty", True)]
    assert [f.title for f in query.fields] == ["Qty", "Title"]
    assert (query.limit, query.offset, query.shuffle, query.pks) == (20, 5, True, (3, 4))


def test_build_list_query_defaults_and_clamp() -> None:
    assert build_list_query(_params(), TABLE) == ListQuery()
    assert build_list_query(_params(limit=["5000"]), TABLE, max_limit=200).limit == 200
