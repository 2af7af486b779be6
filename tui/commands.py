"""Every action the TUI offers, as data: the command palette and the help screen read it.

Actions run on the main screen (``MainScreen``), which forwards grid and table actions to the
open table, so a command works wherever the palette was opened from.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from textual.screen import Screen

# (title, help, action on MainScreen)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("New base", "Create a base", "new_base"),
    ("New table", "Create a table in the selected base", "new_table"),
    ("Rename table", "Rename the open table", "rename('table')"),
    ("Rename base", "Rename the base of the open table", "rename('base')"),
    ("Delete table", "Delete the open table and all its rows", "delete('table')"),
    ("Delete base", "Delete the base of the open table and its tables", "delete('base')"),
    ("Fields…", "Add, rename, retype, delete, hide, show or reorder fields (F)", "fields"),
    ("Filter…", "Filter the open view with the filter builder (/)", "filter"),
    ("Sort…", "Sort levels of the open view: add, asc/desc, reorder, remove (s)", "sort"),
    ("Copy as API query", "Copy the REST request that returns this view's rows (Y)",
     "copy_api_query"),
    ("View: save as…", "Save the filter, sort, fields and widths as a new view", "view_save_as"),
    ("View: switch…", "Show the table in another saved view", "view_switch"),
    ("View: rename", "Rename the open view", "view_rename"),
    ("View: delete", "Delete the open view (not the default one); rows stay", "view_delete"),
    ("View: duplicate", "Copy the open view under a new name and switch to it",
     "view_duplicate"),
    ("Add row", "Add a record through the record form (a)", "pane('add_row')"),
    ("Edit record", "Open the record form on the current row (e)", "pane('edit_record')"),
    ("Delete row", "Delete the row under the cursor (asks first)", "pane('delete_row')"),
    ("Undo", "Undo the last edit, insert or delete (u)", "pane('undo')"),
    ("Redo", "Redo what was undone (ctrl+r)", "pane('redo')"),
    ("Edit cell", "Edit the cell under the cursor", "grid('edit')"),
    ("Paste", "Paste a TSV block from the cursor (ctrl+v)", "pane('paste')"),
    ("First row", "Jump to the first row", "grid('row_edge(0)')"),
    ("Last row", "Jump to the last row", "grid('row_edge(1)')"),
    ("Wider column", "Widen the current column", "grid('resize(2)')"),
    ("Narrower column", "Narrow the current column", "grid('resize(-2)')"),
    ("Export CSV…", "Write the open table to a CSV file", "export_csv"),
    ("Copy selection", "Copy the selected cells as TSV (y, ctrl+c)", "pane('copy')"),
    ("Fill down", "Copy the selection's first row down (ctrl+d)", "pane('fill_down')"),
    ("Toggle sidebar", "Show or hide the sidebar", "toggle_sidebar"),
    ("Focus sidebar", "Move the focus to the bases and tables", "focus_sidebar"),
    ("Focus grid", "Move the focus to the open table", "focus_grid"),
    ("Reload", "Read bases, tables and rows again", "reload"),
    ("Tokens", "API tokens: list, create, revoke (T)", "tokens"),
    ("Webhooks", "Webhooks of the open table and their live delivery log (W)", "webhooks"),
    ("API explorer", "Endpoints of this base: try requests, copy snippets (A)", "api_explorer"),
    ("Import CSV…", "Import a CSV file into a new table, with a type preview (I)", "import_csv"),
)


def system_commands(main: "Screen") -> Iterable[SystemCommand]:
    for title, help_text, action in COMMANDS:
        yield SystemCommand(title, help_text, partial(main.run_action, action))
