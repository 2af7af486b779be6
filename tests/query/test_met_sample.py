"""Filters over the real Met sample (imported through ``core.csvio``): titles with commas and
nested parentheses, ``%`` in values, non-ASCII names, NULLs from empty cells. Each filter's
matches are compared with the same question asked of the CSV rows in Python."""

from __future__ import annotations

import csv
from collections.abc import Callable

import pytest
from pypika_tortoise import Table

from core import db
from core.csvio import import_csv
from core.query import compile_where, describe_where, parse_where, print_where
from core.query.folding import fold
from core.schema.spec import TableSpec
from core.schema.tables import load_table
from tests.conftest import met_csv_path

Row = dict[str, str]
KRISHNA = ('"Krishna Holds Up Mount Govardhan to Shelter the Villagers of Braj", Folio from a '
           "Harivamsa (The Legend of Hari (Krishna))")
FUNERAL = '"The Funeral of Isfandiyar," Folio from a Shahnama (Book of Kings)'


def _contains(column: str, needle: str) -> Callable[[Row], bool]:
    return lambda r: r[column] != "" and fold(needle) in fold(r[column])


def _french_after_2000(r: Row) -> bool:
    return r["Culture"] == "French" and int(r["AccessionYear"] or 0) > 2000


CHECKS: list[tuple[str, Callable[[Row], bool]]] = [
    ("(Department,eq,Arms and Armor)", lambda r: r["Department"] == "Arms and Armor"),
    ("(Department,eq,arms and armor)", lambda r: False),
    ("(Department,like,arts of africa, oceania)",
     _contains("Department", "Arts of Africa, Oceania")),
    (f"(Title,eq,{KRISHNA})", lambda r: r["Title"] == KRISHNA),
    (f"((Title,eq,{KRISHNA}))~or(Title,eq,{FUNERAL})", lambda r: r["Title"] in (KRISHNA, FUNERAL)),
    ("(Title,like,(Book of Kings))", _contains("Title", "(Book of Kings)")),
    ("(Title,like,language of the birds)", _contains("Title", "Language of the Birds")),
    ("(Credit Line,eq,Gift of Mrs. Henry McSweeney, 1959)",
     lambda r: r["Credit Line"] == "Gift of Mrs. Henry McSweeney, 1959"),
    ("(Medium,like,72\\% copper)", _contains("Medium", "72% copper")),
    ("(Medium,like,satinwood veneer, oak)", _contains("Medium", "Satinwood veneer, oak")),
    ("(Artist Display Name,like,érard)", _contains("Artist Display Name", "Érard")),
    ("(Artist Display Name,like,ÉRARD)", _contains("Artist Display Name", "érard")),
    ("(Artist Display Name,like,hébrard)", _contains("Artist Display Name", "Hébrard")),
    ("(Culture,blank)", lambda r: r["Culture"] == ""),
    ("(Culture,nlike,french)", lambda r: "french" not in r["Culture"].lower()),
    ("(Is Highlight,checked)", lambda r: r["Is Highlight"] == "True"),
    ("(Object Begin Date,lt,0)", lambda r: int(r["Object Begin Date"]) < 0),
    ("(Object Begin Date,btw,1800,1899)", lambda r: 1800 <= int(r["Object Begin Date"]) <= 1899),
    ("(Department,eq,Musical Instruments)~and((Culture,eq,British)~or(Culture,eq,German))",
     lambda r: r["Department"] == "Musical Instruments" and r["Culture"] in ("British", "German")),
    ("(Department,eq,Musical Instruments)~not(Is Highlight,checked)",
     lambda r: r["Department"] == "Musical Instruments" and r["Is Highlight"] != "True"),
    # connectors as users type them: capitalised, or with spaces around them
    ("(Culture,eq,French)~AND(AccessionYear,gt,2000)", _french_after_2000),
    ("(Culture,eq,French) ~and (AccessionYear,gt,2000)", _french_after_2000),
    ("(Title,like,(Book of Kings)) ~Or (Culture,eq,French)",
     lambda r: "(book of kings)" in r["Title"].lower() or r["Culture"] == "French"),
]


@pytest.fixture
async def met(store: str) -> TableSpec:
    summary = await import_csv(met_csv_path(), table_title="Met")
    assert (summary.rows, summary.failed_count) == (2000, 0)
    return await load_table(summary.table_id)


def _csv_rows() -> list[Row]:
    with open(met_csv_path(), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


async def _object_ids(table: TableSpec, where: str) -> set[int]:
    t = Table(table.physical)
    column = t.field(table.field("Object ID").column)
    crit = compile_where(parse_where(where), table, db.dialect())
    sql, params = db.query_class().from_(t).select(column.as_("oid")).where(crit) \
        .get_parameterized_sql()
    return {int(r["oid"]) for r in await db.conn().execute_query_dict(sql, params)}


async def test_filters_match_the_csv(met: TableSpec) -> None:
    rows = _csv_rows()
    assert met.field("Object ID").uidt == "Number"
    assert met.field("Is Highlight").uidt == "Checkbox"
    problems = []
    for where, wanted in CHECKS:
        expected = {int(r["Object ID"]) for r in rows if wanted(r)}
        got = await _object_ids(met, where)
        if got != expected:
            problems.append(f"{where}: {len(expected)} expected, {len(got)} got, "
                            f"missing {sorted(expected - got)[:5]}, extra {sorted(got - expected)[:5]}")
        assert parse_where(print_where(parse_where(where))) == parse_where(where)
    assert not problems, "\n".join(problems)
    assert await _object_ids(met, "(Artist Display Name,like,érard)") == {503046}
    assert len(await _object_ids(met, "(Department,eq,Arms and Armor)")) == 192
    assert describe_where(parse_where("(Department,eq,Arms and Armor)")) == \
        "Department is Arms and Armor"
    assert len(await _object_ids(met, f"(Title,eq,{KRISHNA})")) == 1
    typed = "(Culture,eq,French) ~and (AccessionYear,gt,2000)"
    assert len(await _object_ids(met, typed)) == 40
