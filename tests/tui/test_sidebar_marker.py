"""The sidebar marks where the grid is: the open table in bold, the open view (or a table
listed without its views) with ``▸`` — and follows every palette view command and every
table opened or closed."""

from __future__ import annotations

from tests import factories as make
from tests.tui.helpers import screen_text, settle
from tests.tui.test_views import answer, run
from tui.app import GridbaseApp
from tui.widgets.sidebar import OPEN_MARK, Sidebar


def marked(app: GridbaseApp) -> list[str]:
    """The labels shown in bold (the open table and view), in tree order."""
    sidebar = app.main_screen.query_one(Sidebar)
    found, nodes = [], list(sidebar.root.children)
    while nodes:
        node = nodes.pop(0)
        nodes[:0] = node.children
        if "bold" in str(node.label.style):
            found.append(node.label.plain)
    return found


async def test_the_open_table_and_view_are_marked_through_view_commands(tasks) -> None:
    notes = await make.table({"Text": "SingleLineText"}, title="Notes", base_id=tasks.base_id)
    app = GridbaseApp(None, tasks.id)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        main = app.main_screen
        assert marked(app) == ["▸ Tasks"]  # one view: the table itself carries the mark
        assert "▸ Tasks" in screen_text(app)
        steps = [  # action, prompt answer, marked afterwards
            ("view_save_as", ("Todo only",), ["Tasks", "▸ Todo only"]),
            ("view_switch", (None, "up"), ["Tasks", "▸ Default view"]),
            ("view_switch", (None, "down"), ["Tasks", "▸ Todo only"]),
            ("view_duplicate", (), ["Tasks", "▸ Todo only copy"]),
            ("view_rename", ("Renamed",), ["Tasks", "▸ Renamed"]),
        ]
        for action, reply, expected in steps:
            await run(pilot, action)
            await answer(pilot, *reply)
            await settle(pilot)
            assert marked(app) == expected, action
        assert "★ Default view" in screen_text(app) and "◦ Todo only" in screen_text(app)
        await run(pilot, "view_delete")
        await pilot.press("y")
        await settle(pilot)
        assert main.view.is_default and marked(app) == ["Tasks", "▸ Default view"]
        await main.open_table(notes.id)
        await settle(pilot)
        assert marked(app) == ["▸ Notes"]
        await main.close_table()
        await settle(pilot)
        assert marked(app) == [] and OPEN_MARK not in screen_text(app)


async def test_a_view_picked_in_the_sidebar_is_marked(tasks) -> None:
    from core.views import service as views

    big = await views.create_view(tasks.id, "Big")
    app = GridbaseApp(None, tasks.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar = app.main_screen.query_one(Sidebar)
        branch = sidebar.root.children[0].children[0]
        assert marked(app) == ["Tasks", "▸ Default view"]
        sidebar.focus()
        sidebar.move_cursor(next(n for n in branch.children if n.data.id == big.id))
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.view.id == big.id
        assert marked(app) == ["Tasks", "▸ Big"] and "▸ Big" in screen_text(app)
