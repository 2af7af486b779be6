"""Write SVG screenshots of the TUI's main screens into ``screenshots/``.

Builds a throwaway database holding the Met sample (through ``core.csvio.import_csv`` when it is
available, otherwise a plain insert of a subset), then drives the app headless and saves one SVG
per screen; each screen starts from its own copy of that database, so a filter or a hook made
for one picture shows in no other. The scenes of the newer screens are in ``scenes.py``.
Run: ``python screenshots/make_screenshots.py [NAME.svg …]`` from the repository root (names
given: only those).
"""

from __future__ import annotations

import asyncio
import csv
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "screenshots"))

from textual.pilot import Pilot  # noqa: E402

import scenes  # noqa: E402

from core.db import close_store, open_store  # noqa: E402
from core.hooks import start_dispatcher  # noqa: E402
from core.records import service as records  # noqa: E402
from core.schema import bases, tables  # noqa: E402
from core.schema.spec import TableSpec  # noqa: E402
from scenes import settle  # noqa: E402
from tui.app import GridbaseApp  # noqa: E402

OUT = REPO / "screenshots"
CSV_CANDIDATES = [REPO / "core" / "data" / "met_sample.csv",
                  REPO.parent / "shared" / "data" / "met_sample.csv"]
SUBSET_COLUMNS = ["Object Number", "Object ID", "Department", "Object Name", "Title",
                  "Culture", "Artist Display Name", "Object Begin Date", "Is Highlight"]
Script = Callable[[Pilot, "Shot"], Awaitable[bool | None]]
Cleanup = Callable[[], Awaitable[None]]


@dataclass
class Shot:
    """One picture's database (a copy of the sample) and what to undo once it is saved."""

    db: str
    cleanups: list[Cleanup] = field(default_factory=list)


def met_csv() -> Path:
    return next(p for p in CSV_CANDIDATES if p.exists())


async def load_met() -> str:
    """Import the Met sample; return the table id."""
    try:
        from core.csvio.importer import import_csv

        summary = await import_csv(met_csv(), table_title="Met objects", base_title="Met")
        print(f"imported {summary.rows} Met rows in {summary.seconds:.2f} s")
        return summary.table_id
    except Exception as exc:  # the importer is young; fall back to a subset
        print(f"import_csv unavailable ({exc!r}); inserting a subset", file=sys.stderr)
    return await insert_subset()


async def insert_subset(limit: int = 500) -> str:
    base = await bases.create_base("Met")
    fields = [{"title": c, "uidt": "SingleLineText"} for c in SUBSET_COLUMNS]
    fields[1]["uidt"] = fields[7]["uidt"] = "Number"
    fields[8]["uidt"] = "Checkbox"
    spec: TableSpec = await tables.create_table(base.id, "Met objects", fields)
    with met_csv().open(encoding="utf-8", newline="") as handle:
        rows = [{c: (row[c] or None) for c in SUBSET_COLUMNS}
                for _, row in zip(range(limit), csv.DictReader(handle))]
    await records.create_records(spec, rows)
    return spec.id


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause(0.2)


def first_column(app: GridbaseApp, family: str) -> int | None:
    from tui.widgets.record_grid import RecordGrid

    grid = app.screen.query_one(RecordGrid)
    return next((i for i, c in enumerate(grid.columns) if c.spec.type.family == family), None)


async def goto_family(pilot: Pilot, family: str) -> bool:
    from tui.widgets.record_grid import RecordGrid

    column = first_column(pilot.app, family)
    if column is None:
        return False
    pilot.app.screen.query_one(RecordGrid).move_cursor(2, column)
    await pilot.pause()
    return True


async def edit_text(pilot: Pilot) -> None:
    await press(pilot, "down", "down", "enter", "end", *" (rev.)")


async def edit_error(pilot: Pilot) -> None:
    await goto_family(pilot, "number")
    await press(pilot, "enter", *"12x", "enter")


async def choose_option(pilot: Pilot) -> bool:
    if not await goto_family(pilot, "select"):
        return False  # the importer made no select field: no picture
    await press(pilot, "enter")
    return True


async def open_fields(pilot: Pilot) -> None:
    pilot.app.screen.run_worker(pilot.app.screen.run_action("fields"))
    await pilot.pause(0.5)


async def import_preview(pilot: Pilot) -> None:
    """The import screen on the Met sample, one column retyped so its check fails."""
    from textual.widgets import Input

    from tui.widgets.import_columns import ImportColumns

    await press(pilot, "I")
    pilot.app.screen.query_one("#import-path", Input).value = str(met_csv())
    await press(pilot, "enter")
    await pilot.pause(0.5)
    pilot.app.screen.query_one(ImportColumns).row("Object Number").set_type("Decimal")


async def nothing(pilot: Pilot) -> None:
    return None


def keys(*names: str) -> Script:
    return lambda pilot, shot: press(pilot, *names)


def plain(script: Callable[[Pilot], Awaitable[bool | None]]) -> Script:
    return lambda pilot, shot: script(pilot)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def explorer(pilot: Pilot, shot: Shot) -> None:
    proc = await scenes.explorer_send(pilot, shot.db, free_port())

    async def stop() -> None:
        await asyncio.to_thread(proc.stop)

    shot.cleanups.append(stop)


async def webhooks(pilot: Pilot, shot: Shot) -> None:
    runner, url = await scenes.start_receiver()
    dispatcher = await start_dispatcher()
    shot.cleanups += [dispatcher.stop, runner.cleanup]
    await scenes.webhooks(pilot, url)


SHOTS: list[tuple[str, tuple[int, int], Script]] = [
    ("grid_120x40.svg", (120, 40), plain(nothing)),
    ("grid_80x24.svg", (80, 24), plain(nothing)),
    ("grid_80x24_no_sidebar.svg", (80, 24), keys("ctrl+b")),
    ("grid_last_row_120x40.svg", (120, 40), keys("G", "end")),
    ("help_80x24.svg", (80, 24), keys("question_mark")),
    ("edit_cell_120x40.svg", (120, 40), plain(edit_text)),
    ("edit_error_120x40.svg", (120, 40), plain(edit_error)),
    ("select_option_120x40.svg", (120, 40), plain(choose_option)),
    ("delete_confirm_80x24.svg", (80, 24), keys("d")),
    ("command_palette_120x40.svg", (120, 40), keys("ctrl+p", *"view")),
    ("record_form_120x40.svg", (120, 40), keys("down", "down", "e")),
    ("record_form_new_80x24.svg", (80, 24), keys("a")),
    ("row_number_80x24.svg", (80, 24), keys("ctrl+b", "down", "down", "down", "home", "down")),
    ("fields_120x40.svg", (120, 40), plain(open_fields)),
    ("import_preview_120x40.svg", (120, 40), plain(import_preview)),
    ("filter_builder_120x40.svg", (120, 40), plain(scenes.build_filter)),
    ("filter_chips_120x40.svg", (120, 40), plain(scenes.filtered_grid)),
    ("filter_chips_80x24.svg", (80, 24), plain(scenes.filtered_grid)),
    ("sort_120x40.svg", (120, 40), plain(scenes.sort_levels)),
    ("api_explorer_120x40.svg", (120, 40), explorer),
    ("webhooks_120x40.svg", (120, 40), webhooks),
    ("tokens_80x24.svg", (80, 24), plain(scenes.tokens)),
]


async def shoot(shot: Shot, table_id: str, name: str, size: tuple[int, int],
                script: Script) -> None:
    app = GridbaseApp(await open_store(shot.db), table_id)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            if await script(pilot, shot) is False:
                return
            await pilot.pause(0.3)
            app.save_screenshot(filename=name, path=str(OUT))
            print(f"wrote screenshots/{name}")
    finally:
        for cleanup in reversed(shot.cleanups):
            await cleanup()
        await close_store()


async def main(only: list[str]) -> None:
    shots = [s for s in SHOTS if not only or s[0] in only]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GRIDBASE_STATE_DIR"] = tmp
        sample = Path(tmp) / "sample.db"
        await open_store(str(sample))
        try:
            table_id = await load_met()
        finally:
            await close_store()
        for i, (name, size, script) in enumerate(shots):
            db = Path(tmp) / f"shot{i}.db"
            shutil.copyfile(sample, db)
            await shoot(Shot(str(db)), table_id, name, size, script)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
