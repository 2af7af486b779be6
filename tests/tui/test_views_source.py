"""``CoreRecordSource`` under a view state: counts and pages follow the filter and the sort,
deep pages read from the far end with the view's sort flipped (ties, NULLs); columns follow
hidden fields and the field order; the API query text for a view."""

from __future__ import annotations

import pytest

from core.query import parse_where
from core.records import service as records
from core.records.listing import ListQuery, SortKey
from core.views.state import ViewState
from tests import factories as make
from tui.api_query import query_params, records_path
from tui.widgets.record_source import CoreRecordSource, display_columns


@pytest.fixture
async def numbers(store):
    table = await make.table({"Name": "SingleLineText", "Qty": "Number", "Tag": "SingleLineText"},
                             title="Numbers")
    await make.rows(table, *[{"Name": f"n{i}", "Qty": None if i % 7 == 0 else i % 50,
                              "Tag": "odd" if i % 2 else "even"} for i in range(1050)])
    return table


@pytest.mark.parametrize("offset, limit", [(0, 5), (95, 10), (480, 40), (520, 30), (590, 10),
                                           (599, 5)])
@pytest.mark.parametrize("descending", [False, True])
async def test_pages_from_either_end_follow_the_views_filter_and_sort(numbers, offset, limit,
                                                                       descending) -> None:
    where = parse_where("(Qty,lt,40)~or(Qty,blank)")
    sort = (SortKey(numbers.field("Tag"), descending), SortKey(numbers.field("Qty"), True))
    source = CoreRecordSource(numbers, page_size=100, state=ViewState(where=where, sort=sort))
    await source.refresh()
    expected = (await records.list_records(numbers, ListQuery(
        where=where, sort=sort, limit=limit, offset=offset))).rows
    assert source.row_count == await records.count_records(numbers, ListQuery(where=where))
    assert await source.get_rows(offset, limit) == expected and expected


async def test_columns_follow_hidden_fields_and_order(numbers) -> None:
    name, qty, tag = (numbers.field(t) for t in ("Name", "Qty", "Tag"))
    keys = [c.key for c in display_columns(numbers, frozenset({qty.id}),
                                           (numbers.field("Id").id, tag.id, name.id))]
    assert keys == ["Name", "Tag", "Id", "CreatedAt", "UpdatedAt"]


async def test_api_query_text(store) -> None:
    table = await make.table({"Title": "SingleLineText", "a,b": "Number", "Note": "LongText"})
    odd = table.field("a,b")
    state = ViewState(where=parse_where('@("a,b",gt,"1 & 2")'), sort=(SortKey(odd, True),),
                      hidden=frozenset({table.field("Note").id}))
    columns = [c.spec for c in display_columns(table, state.hidden)]
    params = query_params(table, state, columns)
    assert params["sort"] == f"-{odd.id}" and params["fields"].startswith(f"Title,{odd.id},Id")
    path = records_path(table, params)
    assert "1%20%26%202" in path and '"' not in path and path.count("&") == 2
    assert query_params(table, ViewState(), columns) == {}
