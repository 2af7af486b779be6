"""The filter builder modal: operators by field type, value editors, groups, the live count,
flagged values, round trips and cancel — driven by keys over the real app."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, SelectionList
from textual.widgets._select import SelectOverlay

from core.query import parse_where, print_where
from core.records.listing import ListQuery
from core.records.service import count_records
from tests import factories as make
from tests.tui.helpers import screen_text, settle
from tui import filter_model as model
from tui.app import GridbaseApp
from tui.screens import filter_builder
from tui.screens.filter_builder import FilterBuilderScreen, FilterResult
from tui.widgets.filter_row import ConditionRow
from tui.widgets.filter_values import ChoicesButton, PickManyScreen



@pytest.fixture(autouse=True)
def quick_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shorter pause before counting keeps the tests quick (one test restores it)."""
    monkeypatch.setattr(filter_builder, "DEBOUNCE", 0.01)


# Tests that count rows run on every backend; the ones that only exercise the form, on SQLite.
form_only = pytest.mark.parametrize("backend", ["sqlite"])


async def open_builder(pilot, table, where: str | None = None) -> list:
    """Push the builder over the main screen; the returned list receives its result."""
    answers: list = []
    tree = parse_where(where) if where else None
    pilot.app.push_screen(FilterBuilderScreen(table, tree), answers.append)
    await settle(pilot)
    return answers


def builder(app: GridbaseApp) -> FilterBuilderScreen:
    assert isinstance(app.screen, FilterBuilderScreen), screen_text(app)
    return app.screen


def row(app: GridbaseApp, index: int) -> ConditionRow:
    return list(builder(app).query(ConditionRow))[index]


def labels(select: Select) -> list[str]:
    return [str(prompt) for prompt, value in select._options if value is not Select.NULL]


async def choose(pilot, label: str) -> None:
    """Pick ``label`` in the focused select with Enter, arrows and Enter."""
    select = pilot.app.focused
    assert isinstance(select, Select), pilot.app.focused
    target = [str(p) for p, _ in select._options].index(label)
    await pilot.press("enter")
    overlay = select.query_one(SelectOverlay)
    while overlay.highlighted != target:
        await pilot.press("down" if (overlay.highlighted or 0) < target else "up")
    await pilot.press("enter")
    await pilot.pause()


@form_only
async def test_operators_offered_follow_the_field_type(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_builder(pilot, tasks, "(Name,eq,x)")
        op = row(app, 0).query_one(".f-op", Select)
        assert labels(op) == ["is", "is not", "contains", "does not contain", "is any of",
                              "is blank", "is not blank", "is empty", "is not empty",
                              "is null", "is not null"]
        expected = {
            "Qty": ["is", "is not", "is greater than", "is less than", "is at least",
                    "is at most", "is any of", "is between", "is not between", "is blank",
                    "is not blank", "is null", "is not null"],
            "Done": ["is checked", "is not checked"],
            "Due": ["is", "is not", "is after", "is before", "is on or after",
                    "is on or before", "is blank", "is not blank", "is null", "is not null",
                    "is within"],
            "Status": ["is", "is not", "is any of", "has any of", "has none of", "is blank",
                       "is not blank", "is null", "is not null"],
        }
        for field, ops in expected.items():
            await choose(pilot, field)
            assert labels(row(app, 0).query_one(".f-op", Select)) == ops, field
        assert app.focused is row(app, 0).query_one(".f-field")


@form_only
async def test_value_less_operators_hide_the_value_box(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks, "(Name,eq,x)")
        assert isinstance(row(app, 0).query_one(".f-value"), Input)
        await pilot.press("tab")
        await choose(pilot, "is blank")
        assert not row(app, 0).query(".f-value")
        assert "where=(Name,blank)" in screen_text(app)
        await pilot.press("shift+tab")
        await choose(pilot, "Done")
        assert row(app, 0).draft.op == "checked" and not row(app, 0).query(".f-value")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert answers == [FilterResult(parse_where("(Done,checked)"))]


@form_only
async def test_option_lists_pick_from_the_fields_options(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks, "(Status,eq,Done)")
        await pilot.press("tab")
        await choose(pilot, "is any of")
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, PickManyScreen)
        assert app.focused is app.screen.query_one(SelectionList)
        await pilot.press("space", "down", "down", "space", "enter")
        await settle(pilot)
        assert str(row(app, 0).query_one(ChoicesButton).label) == "Todo, Done"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert answers == [FilterResult(parse_where("(Status,in,Todo,Done)"))]


async def test_builds_a_nested_tree_by_keys_and_counts_it(tasks) -> None:
    want = parse_where("(Status,eq,Done)~and((Qty,gt,100)~or(Due,blank))")
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks)
        assert "No conditions" in screen_text(app)
        await pilot.press("ctrl+n")
        await choose(pilot, "Status")
        await pilot.press("tab", "tab")
        await choose(pilot, "Done")
        await pilot.press("ctrl+g")  # a group after Status, its first row focused
        await choose(pilot, "Qty")
        await pilot.press("tab")
        await choose(pilot, "is greater than")
        await pilot.press("tab", *"100", "ctrl+n")
        await choose(pilot, "Due")
        await pilot.press("tab")
        await choose(pilot, "is blank")
        await pilot.press("ctrl+t")
        await settle(pilot)
        text = screen_text(app)
        assert f"where={print_where(want)}" in text
        expected = await count_records(tasks, ListQuery(where=want))
        assert 0 < expected < 60
        assert builder(app).matched == expected
        assert f"{expected} of 60 rows match" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert answers == [FilterResult(want)]


async def test_count_follows_edits_and_a_newer_edit_cancels_the_older_count(
        tasks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filter_builder, "DEBOUNCE", 0.8)  # room for a key press, even on a busy box
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_builder(pilot, tasks, "(Qty,gt,100)")
        assert builder(app).matched == await count_records(tasks, ListQuery(
            where=parse_where("(Qty,gt,100)")))
        row(app, 0).query_one(".f-value", Input).focus()
        await pilot.press("end", "0")  # 1000, then 10000 before the first count is due
        first = [w for w in app.workers if w.group == "filter-count" and not w.is_finished]
        await pilot.press("0")
        await settle(pilot)
        assert first and first[0].is_cancelled
        assert builder(app).matched == 0
        await pilot.press("backspace", "backspace", "backspace")  # 10
        await settle(pilot)
        assert builder(app).matched == await count_records(tasks, ListQuery(
            where=parse_where("(Qty,gt,10)")))


@form_only
async def test_invalid_number_is_flagged_beside_its_row_and_apply_is_refused(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks, "(Name,eq,Task 1)")
        await pilot.press("ctrl+n")
        await choose(pilot, "Qty")
        await pilot.press("tab", "tab", *"1.5")
        await settle(pilot)
        bad = row(app, 1)
        assert bad.has_class("-error") and not row(app, 0).has_class("-error")
        text = screen_text(app)
        assert "Invalid value for field 'Qty' (Number): '1.5' is not a whole number" in text
        assert "1 condition(s) to fix" in text and builder(app).matched is None
        await pilot.press("ctrl+s")
        await pilot.press("tab", "tab", "tab", "enter")  # Enter on Apply
        await settle(pilot)
        assert answers == [] and isinstance(app.screen, FilterBuilderScreen)
        assert app.focused is bad.query_one(".f-field")  # sent back to the flagged row
        await pilot.press("tab", "tab", "backspace", "backspace")
        await settle(pilot)
        assert not bad.has_class("-error")
        await pilot.press("tab", "enter")  # Enter on Apply
        await settle(pilot)
    assert answers == [FilterResult(parse_where("(Name,eq,Task 1)~and(Qty,eq,1)"))]


@form_only
async def test_a_new_row_is_flagged_only_once_its_value_is_edited_or_on_apply(tasks) -> None:
    """A row just added (no value yet) is not shown in red as if the user had erred."""
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks, "(Name,eq,Task 1)")
        await pilot.press("ctrl+n")
        await choose(pilot, "Qty")  # changing the field is not yet an error
        await settle(pilot)
        fresh = row(app, 1)
        assert not fresh.has_class("-error") and 1 in [p[0] for p in builder(app).errors]
        assert "Fill in the new condition to see the count" in screen_text(app)
        await pilot.press("ctrl+s")  # Apply shows what is missing and refuses
        await settle(pilot)
        assert answers == [] and fresh.has_class("-error")
        assert "1 condition(s) to fix" in screen_text(app)
        await pilot.press("ctrl+n", "tab", "tab", "5", "backspace")  # typed, then emptied
        await settle(pilot)
        assert row(app, 2).has_class("-error")
        assert "2 condition(s) to fix" in screen_text(app)


@form_only
async def test_titles_with_brackets_are_text_not_markup(store) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # (made after the sidebar loaded: it has the same problem)
        table = await make.table([{"title": "[/b] Name", "uidt": "SingleLineText"}],
                                 title="[/x] T")
        answers = await open_builder(pilot, table, '("[/b] Name",eq,[/i])')
        text = screen_text(app)
        assert "Filter · [/x] T" in text and "[/b] Name" in text and "[/i]" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert answers == [FilterResult(parse_where('("[/b] Name",eq,[/i])'))]


ROUND_TRIPS = [
    "(Status,eq,Done)~and((Qty,gt,100)~or(Due,blank))",
    "~not(Name,like,Task 1%)~or(Qty,btw,10,30)~and(Status,in,Todo,Doing)",
    "(Due,eq,2025-01-05)~or(Due,lt,exactDate,2025-01-03)~or(Due,isWithin,pastNumberOfDays,7)",
    "(Due,gte,daysAgo,400)~and(Due,neq,today)~and((Done,notchecked)~not((Qty,null)))",
    "@(\"Name\",in,'a,b','c')~or(Status,anyof,Todo,Gone)",
    "~or(Name,notblank)~and(Qty,in,1,2,3)~or(Notes,nlike,\\%)",
]


@form_only
async def test_unchanged_tree_comes_back_cancel_gives_none_clear_gives_no_filter(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for where in ROUND_TRIPS:
            tree = parse_where(where)
            answers = await open_builder(pilot, tasks, where)
            assert f"where={print_where(tree)}"[:70] in screen_text(app), where
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert answers == [FilterResult(tree)], where
        answers = await open_builder(pilot, tasks, "(Qty,gt,1)")
        await pilot.press("tab", "tab", *"00", "escape")  # an edit, then cancel
        await settle(pilot)
        assert answers == [None]
        answers = await open_builder(pilot, tasks, "(Qty,gt,1)")
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "fb-apply"
        await pilot.press("tab", "enter")  # Clear
        await settle(pilot)
        assert answers == [FilterResult(None)]


@form_only
async def test_q_does_not_drop_the_draft_and_field_names_fit_in_the_list(tasks) -> None:
    """``q`` on a select (where nothing is typed) used to cancel the whole builder."""
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks, "(Qty,gt,1)")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.focused, Select)
        await pilot.press("q")
        await settle(pilot)
        assert answers == [] and len(builder(app).query(ConditionRow)) == 2
        await pilot.press("enter")  # the field list is wider than its 14-column select
        await pilot.pause()
        overlay = app.focused
        assert isinstance(overlay, SelectOverlay) and overlay.outer_size.width >= 30
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert answers == [None]


async def test_date_conditions_choose_a_sub_operator(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks, "(Due,eq,2025-01-05)")
        assert row(app, 0).query_one(".f-sub", Select).value == "exactDate"
        await pilot.press("tab")
        await choose(pilot, "is within")
        assert labels(row(app, 0).query_one(".f-sub", Select)) == [
            "past week", "past month", "past year", "next week", "next month", "next year",
            "past number of days", "next number of days"]
        assert not row(app, 0).query(".f-value")  # past week takes no value
        await pilot.press("tab")
        await choose(pilot, "past number of days")
        await pilot.press("tab", *"14")
        await settle(pilot)
        assert "where=(Due,isWithin,pastNumberOfDays,14)" in screen_text(app)
        await pilot.press("shift+tab", "shift+tab")
        await choose(pilot, "is before")
        assert labels(row(app, 0).query_one(".f-sub", Select))[:3] == [
            "today", "tomorrow", "yesterday"]
        await pilot.press("tab")
        await choose(pilot, "one week ago")
        assert not row(app, 0).query(".f-value")
        await settle(pilot)
        tree = parse_where("(Due,lt,oneWeekAgo)")
        assert builder(app).matched == await count_records(tasks, ListQuery(where=tree))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert answers == [FilterResult(tree)]


async def test_groups_by_keys_indent_outdent_not_delete(tasks) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(80, 24)) as pilot:
        answers = await open_builder(pilot, tasks,
                                     "(Name,neq,Task 1)~and(Qty,gt,100)~and(Qty,lt,300)")
        screen = builder(app)

        async def expect(where: str) -> None:
            await settle(pilot)
            assert screen.result_tree == parse_where(where)
            assert f"where={where}" in screen_text(app)

        await pilot.press("tab", "tab", "tab", "ctrl+r")  # row 2 into a group of its own
        await expect("(Name,neq,Task 1)~and((Qty,gt,100))~and(Qty,lt,300)")
        await pilot.press("tab", "tab", "tab", "space", "ctrl+r")  # row 3: or, into the group
        await expect("(Name,neq,Task 1)~and((Qty,gt,100)~or(Qty,lt,300))")
        await pilot.press("ctrl+l")
        await expect("(Name,neq,Task 1)~and((Qty,gt,100))~or(Qty,lt,300)")
        await pilot.press("ctrl+r")
        for _ in range(6):  # back to the group's own row
            await pilot.press("shift+tab")
        await pilot.press("ctrl+o")
        where = "(Name,neq,Task 1)~not((Qty,gt,100)~or(Qty,lt,300))"
        await expect(where)
        assert screen.matched == await count_records(tasks, ListQuery(where=parse_where(where)))
        await pilot.press("ctrl+d")  # the group and its rows
        await expect("(Name,neq,Task 1)")
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert screen.result_tree is None and "No conditions" in screen_text(app)
        assert screen.matched == 60
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert answers == [FilterResult(None)]


EDITS = [
    (model.indent, "(A,eq,1)~and(B,eq,2)", (1,), "(A,eq,1)~and((B,eq,2))", (1, 0)),
    (model.indent, "(A,eq,1)~and((B,eq,2))~or(C,eq,3)", (2,),
     "(A,eq,1)~and((B,eq,2)~or(C,eq,3))", (1, 1)),
    (model.indent, "~not(A,eq,1)", (0,), "~not((A,eq,1))", (0, 0)),
    (model.outdent, "(A,eq,1)~and((B,eq,2)~or(C,eq,3))", (1, 1),
     "(A,eq,1)~and((B,eq,2))~or(C,eq,3)", (2,)),
    (model.outdent, "(A,eq,1)~and((B,eq,2)~or(C,eq,3))", (1, 0),
     "(A,eq,1)~and(B,eq,2)~and((C,eq,3))", (1,)),
    (model.outdent, "(A,eq,1)~or((B,eq,2))", (1, 0), "(A,eq,1)~or(B,eq,2)", (1,)),
    (model.outdent, "(A,eq,1)", (0,), "(A,eq,1)", (0,)),
    (model.delete, "(A,eq,1)~or(B,eq,2)", (0,), "(B,eq,2)", (0,)),
    (model.delete, "(A,eq,1)~and((B,eq,2))", (1, 0), "(A,eq,1)", (0,)),
    (model.delete, "(A,eq,1)", (0,), None, None),
]


@pytest.mark.parametrize(("edit", "before", "path", "after", "focus"), EDITS)
def test_structural_edits(edit, before, path, after, focus) -> None:
    root = model.from_tree(parse_where(before))
    assert edit(root, path) == focus
    assert model.to_tree(root) == (parse_where(after) if after else None)


def test_drafts_round_trip_and_connectors() -> None:
    for where in ROUND_TRIPS:
        assert model.to_tree(model.from_tree(parse_where(where))) == parse_where(where)
    root = model.from_tree(parse_where("(A,eq,1)~and(B,eq,2)"))
    assert not model.toggle_and_or(root, (0,)) and model.toggle_and_or(root, (1,))
    model.toggle_not(root, (0,))
    assert model.to_tree(root) == parse_where("~not(A,eq,1)~or(B,eq,2)")
    assert [model.connector_text(r) for r in model.rows(root)] == ["not", "or"]


@form_only
async def test_a_pasted_where_string_becomes_rows_and_errors_point_at_the_position(
        store, tasks) -> None:
    from tui.screens.where_prompt import WherePromptScreen
    app = GridbaseApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        answers = await open_builder(pilot, tasks)
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert isinstance(app.screen, WherePromptScreen)
        bad = "(Status,eq,Done)~and(Qty gt,5)"
        app.screen.query_one(Input).value = bad
        await pilot.pause()
        error = app.screen.query_one("#where-error").render()
        lines = str(error).splitlines()
        position = lines[0].index("(Qty gt,5)") + len("(Qty gt,")  # the '5' where an op belongs
        assert lines[1].index("^") == position and f"at position {position}" in str(error)
        await pilot.press("enter")  # refused: still the prompt
        assert isinstance(app.screen, WherePromptScreen)
        app.screen.query_one(Input).value = "(Status,eq,Done)~and((Qty,gt,100)~or(Due,blank))"
        await pilot.press("enter")
        await settle(pilot)
        assert len(builder(app).query(ConditionRow)) == 3
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert answers == [FilterResult(parse_where("(Status,eq,Done)~and((Qty,gt,100)~or(Due,blank))"))]


@pytest.mark.parametrize("length", [10, 200])
def test_the_pointer_window_keeps_the_caret_under_the_error(length: int) -> None:
    from core.query.errors import QuerySyntaxError
    from tui.screens.where_prompt import pointer
    text = "(A,eq," + "x" * length + ")~and(B eq,1)"
    with pytest.raises(QuerySyntaxError) as caught:
        parse_where(text)
    lines = pointer(text, caught.value, 40).plain.splitlines()
    window_start = text.index(lines[0])
    assert len(lines[0]) <= 40
    assert window_start + lines[1].index("^") == caught.value.position
