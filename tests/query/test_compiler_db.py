"""Every operator on every field type it applies to, run on a real database (SQLite, and
PostgreSQL when GRIDBASE_TEST_PG is set) over rows mixing values, '' and NULL.

Each group builds the table once and checks its whole table of ``where → ids``, reporting every
mismatch at once (a database per case would make the suite slow on PostgreSQL).
"""

from __future__ import annotations

import pytest

from core.records import service as records
from core.records.listing import ListQuery
from core.schema.spec import TableSpec
from tests import factories as make
from tests.query.conftest import matching_ids

FIELDS = [
    {"title": "Name", "uidt": "SingleLineText"},
    {"title": "Notes", "uidt": "LongText"},
    {"title": "Email", "uidt": "Email"},
    {"title": "Qty", "uidt": "Number"},
    {"title": "Price", "uidt": "Decimal"},
    {"title": "Stars", "uidt": "Rating"},
    {"title": "Done", "uidt": "Checkbox"},
    {"title": "Due", "uidt": "Date"},
    {"title": "When", "uidt": "DateTime"},
    {"title": "Status", "uidt": "SingleSelect", "options": {"options": ["Todo", "Doing", "Done"]}},
    {"title": "Tags", "uidt": "MultiSelect",
     "options": {"options": ["red", "blue", "green", "dark red", "Red", "a_b", "axb"]}},
    {"title": "Data", "uidt": "JSON"},
]
ROWS = [
    dict(Name="Grand Pianoforte", Notes="Satinwood veneer, oak", Email="ada@example.com", Qty=3,
         Price=2.5, Stars=4, Done=True, Due="2025-09-30", When="2025-09-30 08:30:00",
         Status="Done", Tags="red,blue", Data={"maker": "Érard"}),
    dict(Name="", Notes="", Qty=0, Price=0, Stars=0, Done=False, Due="2025-10-01",
         When="2025-09-30 23:59:59", Status="Todo", Tags="dark red", Data=[1, 2]),
    dict(),
    dict(Name="Érard piano", Notes="50% off_sale", Email="bob@example.org", Qty=10, Price=99.99,
         Stars=1, Done=True, Due="2025-09-23", When="2025-10-01 00:00:00", Status="Doing",
         Tags="Red,green", Data="ÉRARD"),
    dict(Name="grand pianoforte", Notes="Birds (in Parables, 1865)", Qty=-5, Price=2.5, Stars=5,
         Done=False, Due="2025-08-30", When="2025-09-29 12:00:00", Status="Done", Tags="red,axb"),
    dict(Name="Clock, with Spinet", Notes="back\\slash 100%", Qty=100, Due="2025-10-07",
         When="2024-12-31 23:00:00", Status="Todo", Tags="blue,green,red"),
]
ALL = [1, 2, 3, 4, 5, 6]

CASES: dict[str, list[tuple[str | list[str], list[int]]]] = {
    "text": [
        ("(Name,eq,Grand Pianoforte)", [1]), ("(Name,eq,grand pianoforte)", [5]),
        ("(Name,neq,Grand Pianoforte)", [2, 3, 4, 5, 6]), ("(Name,eq,)", [2]),
        ("(Name,like,pianoforte)", [1, 5]), ("(Name,like,PIANO)", [1, 4, 5]),
        ("(Name,like,érard)", [4]), ("(Name,like,ÉRARD)", [4]), ("(Name,like,grand%)", [1, 5]),
        ("(Name,like,%piano)", [4]), ("(Name,like,)", [1, 2, 4, 5, 6]),
        ("(Name,nlike,piano)", [2, 3, 6]), ("(Name,nlike,)", [3]),
        ("(Name,like,Clock, with)", [6]), ("(Name,eq,Clock, with Spinet)", [6]),
        ("(Name,like,_rand)", [1, 5]), ("(Name,like,\\_rand)", []),
        ("(Name,in,Grand Pianoforte,Érard piano)", [1, 4]),
        ("(Name,blank)", [2, 3]), ("(Name,notblank)", [1, 4, 5, 6]),
        ("(Name,empty)", [2]), ("(Name,notempty)", [1, 3, 4, 5, 6]),
        ("(Name,null)", [3]), ("(Name,notnull)", [1, 2, 4, 5, 6]),
        ("(Name,is,blank)", [2, 3]), ("(Name,isnot,null)", [1, 2, 4, 5, 6]),
        ("(Notes,like,50\\%)", [4]), ("(Notes,like,50%)", [4]), ("(Notes,like,0%)", []),
        ("(Notes,like,\\%)", [4, 6]), ("(Notes,like,off\\_sale)", [4]),
        ("(Notes,like,back\\slash)", [6]), ("(Notes,like,veneer, oak)", [1]),
        ("(Notes,like,Birds (in Parables, 1865))", [5]),
        ("(Notes,eq,Birds (in Parables, 1865))", [5]),
        ("(Email,like,example.org)", [4]), ("(Email,eq,ada@example.com)", [1]),
        ("(Email,blank)", [2, 3, 5, 6]), ("(Email,is,notnull)", [1, 4]),
        ("(Email,eq,not an address)", []),
    ],
    "number": [
        ("(Qty,eq,3)", [1]), ("(Qty,neq,3)", [2, 3, 4, 5, 6]), ("(Qty,gt,3)", [4, 6]),
        ("(Qty,gte,3)", [1, 4, 6]), ("(Qty,ge,10)", [4, 6]), ("(Qty,lt,3)", [2, 5]),
        ("(Qty,lte,3)", [1, 2, 5]), ("(Qty,le,0)", [2, 5]), ("(Qty,eq,0)", [2]),
        ("(Qty,btw,0,10)", [1, 2, 4]), ("(Qty,nbtw,0,10)", [5, 6]),
        ("(Qty,in,3, 100)", [1, 6]), ("(Qty,blank)", [3]), ("(Qty,notblank)", [1, 2, 4, 5, 6]),
        ("(Qty,null)", [3]), ("(Qty,notnull)", [1, 2, 4, 5, 6]),
        ("(Price,eq,2.5)", [1, 5]), ("(Price,gt,2.5)", [4]), ("(Price,lte,2.5)", [1, 2, 5]),
        ("(Price,btw,0,2.5)", [1, 2, 5]), ("(Price,neq,2.5)", [2, 3, 4, 6]),
        ("(Price,blank)", [3, 6]),
        ("(Id,eq,1)", [1]), ("(Id,in,1,3)", [1, 3]), ("(Id,btw,2,4)", [2, 3, 4]),
        ("(Id,gt,4)", [5, 6]),
    ],
    "rating": [
        ("(Stars,eq,0)", [2, 3, 6]), ("(Stars,neq,0)", [1, 4, 5]), ("(Stars,eq,4)", [1]),
        ("(Stars,neq,4)", [2, 3, 4, 5, 6]), ("(Stars,lt,2)", [2, 3, 4, 6]),
        ("(Stars,gt,0)", [1, 4, 5]), ("(Stars,gte,0)", ALL), ("(Stars,lte,1)", [2, 3, 4, 6]),
        ("(Stars,btw,0,1)", [2, 3, 4, 6]), ("(Stars,in,0,5)", [2, 3, 5, 6]),
        ("(Stars,blank)", [3, 6]), ("(Stars,notblank)", [1, 2, 4, 5]),
    ],
    "checkbox": [
        ("(Done,checked)", [1, 4]), ("(Done,notchecked)", [2, 3, 5, 6]),
        ("(Done,is,true)", [1, 4]), ("(Done,is,false)", [2, 3, 5, 6]),
        ("(Done,isnot,true)", [2, 3, 5, 6]), ("~not(Done,checked)", [2, 3, 5, 6]),
    ],
    "date": [
        ("(Due,eq,today)", [1]), ("(Due,eq,tomorrow)", [2]), ("(Due,eq,yesterday)", []),
        ("(Due,eq,oneWeekAgo)", [4]), ("(Due,eq,oneWeekFromNow)", [6]),
        ("(Due,eq,oneMonthAgo)", [5]), ("(Due,eq,oneMonthFromNow)", []),
        ("(Due,eq,daysAgo,7)", [4]), ("(Due,eq,daysFromNow,1)", [2]),
        ("(Due,eq,exactDate,2025-10-07)", [6]), ("(Due,eq,2025-10-07)", [6]),
        ("(Due,neq,today)", [2, 3, 4, 5, 6]), ("(Due,lt,today)", [4, 5]),
        ("(Due,lte,today)", [1, 4, 5]), ("(Due,gt,today)", [2, 6]), ("(Due,gte,today)", [1, 2, 6]),
        ("(Due,gt,daysAgo,8)", [1, 2, 4, 6]), ("(Due,le,exactDate,2025-09-23)", [4, 5]),
        ("(Due,isWithin,pastWeek)", [1, 4]), ("(Due,isWithin,pastMonth)", [1, 4, 5]),
        ("(Due,isWithin,pastYear)", [1, 4, 5]), ("(Due,isWithin,nextWeek)", [1, 2, 6]),
        ("(Due,isWithin,nextMonth)", [1, 2, 6]), ("(Due,isWithin,nextYear)", [1, 2, 6]),
        ("(Due,isWithin,pastNumberOfDays,7)", [1, 4]),
        ("(Due,isWithin,pastNumberOfDays,6)", [1]),
        ("(Due,isWithin,nextNumberOfDays,1)", [1, 2]),
        ("(Due,isWithin,nextNumberOfDays,0)", [1]),
        ("(Due,blank)", [3]), ("(Due,notblank)", [1, 2, 4, 5, 6]), ("(Due,is,null)", [3]),
    ],
    "datetime": [
        ("(When,eq,today)", [1, 2]), ("(When,eq,2025-09-30)", [1, 2]),
        ("(When,eq,exactDate,2025-10-01)", [4]), ("(When,neq,today)", [3, 4, 5, 6]),
        ("(When,gt,today)", [4]), ("(When,gte,today)", [1, 2, 4]), ("(When,lt,today)", [5, 6]),
        ("(When,lte,today)", [1, 2, 5, 6]),
        ("(When,gt,2025-09-30 08:30:00)", [2, 4]), ("(When,gte,2025-09-30 08:30:00)", [1, 2, 4]),
        ("(When,lt,2025-09-30 08:30:00)", [5, 6]), ("(When,lte,2025-09-30 08:30:00)", [1, 5, 6]),
        ("(When,eq,2025-09-30 08:30:00)", [1, 2]),
        ("(When,isWithin,pastNumberOfDays,1)", [1, 2, 5]), ("(When,isWithin,pastYear)", [1, 2, 5, 6]),
        ("(When,isWithin,nextWeek)", [1, 2, 4]), ("(When,blank)", [3]),
        ("(When,notblank)", [1, 2, 4, 5, 6]),
    ],
    "select": [
        ("(Status,eq,Done)", [1, 5]), ("(Status,eq,done)", []), ("(Status,eq,Gone)", []),
        ("(Status,neq,Done)", [2, 3, 4, 6]), ("(Status,in,Done,Doing)", [1, 4, 5]),
        ("(Status,anyof,Todo,Doing)", [2, 4, 6]), ("(Status,anyof, Todo , Doing)", [2, 4, 6]),
        ("(Status,nanyof,Done)", [2, 3, 4, 6]), ("(Status,blank)", [3]),
        ("(Status,notblank)", [1, 2, 4, 5, 6]),
        ("(Tags,anyof,red)", [1, 5, 6]), ("(Tags,anyof,Red)", [4]),
        ("(Tags,anyof,red,green)", [1, 4, 5, 6]), ("(Tags,allof,red,blue)", [1, 6]),
        ("(Tags,allof,blue,green)", [6]), ("(Tags,nanyof,red)", [2, 3, 4]),
        ("(Tags,nallof,red,blue)", [2, 3, 4, 5]), ("(Tags,anyof,dark red)", [2]),
        ("(Tags,anyof,a_b)", []), ("(Tags,anyof,axb)", [5]), ("(Tags,anyof,%)", []),
        ("(Tags,blank)", [3]), ("(Tags,notblank)", [1, 2, 4, 5, 6]),
    ],
    "json": [
        ("(Data,like,érard)", [1, 4]), ("(Data,nlike,érard)", [2, 3, 5, 6]),
        ("(Data,like,maker)", [1]), ("(Data,blank)", [3, 5, 6]), ("(Data,notblank)", [1, 2, 4]),
        ("(Data,null)", [3, 5, 6]),
    ],
    "logic": [
        ("(Qty,gt,0)~and(Stars,gte,4)", [1]), ("(Qty,lt,0)~or(Qty,gt,50)", [5, 6]),
        ("(Status,eq,Done)~or(Status,eq,Todo)~and(Qty,gt,50)", [1, 5, 6]),
        ("((Status,eq,Done)~or(Status,eq,Todo))~and(Qty,gt,50)", [6]),
        ("(Qty,gte,0)~not(Status,eq,Done)", [2, 4, 6]), ("~not((Qty,gt,3))", [1, 2, 3, 5]),
        ("~not(Qty,gt,3)~and(Id,lt,3)", [1, 2]), ("~or(Qty,eq,3)", [1]),
        ("(Id,gt,0)~and((Qty,gt,50)~or((Status,eq,Done)~and(Stars,eq,5)))", [5, 6]),
        ("(Qty,eq,3)~ornot(Id,gt,1)", [1]), ("(Qty,eq,10)~andnot(Done,checked)", []),
        ('@(Name,eq,"Clock, with Spinet")~or(Notes,eq,\'Birds (in Parables, 1865)\')', [5, 6]),
        ('@(Name,in,"Clock, with Spinet","Grand Pianoforte")', [1, 6]),
        (["(Qty,gt,0)", "(Status,eq,Done)~or(Status,eq,Doing)"], [1, 4]),
    ],
}


async def _fixture_table() -> TableSpec:
    table = await make.table(FIELDS)
    assert await make.rows(table, *ROWS) == ALL
    return table


@pytest.mark.parametrize("group", list(CASES))
async def test_operator_semantics(store: str, group: str) -> None:
    table = await _fixture_table()
    mismatches = []
    for where, expected in CASES[group]:
        got = await matching_ids(table, where)
        if got != expected:
            mismatches.append(f"{where}: expected {expected}, got {got}")
    assert not mismatches, f"{store}:\n" + "\n".join(mismatches)


async def test_negations_are_exact_complements(store: str) -> None:
    table = await _fixture_table()
    pairs = [("(Name,eq,Grand Pianoforte)", "(Name,neq,Grand Pianoforte)"),
             ("(Name,like,piano)", "(Name,nlike,piano)"), ("(Tags,anyof,red)", "(Tags,nanyof,red)"),
             ("(Tags,allof,red,blue)", "(Tags,nallof,red,blue)"), ("(Name,blank)", "(Name,notblank)"),
             ("(Done,checked)", "(Done,notchecked)"), ("(Due,eq,today)", "(Due,neq,today)"),
             ("(Stars,eq,4)", "(Stars,neq,4)"), ("(Qty,gt,3)", "~not(Qty,gt,3)")]
    for positive, negative in pairs:
        matched, rest = await matching_ids(table, positive), await matching_ids(table, negative)
        assert sorted(matched + rest) == ALL, (positive, matched, negative, rest)


async def test_system_times(store: str) -> None:
    table = await _fixture_table()
    assert await matching_ids(table, "(CreatedAt,eq,today)", now=None) == ALL
    assert await matching_ids(table, "(CreatedAt,isWithin,pastWeek)", now=None) == ALL
    assert await matching_ids(table, "(CreatedAt,lt,today)", now=None) == []
    assert await matching_ids(table, "(UpdatedAt,blank)", now=None) == ALL
    await records.update_records(table, [{"Id": 2, "Qty": 1}])
    assert await matching_ids(table, "(UpdatedAt,eq,today)", now=None) == [2]


async def test_records_service_filters_with_compiled_where(store: str) -> None:
    from core.query import parse_where

    table = await _fixture_table()
    page = await records.list_records(table, ListQuery(where=parse_where("(Name,like,PIANO)")))
    assert [row["Id"] for row in page.rows] == [1, 4, 5]
    assert page.info.total_rows == 3
    assert await records.count_records(table, ListQuery(where=parse_where("(Qty,blank)"))) == 1
