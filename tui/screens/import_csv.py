"""``ImportScreen``: import a CSV file into a new table of a base (``I``, or "Import CSV…").

1. The path (Enter reads it): a missing, unreadable, empty or non-UTF-8 file gets core's message
   and nothing else happens. The new table's title defaults to the file name.
2. The preview (``ImportColumns``): the type core infers for each column, editable, with the
   first values; a type the sampled cells do not fit flags them (those rows would be skipped).
3. Import (Ctrl+S or the button) runs ``core.csvio.import_csv`` in a worker (``ImportRun``),
   with a progress bar and rows/s. Esc or Cancel stops it and the table it was filling is
   deleted, so a cancelled (or failed) import leaves nothing behind; the screen stays, to try
   again. Done, it dismisses with the new table's id (None when closed without importing).
"""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from core import db
from core.csvio import ImportSummary
from core.errors import GridbaseError
from core.schema.tables import find_table
from tui.screens.import_preview import CsvPreview, read_preview
from tui.screens.import_run import ImportAborted, ImportProgress, ImportRun
from tui.widgets.import_columns import ColumnRow, ImportColumns

BATCH_ROWS = 2000
HINT = "enter: read file · ctrl+s: import · esc: cancel"


def _message(exc: BaseException) -> str:
    return exc.message if isinstance(exc, GridbaseError) else f"{type(exc).__name__}: {exc}"


class ImportScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    ImportScreen > Vertical {
        width: 110; max-width: 100%; height: 100%; max-height: 40;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ImportScreen .import-line { height: 1; }
    ImportScreen .import-line > Label { width: 11; }
    ImportScreen .import-line > Input { width: 1fr; }
    ImportScreen #import-message { height: auto; max-height: 3; margin-top: 1; }
    ImportScreen #import-message.-error { color: $text-error; }
    ImportScreen #import-head { text-style: bold; height: 1; }
    ImportScreen #import-run { height: 1; display: none; }
    ImportScreen #import-run.-running { display: block; }
    ImportScreen #import-rate { width: 1fr; margin-left: 2; }
    ImportScreen .buttons { height: 1; align-horizontal: right; margin-top: 1; }
    ImportScreen Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "start", "Import", priority=True)]

    def __init__(self, base_id: str, *, batch_size: int = BATCH_ROWS) -> None:
        super().__init__()
        self.base_id, self.batch_size = base_id, batch_size
        self.preview: CsvPreview | None = None
        self.import_run: ImportRun | None = None
        self.rows_done = 0

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Import CSV into a new table"
            box.border_subtitle = HINT
            with Horizontal(classes="import-line"):
                yield Label("CSV file")
                yield Input(placeholder="path/to/file.csv", id="import-path", compact=True)
            with Horizontal(classes="import-line"):
                yield Label("New table")
                yield Input(placeholder="table title", id="import-title", compact=True)
            yield Static("Type the path of a CSV file (UTF-8, header row) and press Enter.",
                         id="import-message")
            yield Static("", id="import-head")
            yield Vertical(id="import-preview")
            with Horizontal(id="import-run"):
                yield ProgressBar(id="import-bar")
                yield Static("", id="import-rate")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="import-cancel", compact=True)
                yield Button("Import", id="import-go", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    # --- messages ------------------------------------------------------------------------
    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#import-message", Static)
        message.update(Content(text))  # plain: a path or a value may hold markup brackets
        message.set_class(error, "-error")

    @property
    def message(self) -> str:
        return str(self.query_one("#import-message", Static).content)

    @property
    def columns(self) -> ImportColumns | None:
        found = self.query(ImportColumns)
        return found.first() if found else None

    # --- reading the file ----------------------------------------------------------------
    @on(Input.Submitted, "#import-path")
    def _path_submitted(self) -> None:
        self.load_preview()

    @on(Input.Submitted, "#import-title")
    def _title_submitted(self) -> None:
        self.action_start()

    @work(exclusive=True, group="import-preview", exit_on_error=False)
    async def load_preview(self) -> None:
        await self._load_preview()

    async def _load_preview(self) -> bool:
        path = self.query_one("#import-path", Input).value.strip()
        if not path:
            self.say("Type the path of a CSV file first.", error=True)
            return False
        try:
            preview = await asyncio.to_thread(read_preview, path)
        except (GridbaseError, OSError) as exc:
            self.say(_message(exc), error=True)
            return False
        await self._show_preview(preview)
        return True

    async def _show_preview(self, preview: CsvPreview) -> None:
        old = self.preview
        self.preview = preview
        title = self.query_one("#import-title", Input)
        if not title.value.strip() or (old is not None and title.value == old.default_title):
            title.value = preview.default_title
        holder = self.query_one("#import-preview", Vertical)
        await holder.remove_children()
        await holder.mount(ImportColumns(preview, db.dialect(), id="import-columns"))
        self.query_one("#import-head", Static).update(
            f"{'Column':<22}{'Type':<19}{'Check':<8}First values")
        skipped = f" Skipped {', '.join(preview.skipped)}: the database sets them." \
            if preview.skipped else ""
        self.say(f"{len(preview.columns)} columns; types inferred from the first "
                 f"{preview.sample_rows:,} rows — change any, then ctrl+s.{skipped}")

    @on(ColumnRow.Retyped)
    def _type_changed(self, event: ColumnRow.Retyped) -> None:
        row, check = event.row, event.row.check
        if self.preview is None:
            return
        if check.ok:
            self.say(f"{row.column.title}: every sampled value fits {check.uidt}.")
        else:
            self.say(f"{row.column.title}: {check.bad_count:,} of {self.preview.sample_rows:,} "
                     f"sampled values will not convert to {check.uidt} (e.g. "
                     f"{check.first_error}); their rows would be skipped.", error=True)

    # --- importing -----------------------------------------------------------------------
    def action_start(self) -> None:
        if self.import_run is None:
            self.start_import()

    @on(Button.Pressed, "#import-go")
    def _go(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#import-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.import_run is not None:
            self.import_run.cancel()
            self.say("Cancelling…")
        else:
            self.dismiss(None)

    @work(exclusive=True, group="import", exit_on_error=False)
    async def start_import(self) -> None:
        path_changed = self.preview is None or \
            self.preview.path != self.query_one("#import-path", Input).value.strip()
        if path_changed and not await self._load_preview():
            return
        title = await self._checked_title()
        if title is None or self.preview is None:
            return
        columns = self.columns
        types = columns.types() if columns else {}
        summary = await self._run(self.preview.path, title, types)
        if summary is not None:
            self._report(summary)
            self.dismiss(summary.table_id)

    async def _checked_title(self) -> str | None:
        title = self.query_one("#import-title", Input).value.strip()
        if not title:
            self.say("Give the new table a title.", error=True)
            return None
        if await find_table(self.base_id, title) is not None:
            self.say(f"This base already has a table titled '{title}'; choose another title.",
                     error=True)
            return None
        return title

    async def _run(self, path: str, title: str, types: dict[str, str]) -> ImportSummary | None:
        """Import; a cancel or failure is shown here and leaves nothing (``ImportRun``)."""
        self.import_run = ImportRun(self.base_id, path, title, types,
                                    batch_size=self.batch_size, on_progress=self._progress)
        self._set_running(True)
        try:
            return await self.import_run.run()
        except ImportAborted as exc:
            self.say(str(exc), error=True)
            return None
        finally:
            self.import_run = None
            self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.query_one("#import-run").set_class(running, "-running")
        self.query_one("#import-go", Button).disabled = running
        for widget in self.query(Input).results():
            widget.disabled = running
        if running:
            self.rows_done = 0
            self.query_one(ProgressBar).update(total=None, progress=0)
            self.say("Importing… esc cancels (nothing is kept).")

    def _progress(self, progress: ImportProgress) -> None:
        self.rows_done = progress.rows
        total = progress.total_bytes
        self.query_one(ProgressBar).update(total=total,
                                           progress=min(progress.bytes_done, total or progress.bytes_done))
        self.query_one("#import-rate", Static).update(
            f"{progress.rows:,} rows · {progress.rows_per_s:,.0f} rows/s")

    def _report(self, summary: ImportSummary) -> None:
        self.notify(f"Imported {summary.rows:,} rows into '{summary.table_title}' in "
                    f"{summary.seconds:.1f} s ({summary.rows_per_s:,.0f} rows/s)")
        if summary.failed_count:
            lines = "\n".join(f.describe() for f in summary.failed[:3])
            self.notify(f"{summary.failed_count:,} rows were not imported:\n{lines}",
                        severity="warning", timeout=12)

