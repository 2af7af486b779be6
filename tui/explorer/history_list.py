"""``HistoryList``: requests sent this session, newest first; Enter restores one."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.explorer.endpoints import METHOD_COLOURS
from tui.explorer.response_view import STATUS_STYLES
from tui.explorer.session import HISTORY_LIMIT, HistoryEntry


def history_label(entry: HistoryEntry) -> Text:
    method = entry.request.method
    label = Text(f"{method:<7}", style=f"bold {METHOD_COLOURS.get(method, 'white')}")
    label.append(entry.request.path.replace("/api/v2/tables/", "…/"))
    if entry.response is not None:
        label.append(f"  {entry.response.status}",
                     style=STATUS_STYLES.get(entry.response.status // 100, "bold"))
        label.append(f"  {entry.response.elapsed_ms:.0f} ms", style="dim")
    else:
        label.append(f"  {entry.error}", style="red")
    return label


class HistoryList(OptionList):
    DEFAULT_CSS = "HistoryList { height: 1fr; border: none; }"

    class Restore(Message):
        def __init__(self, entry: HistoryEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entries: list[HistoryEntry], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: list[HistoryEntry] = []
        for entry in entries:
            self.add_entry(entry)

    def add_entry(self, entry: HistoryEntry) -> None:
        """Newest first."""
        self.entries.insert(0, entry)
        del self.entries[HISTORY_LIMIT:]
        self.clear_options()
        self.add_options([Option(history_label(e)) for e in self.entries])
        self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Restore(self.entries[event.option_index]))
