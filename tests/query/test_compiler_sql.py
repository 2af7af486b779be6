"""The SQL ``compile_where`` emits, checked without a database: values only as parameters,
the shape of each operator on each dialect, and the errors for bad fields, operators, values."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import FieldNotFound, InvalidQuery
from tests.query.conftest import spec_table, to_sql

TABLE = spec_table(
    {"Name": "SingleLineText", "Email": "Email", "Qty": "Number", "Price": "Decimal",
     "Stars": "Rating", "Done": "Checkbox", "Due": "Date", "When": "DateTime",
     "Status": "SingleSelect", "Tags": "MultiSelect", "Data": "JSON"},
)
DIALECTS = ["sqlite", "postgres"]
HOSTILE = ["' OR 1=1 --", "*", 'x"; DROP TABLE t_things; --', "%_\\", "Érard"]

# where templates; {v} is replaced by a hostile value
VALUE_CARRIERS = [
    "(Name,eq,{v})", "(Name,neq,{v})", "(Name,like,{v})", "(Name,nlike,{v})", "(Name,in,{v},z)",
    "(Email,eq,{v})", "(Status,eq,{v})", "(Status,anyof,{v})", "(Tags,anyof,{v})",
    "(Tags,nallof,{v},b)", "(Data,like,{v})",
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("template", VALUE_CARRIERS)
@pytest.mark.parametrize("value", HOSTILE)
def test_user_values_only_travel_as_parameters(dialect: str, template: str, value: str) -> None:
    sql, params = to_sql("@" + template.replace("{v}", _quote(value)), TABLE, dialect)
    assert value not in sql
    assert "'" not in sql.replace("','", "").replace("ESCAPE '\\'", "")
    assert any(value in str(p) for p in params)


def _quote(value: str) -> str:
    return "`" + value + "`"


@pytest.mark.parametrize(("dialect", "where", "fragment", "params"), [
    ("sqlite", "(Name,eq,x)", '"f_c00"=?', ["x"]),
    ("postgres", "(Name,eq,x)", '"f_c00"=$1', ["x"]),
    ("sqlite", "(Name,neq,x)", '"f_c00"<>? OR "f_c00" IS NULL', ["x"]),
    ("sqlite", "(Name,like,Ér)", "(gb_fold(\"f_c00\") LIKE gb_fold(?) ESCAPE '\\')", ["%Ér%"]),
    ("postgres", "(Name,like,Ér)", "(lower(\"f_c00\") LIKE lower($1) ESCAPE '\\')", ["%Ér%"]),
    ("postgres", "(Data,like,x)", "lower(CAST(\"f_c10\" AS TEXT)) LIKE lower($1)", ["%x%"]),
    ("sqlite", "(Name,nlike,x)", "((gb_fold(\"f_c00\") LIKE gb_fold(?) ESCAPE '\\')) IS NOT TRUE",
     ["%x%"]),
    ("sqlite", "(Name,blank)", '"f_c00" IS NULL OR "f_c00"=?', [""]),
    ("sqlite", "(Qty,blank)", '"f_c02" IS NULL', []),
    ("sqlite", "(Name,notempty)", '"f_c00"<>? OR "f_c00" IS NULL', [""]),
    ("sqlite", "(Qty,btw,1,5)", '"f_c02">=? AND "f_c02"<=?', [1, 5]),
    ("sqlite", "(Qty,nbtw,1,5)", '"f_c02"<? OR "f_c02">?', [1, 5]),
    ("sqlite", "(Qty,in,1, 2)", '"f_c02" IN (?,?)', [1, 2]),
    ("sqlite", "(Price,gt,2.5)", '"f_c03">?', [2.5]),
    ("sqlite", "(Stars,eq,0)", 'COALESCE("f_c04",0)=?', [0]),
    ("sqlite", "(Done,checked)", '"f_c05"=?', [True]),
    ("sqlite", "(Done,notchecked)", '"f_c05"=? OR "f_c05" IS NULL', [False]),
    ("sqlite", "(Due,eq,today)", '"f_c06">=? AND "f_c06"<?', ["2025-09-30", "2025-10-01"]),
    ("postgres", "(Due,eq,today)", '"f_c06">=$1 AND "f_c06"<$2',
     [dt.date(2025, 9, 30), dt.date(2025, 10, 1)]),
    ("sqlite", "(When,eq,2025-09-30)", '"f_c07">=? AND "f_c07"<?',
     ["2025-09-30 00:00:00+00:00", "2025-10-01 00:00:00+00:00"]),
    ("sqlite", "(When,gt,today)", '"f_c07">=?', ["2025-10-01 00:00:00+00:00"]),
    ("sqlite", "(When,lte,today)", '"f_c07"<?', ["2025-10-01 00:00:00+00:00"]),
    ("sqlite", "(When,gt,2025-09-30 08:30:00)", '"f_c07">?', ["2025-09-30 08:30:00+00:00"]),
    ("sqlite", "(Due,isWithin,pastWeek)", '"f_c06">=? AND "f_c06"<?', ["2025-09-23", "2025-10-01"]),
    ("sqlite", "(CreatedAt,eq,yesterday)", '"created_at">=? AND "created_at"<?',
     ["2025-09-29 00:00:00+00:00", "2025-09-30 00:00:00+00:00"]),
    ("sqlite", "(Status,anyof,a, b)", '"f_c08" IN (?,?)', ["a", "b"]),
    ("sqlite", "(Tags,anyof,a,b)", "instr((',' || \"f_c09\" || ','),?)>0 OR "
     "instr((',' || \"f_c09\" || ','),?)>0", [",a,", ",b,"]),
    ("postgres", "(Tags,allof,a,b)", "strpos((',' || \"f_c09\" || ','),$1)>0 AND "
     "strpos((',' || \"f_c09\" || ','),$2)>0", [",a,", ",b,"]),
    ("sqlite", "(Name,eq,a)~or(Name,eq,b)~and(Qty,gt,1)", '"f_c00"=? OR ("f_c00"=? AND "f_c02">?)',
     ["a", "b", 1]),
    ("sqlite", "((Name,eq,a)~or(Name,eq,b))~and(Qty,gt,1)",
     '("f_c00"=? OR "f_c00"=?) AND "f_c02">?', ["a", "b", 1]),
    ("sqlite", "~not(Done,checked)", '(("f_c05"=?) IS NOT TRUE)', [True]),
    ("sqlite", "(Qty,gt,1)~not(Name,eq,a)", '"f_c02">? AND (("f_c00"=?) IS NOT TRUE)', [1, "a"]),
    ("sqlite", ["(Qty,gt,1)", "(Name,eq,a)~or(Name,eq,b)"],
     '"f_c02">? AND ("f_c00"=? OR "f_c00"=?)', [1, "a", "b"]),
])
def test_sql_shape(dialect: str, where: str, fragment: str, params: list) -> None:
    sql, got = to_sql(where, TABLE, dialect)
    assert sql.startswith('SELECT "id" FROM "t_things" WHERE ')
    assert fragment in sql, sql
    assert got == params


def test_fields_resolve_by_title_id_or_column() -> None:
    by_title, _ = to_sql("(Qty,eq,1)", TABLE, "sqlite")
    assert by_title == to_sql("(fld2,eq,1)", TABLE, "sqlite")[0] == to_sql("(f_c02,eq,1)", TABLE,
                                                                          "sqlite")[0]


def test_unknown_field_is_an_invalid_filter_not_a_404() -> None:
    with pytest.raises(InvalidQuery) as caught:
        to_sql("(Qty,eq,1)~and(Nope,eq,1)", TABLE, "sqlite")
    assert not isinstance(caught.value, FieldNotFound)
    assert caught.value.message == "Field 'Nope' not found"
    assert caught.value.details == {"field": "Nope"}
    assert (caught.value.status, caught.value.code) == (422, "ERR_INVALID_FILTER")


@pytest.mark.parametrize(("where", "fragments"), [
    ("(Qty,like,3)", ["Operator 'like' is not supported for field 'Qty' of type Number",
                      "supported: eq, neq, gt, lt, gte, lte, in, btw, nbtw, blank"]),
    ("(Done,eq,true)", ["field 'Done' of type Checkbox", "supported: checked, notchecked"]),
    ("(Tags,eq,red)", ["type MultiSelect", "supported: anyof, allof, nanyof, nallof, blank"]),
    ("(Due,like,2025)", ["type Date"]),
    ("(Name,gt,a)", ["type SingleLineText"]),
])
def test_operator_not_supported_by_the_field_type(where: str, fragments: list[str]) -> None:
    with pytest.raises(InvalidQuery) as caught:
        to_sql(where, TABLE, "sqlite")
    for fragment in fragments:
        assert fragment in caught.value.message
    assert caught.value.details["operator"] == where.split(",")[1]


@pytest.mark.parametrize(("where", "fragment"), [
    ("(Qty,eq,abc)", "Invalid value for field 'Qty' (Number): 'abc' is not a number"),
    ("(Qty,gt,2.5)", "'2.5' is not a whole number"),
    ("(Price,lt,cheap)", "field 'Price' (Decimal): 'cheap' is not a number"),
    ("(Qty,in,1,x)", "'x' is not a number"),
    ("(Qty,btw,1)", "'btw' needs two values as low,high, got '1'"),
    ("(Qty,btw,1,2,3)", "'btw' needs two values"),
    ("(Qty,eq)", "'eq' needs a value"),
    ("(Name,eq)", "'eq' needs a value"),
    ("@(Name,eq,\"a,b\",c)", "'eq' takes one value, got a list of 2"),
    ("(Tags,anyof,)", "'anyof' needs at least one value"),
    ("(Stars,eq,9)", "rating 9 is outside 0..5"),
    ("(Due,eq,soon)", "field 'Due' (Date): 'soon' is not a date"),
    ("(Due,eq,pastWeek)", "'pastWeek' is not supported for 'eq'"),
    ("(Due,isWithin,today)", "'today' is not supported for 'isWithin'"),
    ("(When,gt,daysAgo)", "'daysAgo' needs a number of days"),
    ("(When,eq,daysAgo,three)", "'daysAgo' needs a whole number of days, got 'three'"),
])
def test_values_that_do_not_fit_the_field(where: str, fragment: str) -> None:
    with pytest.raises(InvalidQuery) as caught:
        to_sql(where, TABLE, "sqlite")
    assert fragment in caught.value.message
    assert caught.value.details["field"] == where.strip("@(").split(",")[0]


def test_date_subops_are_plain_text_for_other_fields() -> None:
    assert to_sql("(Name,eq,today,daysAgo)", TABLE, "sqlite")[1] == ["today,daysAgo"]
    assert to_sql("(Name,like,exactDate)", TABLE, "sqlite")[1] == ["%exactDate%"]


def test_now_defaults_to_the_current_utc_day() -> None:
    _, params = to_sql("(Due,eq,today)", TABLE, "sqlite", now=None)  # type: ignore[arg-type]
    assert params[0] == dt.datetime.now(dt.timezone.utc).date().isoformat()


def test_naive_now_is_utc() -> None:
    naive = dt.datetime(2025, 1, 1, 23, 30)
    assert to_sql("(Due,eq,today)", TABLE, "sqlite", now=naive)[1][0] == "2025-01-01"
    aware = dt.datetime(2025, 1, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-2)))
    assert to_sql("(Due,eq,today)", TABLE, "sqlite", now=aware)[1][0] == "2025-01-02"
