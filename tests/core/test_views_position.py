"""``row_position``: a record's index in a view agrees with the order ``list_records`` pages
— sort keys in both directions, NULLs, ties broken by Id, a sort on Id — and is None for a
record the filter leaves out."""

from __future__ import annotations

import itertools

import pytest

from core.query import parse_where
from core.records import service as records
from core.records.listing import ListQuery, SortKey
from core.views.position import row_position
from tests import factories as make

WHERE = "(City,neq,Oslo)"


@pytest.fixture
async def people(store):
    table = await make.table({"Name": "SingleLineText", "Age": "Number",
                              "City": "SingleLineText"}, title="People")
    ages, cities = [30, None, 25, 30, None, 41, 25], ["Rome", None, "Oslo", "Rome", "Lima", None]
    await make.rows(table, *({"Name": f"p{i}", "Age": age, "City": city}
                             for i, (age, city) in enumerate(zip(ages, itertools.cycle(cities)))))
    return table


@pytest.mark.parametrize("keys", [(), (("Age", False),), (("Age", True),),
                                  (("City", True), ("Age", False)), (("Age", True), ("Id", True)),
                                  (("CreatedAt", True), ("Name", False))])
@pytest.mark.parametrize("where", [None, WHERE])
async def test_position_matches_the_listed_order(people, keys, where) -> None:
    sort = tuple(SortKey(people.field(title), desc) for title, desc in keys)
    tree = parse_where(where) if where else None
    listed = (await records.list_records(people, ListQuery(where=tree, sort=sort,
                                                           limit=100))).rows
    assert len(listed) >= 5
    for index, row in enumerate(listed):
        assert await row_position(people, tree, sort, row["Id"]) == index


async def test_a_record_the_filter_leaves_out_has_no_position(people) -> None:
    [rid] = await make.rows(people, {"Name": "x", "City": "Oslo"})
    assert await row_position(people, parse_where(WHERE), (), rid) is None
    assert await row_position(people, None, (), rid) == 7
    assert await row_position(people, None, (), 9999) is None
