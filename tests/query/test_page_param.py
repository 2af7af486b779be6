"""``page``/``p`` (NocoDB's newer builds: offset = (page − 1) · limit) and the ``filter`` alias of
``where``, through ``build_list_query``."""

from __future__ import annotations

import pytest

from core.errors import InvalidQuery
from core.query.errors import InvalidOffset, InvalidPage
from core.query.params import build_list_query, page_offset, parse_page
from core.records.listing import PageInfo
from tests.query.conftest import spec_table
from tests.query.trees import C, G

TABLE = spec_table({"Title": "SingleLineText", "Department": "SingleLineText"})


def _params(**values: list[str]):  # type: ignore[no-untyped-def]
    return lambda name: values.get(name, [])


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("", None), (" ", None), ("1", 1), (" 3 ", 3), (7, 7), ("99999999", 99999999),
])
def test_parse_page(value: object, expected: int | None) -> None:
    assert parse_page(value) == expected


@pytest.mark.parametrize("value", ["0", 0, "-1", "x", "2.0", "1.5", "1e3", True, "٣"])
def test_bad_page_is_422_with_its_own_code(value: object) -> None:
    with pytest.raises(InvalidPage, match=r"page must be a positive integer \(1 is the first") as caught:
        parse_page(value)
    assert (caught.value.status, caught.value.code) == (422, "ERR_INVALID_PAGE_VALUE")
    assert isinstance(caught.value, InvalidQuery) and caught.value.details["value"] == str(value)


@pytest.mark.parametrize(("params", "limit", "offset"), [
    ({"page": ["3"], "limit": ["10"]}, 10, 20),
    ({"p": ["3"], "l": ["10"]}, 10, 20),
    ({"page": ["1"]}, 25, 0),
    ({"page": ["2"]}, 25, 25),                             # default limit
    ({"page": ["2"], "limit": ["0"]}, 25, 25),             # limit 0 means the default
    ({"page": ["2"], "limit": ["5000"]}, 1000, 1000),      # the clamped limit, not the asked one
    ({"page": ["2"], "p": ["9"], "limit": ["10"]}, 10, 10),  # long name wins, as for offset/o
    ({"page": ["9", "2"], "limit": ["10"]}, 10, 10),       # the last value wins
    ({"page": ["3"], "offset": ["7"], "limit": ["10"]}, 10, 20),  # page wins over offset
    ({"page": [""], "offset": ["7"], "limit": ["10"]}, 10, 7),    # an empty page is no page
    ({"offset": ["7"], "limit": ["10"]}, 10, 7),
])
def test_page_sets_the_offset(params: dict[str, list[str]], limit: int, offset: int) -> None:
    query = build_list_query(_params(**params), TABLE)
    assert (query.limit, query.offset) == (limit, offset)


def test_page_info_reports_the_page_asked_for() -> None:
    query = build_list_query(_params(page=["3"], limit=["10"]), TABLE)
    info = PageInfo(total_rows=45, page_size=query.limit, offset=query.offset).as_json()
    assert info == {"totalRows": 45, "page": 3, "pageSize": 10, "isFirstPage": False,
                    "isLastPage": False}


def test_both_page_and_offset_are_checked() -> None:
    with pytest.raises(InvalidOffset):
        build_list_query(_params(page=["2"], offset=["-1"]), TABLE)
    with pytest.raises(InvalidPage):
        build_list_query(_params(page=["0"], offset=["10"]), TABLE)


def test_page_past_any_table_is_an_error_not_an_overflow() -> None:
    with pytest.raises(InvalidPage, match="Page value '92233720368547759' is invalid"):
        build_list_query(_params(page=["92233720368547759"], limit=["1000"]), TABLE)
    assert page_offset(2**53, 1) == 2**53 - 1


@pytest.mark.parametrize(("params", "expected"), [
    ({"filter": ["(Department,eq,Arms and Armor)"]}, G(C("Department", "eq", "Arms and Armor"))),
    ({"where": ["(Title,eq,a)"], "filter": ["(Department,eq,b)"]},
     G(C("Title", "eq", "a"), C("Department", "eq", "b"))),
    ({"w": ["(Title,eq,a)"], "filter": ["(Department,eq,b)"]},
     G(C("Title", "eq", "a"), C("Department", "eq", "b"))),
])
def test_filter_is_an_alias_of_where(params: dict[str, list[str]], expected: object) -> None:
    assert build_list_query(_params(**params), TABLE).where == expected
