"""The operator registry: every field type's operators exist, labels, English descriptions."""

from __future__ import annotations

import pytest

from core.fields import registry
from core.query import OPERATORS, describe_where, operators_for, parse_where
from core.query.operators import Arity, OperatorError, canonical
from core.query.values import like_pattern


def test_every_field_type_operator_is_registered() -> None:
    for ftype in registry.all():
        assert ftype.operators <= set(OPERATORS), ftype.uidt
        assert {o.key for o in operators_for(ftype)} == ftype.operators


def test_operators_for_lists_in_registry_order() -> None:
    keys = [o.key for o in operators_for(registry.get("Checkbox"))]
    assert keys == ["checked", "notchecked"]
    assert [o.key for o in operators_for(registry.get("Date"))][:2] == ["eq", "neq"]


@pytest.mark.parametrize(("key", "arity", "label"), [
    ("eq", Arity.ONE, "is"), ("neq", Arity.ONE, "is not"), ("like", Arity.ONE, "contains"),
    ("blank", Arity.NONE, "is blank"), ("in", Arity.LIST, "is any of"),
    ("btw", Arity.PAIR, "is between"), ("isWithin", Arity.PERIOD, "is within"),
    ("anyof", Arity.LIST, "has any of"), ("notchecked", Arity.NONE, "is not checked"),
])
def test_arity_and_label(key: str, arity: Arity, label: str) -> None:
    assert (OPERATORS[key].arity, OPERATORS[key].label) == (arity, label)


DESCRIPTIONS = [
    ("(Department,eq,Arms and Armor)", "Department is Arms and Armor"),
    ("(Department,neq,Arms and Armor)", "Department is not Arms and Armor"),
    ("(Name,like,jo)", "Name contains jo"),
    ("(Name,like,%son)", "Name ends with son"),
    ("(Name,like,jo%)", "Name starts with jo"),
    ("(Name,nlike,%jo%)", "Name does not contain jo"),
    ("(Notes,blank)", "Notes is blank"),
    ("(Email,is,notnull)", "Email is not null"),
    ("(Qty,btw,10,100)", "Qty is between 10 and 100"),
    ("(Qty,gte,3)", "Qty is at least 3"),
    ("(Id,in,1,2,3)", "Id is any of 1, 2 or 3"),
    ("(Tags,anyof,red, blue)", "Tags has any of red or blue"),
    ("(Tags,allof,red,blue,green)", "Tags has all of red, blue and green"),
    ("(Tags,nanyof,red)", "Tags has none of red"),
    ("(Due,isWithin,pastNumberOfDays,14)", "Due is within the past 14 days"),
    ("(Due,isWithin,nextMonth)", "Due is within the next month"),
    ("(Due,lt,today)", "Due is before today"),
    ("(Due,gte,daysAgo,3)", "Due is on or after 3 days ago"),
    ("(Due,eq,exactDate,2025-09-30)", "Due is 2025-09-30"),
    ("(Due,gt,2025-09-30)", "Due is after 2025-09-30"),
    ("(Archived,checked)", "Archived is checked"),
    ("(Status,eq,Done)~and(Priority,gt,2)", "Status is Done and Priority is greater than 2"),
    ("(a,eq,1)~or((b,eq,2)~and(c,eq,3))", "a is 1 or (b is 2 and c is 3)"),
    ("~not(Archived,checked)", "not Archived is checked"),
    ("(a,eq,1)~not(b,eq,2)", "a is 1 and not b is 2"),
    ("(Status,eq,today,x)", "Status is today,x"),
]


@pytest.mark.parametrize(("text", "english"), DESCRIPTIONS, ids=[d[0] for d in DESCRIPTIONS])
def test_describe_where(text: str, english: str) -> None:
    assert describe_where(parse_where(text)) == english


@pytest.mark.parametrize(("word", "hint"), [
    ("foo", "operators: eq, neq, "),
    ("eqq", "did you mean 'eq'? operators: eq, neq, "),
    ("isWithn", "did you mean 'isWithin'? operators: "),
])
def test_unknown_operator_is_named_before_the_supported_ones(word: str, hint: str) -> None:
    with pytest.raises(OperatorError) as caught:
        canonical(word, "1")
    assert caught.value.reason == f"unknown operator '{word}'"
    assert caught.value.hint.startswith(hint) and caught.value.hint.endswith("isWithin")
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("value", "pattern"), [
    ("jo", "%jo%"), ("%son", "%son"), ("jo%", "jo%"), ("%x%", "%x%"), ("a%b", "%a%b%"),
    ("50\\%", "%50\\%%"), ("\\%50", "%\\%50%"), ("a\\_b", "%a\\_b%"), ("a_b", "%a_b%"),
    ("back\\slash", "%back\\\\slash%"), ("end\\", "%end\\\\%"), ("a\\\\b", "%a\\\\b%"), ("", "%%"),
])
def test_like_pattern(value: str, pattern: str) -> None:
    assert like_pattern(value) == pattern
