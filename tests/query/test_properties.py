"""Property tests: the parser never fails with anything but a query error, and every tree
survives printing and parsing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InvalidQuery
from core.query import QuerySyntaxError, parse_where, print_where
from core.query.ast import CONNECTORS, OPERATOR_KEYS, SUB_OPS, Condition, Group
from core.query.classic import CONNECTOR_NAMES

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
TRICKY = list("(),~\"'`@%\\_ \t") + ["~and(", "~or(", "~not(", "((", "))", "(~", "eq", "today",
                                        ")~AND(", ") ~or (", ")~xor(", "~Not (", ") ~"]
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


# Trees whose titles and values the classic grammar writes as they are (a value may end in a
# balanced "(…)", like "Birds (in Parables, 1865)"), written with connectors in any case and
# with spaces around them, as a user types them.
words = st.text("abcXYZ019 .-", min_size=1, max_size=6)
plain_titles = words.map(str.strip).filter(bool)
plain_values = st.tuples(words, st.none() | words).map(
    lambda parts: parts[0] if parts[1] is None else f"{parts[0]} ({parts[1]}, 1865)")
plain_conditions = st.builds(Condition, field=plain_titles, op=st.just("eq"), sub_op=st.none(),
                             value=plain_values)
plain_trees = _groups(st.recursive(plain_conditions, _groups, max_leaves=6))
spaces = st.sampled_from(["", " ", "  ", "\t"])


def _cased(draw: st.DrawFn, name: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    return "".join(c.upper() if flip else c for c, flip in zip(name, flips))


@st.composite
def typed_texts(draw: st.DrawFn, group: Group) -> str:
    parts = []
    for i, (connector, node) in enumerate(group.items):
        body = (draw(typed_texts(node)) if isinstance(node, Group)
                else f"{node.field},eq,{node.value}")
        if i == 0 and connector == "and":
            parts.append(f"({body})")
        else:
            before = draw(spaces) if i else ""
            parts.append(f"{before}~{_cased(draw, connector)}{draw(spaces)}({body})")
    return "".join(parts)


@SETTINGS
@given(st.data(), plain_trees)
def test_connectors_in_any_case_and_spacing_give_the_same_tree(data: st.DataObject,
                                                                 tree: Group) -> None:
    assert parse_where(data.draw(typed_texts(tree))) == tree


connector_typos = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True).filter(
    lambda word: word.lower() not in CONNECTOR_NAMES)


@SETTINGS
@given(plain_conditions, plain_conditions, connector_typos, spaces, spaces)
def test_an_unknown_connector_after_a_condition_is_named_at_its_position(
        left: Condition, right: Condition, word: str, before: str, after: str) -> None:
    head = f"({left.field},eq,{left.value}){before}"
    with pytest.raises(QuerySyntaxError) as caught:
        parse_where(f"{head}~{word}{after}({right.field},eq,{right.value})")
    assert caught.value.position == len(head)
    assert caught.value.reason == f"unknown connector '~{word}'"
