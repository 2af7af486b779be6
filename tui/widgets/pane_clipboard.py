"""``ClipboardActions``: copy the selection as TSV, paste a TSV block, fill down — the
spreadsheet half of ``TablePane``.

Pasted text is parsed cell by cell with each field type before anything is written; a bad cell
names its row and column and writes nothing. Cells over existing rows go in one
``update_records`` call, rows past the end in one ``create_records`` call, so a failure in
core rolls the whole paste back. Copy puts tab-separated lines on the clipboard (Textual's
``copy_to_clipboard``: OSC 52 in a real terminal).
"""

from __future__ import annotations

from typing import Any

from textual import work

from tui.widgets.pane_host import PaneHost
from tui.undo import CellsChanged, RowsInserted
from tui.widgets.cells import edit_text, parse_edit

Row = dict[str, Any]


def parse_tsv(text: str) -> list[list[str]]:
    """Lines of tab-separated cells (a trailing newline does not add an empty row)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
    return [line.split("\t") for line in lines]


class ClipboardActions(PaneHost):
    @work(group="writes", exit_on_error=False)
    async def action_copy(self) -> None:
        r0, c0, r1, c1 = self.grid.selection
        rows = await self.source.get_rows(r0, r1 - r0 + 1)
        columns = self.grid.columns[c0:c1 + 1]
        lines = ["\t".join(edit_text(row.get(c.key), c.spec).replace("\t", " ").replace(
            "\n", " ") for c in columns) for row in rows]
        self.app.copy_to_clipboard("\n".join(lines))
        cells = len(rows) * len(columns)
        self.notify(f"Copied {cells} cell{'s' if cells != 1 else ''}", timeout=2)

    def action_paste(self) -> None:
        self.paste_text(self.app.clipboard)

    def paste_text(self, text: str) -> None:
        self._paste(self.grid.cursor_row, self.grid.cursor_column, text)

    @work(group="writes", exit_on_error=False)
    async def _paste(self, row: int, column: int, text: str) -> None:
        block = parse_tsv(text)
        columns = self.grid.columns[column:column + max(len(r) for r in block)]
        if any(not c.editable for c in columns):
            self.notify("Cannot paste over a read-only column", severity="error")
            return
        pk = self.source.pk_key
        try:
            values = [{c.key: parse_edit(t, c.spec) for c, t in zip(columns, cells)}
                      for cells in block]
        except ValueError as exc:
            self.notify(f"Nothing pasted: {exc}", severity="error", title="Not pasted")
            return
        existing = await self.source.get_rows(row, len(values))
        updates = [{pk: r[pk], **v} for r, v in zip(existing, values)]
        before = tuple({pk: r[pk], **{k: r.get(k) for k in v}} for r, v in zip(existing, values))
        appended = values[len(existing):]
        try:
            async with self._write_lock:
                if updates:
                    await self.source.update_rows(updates)
                    self.undo_stack.push(CellsChanged(before, tuple(updates), row,
                                                      columns[0].key))
                if appended:
                    ids = await self.source.insert_rows(appended)
                    self.undo_stack.push(RowsInserted(tuple(await self.source.records(ids)),
                                                      row + len(existing)))
        except Exception as exc:  # core refused: the whole call was rolled back
            self._report(exc, False)
            return
        self._after_write(row, column)
        self.notify(f"Pasted {len(values)} row(s)", timeout=2)

    @work(group="writes", exit_on_error=False)
    async def action_fill_down(self) -> None:
        """Copy the selection's first row into every row below it, in one update."""
        r0, c0, r1, c1 = self.grid.selection
        columns = [c for c in self.grid.columns[c0:c1 + 1] if c.editable]
        if r1 <= r0 or not columns:
            self.notify("Select cells in two or more rows first (shift+arrows)", timeout=3)
            return
        pk = self.source.pk_key
        rows = await self.source.get_rows(r0, r1 - r0 + 1)
        top, rest = rows[0], rows[1:]
        updates = [{pk: r[pk], **{c.key: top.get(c.key) for c in columns}} for r in rest]
        before = tuple({pk: r[pk], **{c.key: r.get(c.key) for c in columns}} for r in rest)
        try:
            async with self._write_lock:
                await self.source.update_rows(updates)
        except Exception as exc:
            self._report(exc, False)
            return
        self.undo_stack.push(CellsChanged(before, tuple(updates), r0 + 1, columns[0].key))
        self._after_write()
