"""``RowActions``: the record form (add with ``a``, edit with ``e``), deleting rows, and
undo/redo — the half of ``TablePane`` that writes whole records.

Mixed into ``TablePane``; it uses the pane's ``source``, ``grid``, ``undo_stack``,
``_write_lock`` and ``_after_write``. Every write is one records-service call. In a filtered
or sorted view a new or edited row is looked up where the view now puts it (``_follow``,
``SourceWrites.row_index``: one COUNT) so the cursor lands on it, or the user is told the
filter hides it.
"""

from __future__ import annotations

from typing import Any

from textual import work

from tui.screens.modals import ConfirmScreen
from tui.screens.record_form import RecordFormScreen
from tui.widgets.pane_host import PaneHost
from tui.undo import CellsChanged, RowsDeleted, RowsInserted, UndoEntry
from tui.widgets.cells import display_cell

Row = dict[str, Any]


class RowActions(PaneHost):
    # --- the record form -----------------------------------------------------------------
    def action_add_row(self) -> None:
        """Open an empty form; the record is created only when the form is saved."""
        async def save(values: Row) -> tuple[Row, int | None]:
            async with self._write_lock:
                rid, index = await self.source.insert_row(values)
                [record] = await self.source.records([rid])
            return record, index

        def saved(result: tuple[Row, int | None] | None) -> None:
            if result is None:
                return
            record, index = result
            if index is None:  # saved, but this view's filter leaves it out
                self.notify(f"Record {record[self.source.pk_key]} saved; this view's filter "
                            "hides it", title="Not shown here", timeout=6)
            self.undo_stack.push(RowsInserted((record,), self.grid.cursor_row
                                              if index is None else index))
            self._after_write(index, 0 if index is not None else None)

        form = RecordFormScreen(f"New record · {self.table_title}", self.grid.columns, save)
        self.app.push_screen(form, saved)

    def action_edit_record(self) -> None:
        """Open the form on the record under the cursor; save writes the changed fields."""
        row = self.grid.cursor_row
        record = self.source.row_at(row)  # type: ignore[attr-defined]
        if record is None:
            return
        pk = self.source.pk_key
        rid = record[pk]

        async def save(values: Row) -> CellsChanged | None:
            if not values:
                return None
            before = {pk: rid, **{k: record.get(k) for k in values}}
            async with self._write_lock:
                await self.source.update_rows([{pk: rid, **values}])
            return CellsChanged((before,), ({pk: rid, **values},), row)

        def saved(entry: CellsChanged | None) -> None:
            if entry is not None:
                self.undo_stack.push(entry)
                self._after_write(row)

        title = f"Record {rid} · {self.table_title}"
        self.app.push_screen(RecordFormScreen(title, self.grid.columns, save, record), saved)

    async def _follow(self, rid: int, row: int) -> int:
        """The edited record's row now: a filtered or sorted view may move it (the cursor
        follows it) or leave it out (said, and the cursor stays)."""
        state = self.source.state  # type: ignore[attr-defined]
        if state.where is None and not state.sort:
            return row
        index = await self.source.row_index(rid)
        await self.source.reload()  # type: ignore[attr-defined]  # in place: rows moved in or out
        if index is None:
            self.notify("The edited row no longer matches this view's filter (u undoes)",
                        title="Row left the view", timeout=6)
        return row if index is None else index

    # --- deleting ------------------------------------------------------------------------
    @work(group="writes", exit_on_error=False)
    async def action_delete_row(self) -> None:
        row = self.grid.cursor_row
        record = self.source.row_at(row)  # type: ignore[attr-defined]
        if record is None:
            return
        first = self.grid.columns[0]
        label = display_cell(record.get(first.key), first.spec)
        question = f"Delete row {row + 1:,} ({label.text or 'empty'})? Undo with u."
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            return
        try:
            async with self._write_lock:
                before = await self.source.delete_rows([record[self.source.pk_key]])
        except Exception as exc:
            self._report(exc, False)
            return
        self.undo_stack.push(RowsDeleted(tuple(before), row))
        self._after_write(row)

    # --- undo and redo -------------------------------------------------------------------
    @work(group="writes", exit_on_error=False)
    async def action_undo(self) -> None:
        await self._step(redo=False)

    @work(group="writes", exit_on_error=False)
    async def action_redo(self) -> None:
        await self._step(redo=True)

    async def _step(self, redo: bool) -> None:
        async with self._write_lock:
            entry = self.undo_stack.pop_redo() if redo else self.undo_stack.pop()
            if entry is None:
                self.notify("Nothing to redo" if redo else "Nothing to undo", timeout=2)
                return
            try:
                await self._apply(entry, forward=redo)
            except Exception as exc:
                self.undo_stack.push_back(entry, redo)
                self._report(exc, False)
                return
            (self.undo_stack.redone if redo else self.undo_stack.undone)(entry)

    async def _apply(self, entry: UndoEntry, forward: bool) -> None:
        pk = self.source.pk_key
        if isinstance(entry, CellsChanged):
            rows = entry.after if forward else entry.before
            await self.source.update_rows(list(rows))
            row = await self._follow(rows[0][pk], entry.row) if len(rows) == 1 else entry.row
            keys = [c.key for c in self.grid.columns]
            self._after_write(row, keys.index(entry.key) if entry.key in keys else None)
            return
        ids = [r[pk] for r in entry.rows]
        if isinstance(entry, RowsInserted) != forward:  # undo an insert / redo a delete
            await self.source.delete_rows(ids)
        else:
            await self.source.restore_rows(list(entry.rows))
        self._after_write(entry.row)
