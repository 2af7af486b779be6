"""Helpers for TUI tests: read the screen as text, wait until the grid has settled."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled


def screen_text(app: App) -> str:
    """The current screen (with any modal's background) as plain text, one line per row."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers finish and the screen repaint (page loads chain a few of each).

    Not while a modal is waiting for an answer: the worker that opened it would never end.
    """
    for _ in range(rounds):
        for _attempt in range(10):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:  # an exclusive worker was replaced by a newer one
                continue
        await pilot.pause()


async def bulk_fill(table, titles: list[str], rows: list[tuple], chunk: int = 50_000) -> None:
    """Insert many rows fast: one parameterised INSERT run with executemany per chunk."""
    import datetime as dt

    from pypika_tortoise import Table
    from tortoise.transactions import in_transaction

    from core import db

    dialect = db.dialect()
    created = table.field("CreatedAt")
    stamp = created.type.to_db(dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), dialect)
    specs = [table.field(t) for t in titles]
    query = db.query_class().into(Table(table.physical)).columns(
        created.column, *(s.column for s in specs)).insert(stamp, *(stamp for _ in specs))
    sql, _ = query.get_parameterized_sql()
    for start in range(0, len(rows), chunk):
        values = [[stamp, *(s.type.to_db(v, dialect) for s, v in zip(specs, row))]
                  for row in rows[start:start + chunk]]
        async with in_transaction() as tx:
            await tx.execute_many(sql, values)
