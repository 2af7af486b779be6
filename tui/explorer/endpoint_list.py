"""``EndpointList``: the base's endpoints grouped under their table, methods coloured."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.explorer.endpoints import METHOD_COLOURS, Endpoint


def endpoint_label(endpoint: Endpoint) -> Text:
    colour = METHOD_COLOURS.get(endpoint.method, "white")
    label = Text(f"{endpoint.method:<7}", style=f"bold {colour}")
    label.append(endpoint.short_path)
    return label


class EndpointList(OptionList):
    """One disabled heading per table, then its endpoints; Enter chooses one."""

    DEFAULT_CSS = """
    EndpointList { width: 29; height: 1fr; border: round $primary-background; }
    EndpointList:focus { border: round $accent; }
    """

    class Chosen(Message):
        def __init__(self, endpoint: Endpoint) -> None:
            super().__init__()
            self.endpoint = endpoint

    def __init__(self, endpoints: list[Endpoint], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.endpoints = {e.key: e for e in endpoints}
        self.border_title = "Endpoints"
        table = None
        for endpoint in endpoints:
            if endpoint.table_id != table:
                table = endpoint.table_id
                self.add_option(Option(Text(endpoint.table_title, style="bold underline"),
                                       disabled=True))
            self.add_option(Option(endpoint_label(endpoint), id=endpoint.key))

    def select(self, key: str) -> None:
        """Highlight the endpoint ``key`` (without choosing it)."""
        self.highlighted = self.get_option_index(key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self.endpoints:
            self.post_message(self.Chosen(self.endpoints[event.option.id]))
