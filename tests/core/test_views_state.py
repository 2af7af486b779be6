"""Views as whole states: filter rows ↔ query trees (round trip), ``save_view_state`` in one
transaction, the default view, renames and copies."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import FieldNotFound, InvalidQuery, InvalidRequest
from core.models import Filter, Sort, View
from core.query import parse_where
from core.query.ast import CONNECTORS, OPERATOR_KEYS, SUB_OPS, Condition, Group
from core.records.listing import SortKey
from core.schema.fields import delete_field
from core.schema.tables import load_table
from core.views import service as views
from core.views.filters import filters_to_tree, filters_to_where, tree_to_filters
from core.views.state import ViewState, default_view, open_view, rename_fields, save_view_state
from tests import factories as make

FIELD_IDS = ["c1", "c2", "c3"]
values = st.none() | st.text(max_size=12)
conditions = st.builds(Condition, field=st.sampled_from(FIELD_IDS),
                       op=st.sampled_from(OPERATOR_KEYS),
                       sub_op=st.none() | st.sampled_from(sorted(SUB_OPS)), value=values)


def _groups(children: st.SearchStrategy) -> st.SearchStrategy:
    item = st.tuples(st.sampled_from(CONNECTORS), children)
    return st.lists(item, min_size=1, max_size=4).map(lambda items: Group(tuple(items)))


trees = _groups(st.recursive(conditions, _groups, max_leaves=8))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_tree_to_filters_round_trips(tree: Group) -> None:
    rows = tree_to_filters(tree, "vw1")
    assert filters_to_tree(rows) == rename_fields(tree, lambda k: k)  # a leading "or" reads "and"
    assert all(r.parent_id is None or r.parent_id in {p.id for p in rows if p.is_group}
               for r in rows)


def test_leading_or_reads_back_as_and_and_tuples_are_refused() -> None:
    tree = parse_where("~or(a,eq,1)~or((b,eq,2)~not(c,blank))")
    assert filters_to_where(tree_to_filters(tree, "v")) == "(a,eq,1)~or((b,eq,2)~not(c,blank))"
    with pytest.raises(InvalidQuery, match="comma"):
        tree_to_filters(Group.of(Condition("a", "in", value=("x,y", "z"))), "v")


@pytest.fixture
async def people(store):
    return await make.table({"Name": "SingleLineText", "Age": "Number", "City": "SingleLineText"},
                            title="People")


async def test_save_and_open_a_view_state(people) -> None:
    view = await default_view(people.id)
    age, city = people.field("Age"), people.field("City")
    state = ViewState(where=parse_where("(Age,gt,30)~or((City,eq,Oslo)~not(Name,blank))"),
                      sort=(SortKey(city, True), SortKey(age)), hidden=frozenset({city.id}),
                      field_order=(age.id, city.id), widths={age.id: 7})
    await save_view_state(view.id, state)
    opened = await open_view(people, view.id)
    assert (opened.id, opened.is_default, opened.state) == (view.id, True, state)
    stored = await Filter.filter(view_id=view.id, parent_id=None).order_by("order")
    assert [(f.field_id, f.comparison_op, f.logical_op, f.is_group) for f in stored] == [
        (age.id, "gt", "and", False), (None, None, "or", True)]
    assert filters_to_where(await Filter.filter(view_id=view.id)) == (
        f"({age.id},gt,30)~or(({city.id},eq,Oslo)~not({people.field('Name').id},blank))")
    await save_view_state(view.id, ViewState())  # replaces everything
    assert await Filter.filter(view_id=view.id).count() == 0
    assert await Sort.filter(view_id=view.id).count() == 0
    assert (await open_view(people, view.id)).state == ViewState()


@pytest.mark.parametrize("where, error", [("(Nope,eq,1)", FieldNotFound),
                                          ("(Age,eq,many)", InvalidQuery),
                                          ("(Age,like,x)", InvalidQuery)])
async def test_a_bad_state_writes_nothing(people, where, error) -> None:
    view = await default_view(people.id)
    good = ViewState(where=parse_where("(Age,gt,1)"), sort=(SortKey(people.field("Age")),))
    await save_view_state(view.id, good)
    with pytest.raises(error):
        await save_view_state(view.id, ViewState(where=parse_where(where)))
    with pytest.raises(FieldNotFound):
        await save_view_state(view.id, ViewState(hidden=frozenset({"cNope"})))
    assert (await open_view(people, view.id)).state == good


async def test_default_view_is_created_once_and_open_view_falls_back(people) -> None:
    await View.filter(table_id=people.id).delete()
    await View.create(id="vwtaken", table_id=people.id, title="Default view")
    first = await default_view(people.id)
    assert first.is_default and first.title == "Default view 2"
    assert (await default_view(people.id)).id == first.id
    assert (await open_view(people, "vwgone")).id == first.id


async def test_open_view_drops_what_refers_to_deleted_fields(people) -> None:
    view = await default_view(people.id)
    city = people.field("City")
    await save_view_state(view.id, ViewState(
        where=parse_where("(City,eq,Oslo)~and(Age,gt,3)"), sort=(SortKey(city),),
        hidden=frozenset({city.id}), widths={city.id: 9}))
    await delete_field(city.id)
    table = await load_table(people.id)
    assert (await open_view(table, view.id)).state == ViewState(where=parse_where("(Age,gt,3)"))


async def test_rename_refuses_a_taken_title_and_copy_keeps_nested_groups(people) -> None:
    view = await default_view(people.id)
    other = await views.create_view(people.id, "Adults")
    with pytest.raises(InvalidRequest, match="already exists"):
        await views.update_view(other.id, title="Default view")
    # Filters added through the meta API: the child is numbered before its group.
    group = await views.add_filter(view.id, {"is_group": True, "logical_op": "and"})
    await Filter.filter(id=group.id).update(order=5)
    await views.add_filter(view.id, {"fk_column_id": people.field("Age").id,
                                     "comparison_op": "gt", "value": "3", "fk_parent_id": group.id})
    copy = await views.create_view(people.id, "Copy", copy_from=view.id)
    assert filters_to_tree(await Filter.filter(view_id=copy.id)) == filters_to_tree(
        await Filter.filter(view_id=view.id))
    assert filters_to_where(await Filter.filter(view_id=copy.id)).startswith("((")
