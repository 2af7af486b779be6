"""``RequestForm``: the form of one endpoint, built from the OpenAPI document — server URL,
token, path and query parameters (with "from current view" for ``where``/``sort``/``fields``)
and a JSON body editor pre-filled with the schema's example."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from tui.explorer.endpoints import METHOD_COLOURS, Endpoint
from tui.explorer.request import FormState

VIEW_PARAMS = ("where", "sort", "fields")


def _row(label: str, field: Widget) -> Horizontal:
    return Horizontal(Label(label, classes="name"), field, classes="row")


class RequestForm(VerticalScroll):
    """Inputs ``#param-<name>``, ``#server``, ``#token`` and the ``#body`` TextArea."""

    DEFAULT_CSS = """
    RequestForm { height: 1fr; padding: 0 1; }
    RequestForm .title { margin-bottom: 1; }
    RequestForm .body-label { margin-top: 1; color: $text-muted; }
    RequestForm .row { height: 1; }
    RequestForm .row .name { width: 9; color: $text-muted; }
    RequestForm .row Input { width: 1fr; }
    RequestForm .buttons { height: 1; margin: 1 0; }
    RequestForm .buttons Button { margin-right: 2; }
    RequestForm #body { height: 9; }
    """

    def __init__(self, endpoint: Endpoint, state: FormState, view_query: dict[str, str],
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.endpoint, self.initial, self.view_query = endpoint, state, view_query

    def compose(self) -> ComposeResult:
        colour = METHOD_COLOURS.get(self.endpoint.method, "white")
        yield Static(Text.assemble((self.endpoint.method, f"bold {colour}"),
                                   f" {self.endpoint.path}\n", (self.endpoint.summary, "dim")),
                     classes="title")
        yield _row("server", Input(self.initial.server, id="server", compact=True))
        yield _row("token", Input(self.initial.token, id="token", compact=True, password=True,
                                  placeholder="paste an API token (xc-token)"))
        yield from self._param_rows()
        if self.endpoint.body_example is not None:
            yield Label("body (JSON)", classes="body-label")
            text = self.initial.body if self.initial.body is not None else self.endpoint.body_example
            yield TextArea(text, language="json", id="body", show_line_numbers=False)
        with Horizontal(classes="buttons"):
            yield Button("Send ^s", id="send", variant="primary", compact=True)
            if self.endpoint.param("where") is not None:
                yield Button("From current view F6", id="from-view", compact=True,
                             disabled=not self.view_query)

    def _param_rows(self) -> Iterator[Horizontal]:
        for param in self.endpoint.params:
            value = self.initial.value(param.name)
            if not value and param.location == "path":
                value = param.default
            hint = param.description.replace("`", "")
            yield _row(param.name, Input(value, id=f"param-{param.name}", compact=True,
                                         placeholder=hint))

    def state(self) -> FormState:
        """What is in the form now."""
        values = tuple((p.name, self.query_one(f"#param-{p.name}", Input).value)
                       for p in self.endpoint.params)
        body = None
        if self.endpoint.body_example is not None:
            body = self.query_one("#body", TextArea).text
        return FormState(self.endpoint.key, values, body,
                         self.query_one("#token", Input).value, self.query_one("#server", Input).value)

    def set_token(self, token: str) -> None:
        self.query_one("#token", Input).value = token

    def set_server(self, url: str) -> None:
        self.query_one("#server", Input).value = url

    def fill_from_view(self) -> bool:
        """Copy the open view's ``where``/``sort``/``fields``; False when there is nothing."""
        if not self.view_query or self.endpoint.param("where") is None:
            return False
        for name in VIEW_PARAMS:
            if self.endpoint.param(name) is not None:
                self.query_one(f"#param-{name}", Input).value = self.view_query.get(name, "")
        return True

    def focus_first(self) -> None:
        """The token while there is none (so a paste lands there), else the first empty
        parameter, else the token."""
        token = self.query_one("#token", Input)
        inputs = [i for i in self.query(Input)
                  if i.id and i.id.startswith("param-") and not i.value]
        (inputs[0] if inputs and token.value else token).focus()
