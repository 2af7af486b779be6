"""``HookFormScreen``: create or edit one webhook — title, URL, events (checkboxes), method,
condition (a ``where`` string, typed or made in the filter builder with Ctrl+F), headers
(``Name: value`` lines), timeout and active.

Every setting is checked with core's own rules (``core.hooks.spec`` cleaners, and the
condition with the query parser and compiler against the table) and a problem is shown under
its input: the URL and the condition as you type, everything on save. The form does not write
by itself: the caller's ``save`` (create or update) does, and a ``GridbaseError`` naming a
field is shown under it too; nothing is written until every check passes. Ctrl+S saves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from core.errors import GridbaseError
from core.hooks import spec as rules
from core.hooks.conditions import check_condition
from core.hooks.spec import EVENTS, METHODS, HookSpec
from core.query import parse_where, print_where
from core.schema.tables import load_table
from tui.screens.hook_form_fields import (
    Tick, headers_text, message_of, parse_headers, parse_timeout,
)

Save = Callable[[HookSpec], Awaitable[Any]]
FIELDS = ("title", "url", "events", "method", "condition", "headers", "timeout")


class HookFormScreen(ModalScreen[Any]):
    DEFAULT_CSS = """
    HookFormScreen { align: center middle; }
    HookFormScreen > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HookFormScreen VerticalScroll { height: auto; max-height: 1fr; }
    HookFormScreen .row { height: auto; }
    HookFormScreen .row > Label { width: 11; padding-top: 0; }
    HookFormScreen .row > Input, HookFormScreen .row > Select { width: 1fr; }
    HookFormScreen TextArea { height: 4; width: 1fr; }
    HookFormScreen .error { color: $text-error; padding-left: 11; display: none; }
    HookFormScreen .error.-shown { display: block; }
    HookFormScreen .buttons { height: auto; align-horizontal: right; }
    HookFormScreen Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "save", "Save", priority=True),
                Binding("ctrl+f", "build_condition", "Condition builder")]

    def __init__(self, title: str, table_id: str, save: Save, spec: HookSpec | None = None) -> None:
        super().__init__()
        self.form_title, self.table_id, self.save = title, table_id, save
        self.spec = spec or HookSpec(title="", url="", events=EVENTS)

    def compose(self) -> ComposeResult:
        spec = self.spec
        with Vertical() as box:
            box.border_title = Text(self.form_title)
            with VerticalScroll():
                yield from self._row("title", "Title", Input(spec.title, id="in-title", compact=True))
                yield from self._row("url", "URL", Input(spec.url, placeholder="https://…",
                                                         id="in-url", compact=True))
                yield from self._row("events", "Events", *self._event_boxes())
                yield from self._row("method", "Method", Select(
                    [(m, m) for m in METHODS], value=spec.method, allow_blank=False,
                    id="in-method", compact=True))
                yield from self._row("condition", "Condition", Input(
                    spec.condition, placeholder="optional, e.g. (Status,eq,Done)",
                    id="in-condition", compact=True))
                yield from self._row("headers", "Headers", TextArea(
                    headers_text(spec.headers), id="in-headers", compact=True))
                yield from self._row("timeout", "Timeout s", Input(f"{spec.timeout:g}",
                                                                   id="in-timeout", compact=True))
                yield from self._row("active", "Active", Tick("send deliveries", spec.active,
                                                              id="in-active", compact=True))
            yield Static("", id="err-form", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Condition builder (ctrl+f)", id="builder", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)

    def _row(self, name: str, label: str, *widgets: Widget) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label)
            yield from widgets
        yield Static("", id=f"err-{name}", classes="error")

    def _event_boxes(self) -> list[Checkbox]:
        return [Tick(e.removeprefix("after."), e in self.spec.events,
                     id=f"ev-{e.removeprefix('after.')}", compact=True) for e in EVENTS]

    def on_mount(self) -> None:
        self.query_one("#in-title", Input).focus()

    def show_error(self, name: str, message: str) -> None:
        label = self.query_one(f"#err-{name if name in FIELDS else 'form'}", Static)
        label.update(Text(message))
        label.set_class(bool(message), "-shown")

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value

    # --- checks -----------------------------------------------------------------------------
    def _check(self, name: str, read: Callable[[], Any]) -> Any:
        try:
            value = read()
        except (GridbaseError, ValueError) as exc:
            self.show_error(name, message_of(exc))
            return None
        self.show_error(name, "")
        return value

    def _events(self) -> tuple[str, ...]:
        return rules.clean_events([e for e in EVENTS
                                   if self.query_one(f"#ev-{e.removeprefix('after.')}", Checkbox).value])

    async def _check_condition(self, text: str) -> bool:
        try:
            check_condition(await load_table(self.table_id), text.strip())
        except GridbaseError as exc:
            self.show_error("condition", exc.message)
            return False
        self.show_error("condition", "")
        return True

    def _readers(self) -> dict[str, Callable[[], Any]]:
        return {
            "title": lambda: rules.clean_title(self._value("in-title")),
            "url": lambda: rules.clean_url(self._value("in-url")),
            "events": self._events,
            "headers": lambda: parse_headers(self.query_one("#in-headers", TextArea).text),
            "timeout": lambda: parse_timeout(self._value("in-timeout")),
        }

    def _read_spec(self) -> HookSpec | None:
        values = {name: self._check(name, read) for name, read in self._readers().items()}
        if any(v is None for v in values.values()):
            return None
        return HookSpec(**values, method=str(self.query_one("#in-method", Select).value),
                        condition=self._value("in-condition").strip(),
                        active=self.query_one("#in-active", Checkbox).value,
                        body_template=self.spec.body_template)

    def _recheck(self, name: str) -> None:
        """As the user edits: the URL once typed; any other setting to clear its error."""
        shown = self.query_one(f"#err-{name}", Static).has_class("-shown")
        if shown or (name == "url" and self._value("in-url").strip()):
            self._check(name, self._readers()[name])

    # --- events -----------------------------------------------------------------------------
    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("in-")
        if name == "condition":
            self.validate_condition(event.value)
        elif name in FIELDS:
            self._recheck(name)

    @on(Checkbox.Changed)
    def _box_changed(self, event: Checkbox.Changed) -> None:
        if (event.checkbox.id or "").startswith("ev-"):
            self._recheck("events")

    @on(TextArea.Changed)
    def _headers_changed(self) -> None:
        self._recheck("headers")

    @work(exclusive=True, group="hook-form-condition", exit_on_error=False)
    async def validate_condition(self, text: str) -> None:
        await self._check_condition(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "builder":
            self.action_build_condition()
        else:
            self.dismiss(None)

    @work(exclusive=True, group="hook-form", exit_on_error=False)
    async def action_save(self) -> None:
        self.show_error("form", "")
        spec = self._read_spec()
        condition_ok = await self._check_condition(self._value("in-condition"))
        if spec is None or not condition_ok:
            return
        try:
            result = await self.save(spec)
        except Exception as exc:  # core refused: say where, keep the form open
            field = exc.details.get("field", "form") if isinstance(exc, GridbaseError) else "form"
            self.show_error(str(field), message_of(exc))
            return
        self.dismiss(result)

    @work(exclusive=True, group="hook-form-builder", exit_on_error=False)
    async def action_build_condition(self) -> None:
        """Edit the condition in the grid's filter builder; Apply writes it back as text."""
        from tui.screens.filter_builder import FilterBuilderScreen

        text = self._value("in-condition").strip()
        table = await load_table(self.table_id)
        try:
            tree = parse_where(text) if text else None
        except GridbaseError as exc:
            self.show_error("condition", f"{exc.message} (fix it, or clear it, to use the builder)")
            return
        result = await self.app.push_screen_wait(FilterBuilderScreen(table, tree))
        if result is not None:
            value = print_where(result.tree) if result.tree is not None else ""
            self.query_one("#in-condition", Input).value = value

    def action_cancel(self) -> None:
        self.dismiss(None)
