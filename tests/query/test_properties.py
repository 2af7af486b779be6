"""Property tests: the parser never fails with anything but a query error, and every tree
survives printing and parsing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidQuery
from core.query import parse_where, print_where
from core.query.ast import CONNECTORS, OPERATOR_KEYS, SUB_OPS, Condition, Group

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
TRICKY = list("(),~\"'`@%\\_ \t") + ["~and(", "~or(", "~not(", "((", "))", "(~", "eq", "today"]
tricky_text = st.lists(st.sampled_from(TRICKY) | st.text(max_size=3), max_size=12).map("".join)
any_text = st.text(max_size=40) | tricky_text


@SETTINGS
@given(any_text)
def test_arbitrary_text_raises_only_query_errors(text: str) -> None:
    try:
        parse_where(text)
    except InvalidQuery:
        pass


@SETTINGS
@given(any_text.map(lambda t: "@" + t))
def test_arbitrary_quoted_text_raises_only_query_errors(text: str) -> None:
    try:
        parse_where(text)
    except InvalidQuery:
        pass


values = st.none() | any_text | st.lists(any_text, min_size=2, max_size=4).map(tuple)
conditions = st.builds(
    Condition, field=any_text, op=st.sampled_from(OPERATOR_KEYS),
    sub_op=st.none() | st.sampled_from(sorted(SUB_OPS)), value=values,
)


def _groups(children: st.SearchStrategy) -> st.SearchStrategy:
    item = st.tuples(st.sampled_from(CONNECTORS), children)
    return st.lists(item, min_size=1, max_size=4).map(lambda items: Group(tuple(items)))


trees = _groups(st.recursive(conditions, _groups, max_leaves=8))


@SETTINGS
@given(trees)
def test_print_then_parse_gives_the_same_tree(tree: Group) -> None:
    assert parse_where(print_where(tree)) == tree


@SETTINGS
@given(any_text)
def test_printing_a_parsed_text_is_stable(text: str) -> None:
    try:
        tree = parse_where(text)
    except InvalidQuery:
        return
    if tree is not None:
        printed = print_where(tree)
        assert parse_where(printed) == tree
        assert print_where(parse_where(printed)) == printed
