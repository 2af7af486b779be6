"""The API explorer, driven through the real app: the endpoint list is the base's OpenAPI
document, forms are pre-filled from it, and requests go to a real ``gridbase serve`` process
(one per module, on SQLite) — including the one the explorer starts itself."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea, Tree

from core.config import resolve_db_url
from core.db import close_store, open_store
from core.openapi import base_document
from core.schema.bases import get_base
from core.tokens.service import create_token, list_tokens
from tests import factories as make
from tests.integration.conftest import Server, free_port, start_server
from tests.tui.conftest import TASK_FIELDS, task_row
from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp
from tui.explorer.endpoint_list import EndpointList
from tui.explorer.history_list import HistoryList
from tui.explorer.request_form import RequestForm
from tui.explorer.response_view import ResponseView
from tui.explorer.request import ApiRequest, FormState
from tui.explorer.server import database_argument, local_port, shown_database
from tui.explorer.session import HISTORY_LIMIT, ExplorerSession, HistoryEntry
from tui.explorer.session_token import token_name
from tui.screens.api_explorer import ApiExplorerScreen
from tui.screens.modals import ConfirmScreen


@dataclass(frozen=True)
class ApiBase:
    """A SQLite database with base "Shop" (tables Tasks and Notes) and an editor token."""

    db: str
    base_id: str
    tasks_id: str
    notes_id: str
    token: str


async def _prepare(db: str) -> ApiBase:
    await open_store(db)
    try:
        base = await make.base("Shop")
        tasks = await make.table(TASK_FIELDS, title="Tasks", base_id=base.id)
        await make.rows(tasks, *[task_row(i) for i in range(8)])
        notes = await make.table({"Text": "SingleLineText"}, title="Notes", base_id=base.id)
        _, token = await create_token("tests", "editor")
        return ApiBase(db, base.id, tasks.id, notes.id, token)
    finally:
        await close_store()


def make_api_base(tmp_path_factory: pytest.TempPathFactory) -> ApiBase:
    return asyncio.run(_prepare(str(tmp_path_factory.mktemp("explorer") / "api.db")))


@contextmanager
def serving(api_base: ApiBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real ``gridbase serve`` on the database (one per test module: it takes ~1.5 s)."""
    server = start_server(api_base.db, tmp_path_factory.mktemp("serve") / "server.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_base(tmp_path_factory: pytest.TempPathFactory) -> ApiBase:
    return make_api_base(tmp_path_factory)


@pytest.fixture(scope="module")
def api_server(api_base: ApiBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(api_base, tmp_path_factory) as server:
        yield server


@pytest.fixture
async def api_store(api_base: ApiBase) -> AsyncIterator[ApiBase]:
    """The TUI's own store, open on the server's database."""
    await open_store(api_base.db)
    try:
        yield api_base
    finally:
        await close_store()


async def wait_for(pilot: Pilot, check: Callable[[], object], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.05)


async def open_explorer(pilot: Pilot) -> ApiExplorerScreen:
    await settle(pilot)
    await pilot.press("A")
    await wait_for(pilot, lambda: pilot.app.screen.query(RequestForm))
    assert isinstance(pilot.app.screen, ApiExplorerScreen)
    return pilot.app.screen


async def choose(pilot: Pilot, screen: ApiExplorerScreen, key: str) -> RequestForm:
    listing = screen.query_one(EndpointList)
    listing.focus()
    listing.select(key)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.form is not None and screen.form.endpoint.key == key)
    await pilot.pause()
    assert screen.form is not None
    return screen.form


async def type_into(pilot: Pilot, widget: Input, text: str) -> None:
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


async def paste_into(pilot: Pilot, widget: Input, text: str) -> None:
    """As a terminal's paste (bracketed paste) would deliver it."""
    widget.focus()
    widget.value = ""
    widget.post_message(events.Paste(text))
    await pilot.pause()


async def send(pilot: Pilot, screen: ApiExplorerScreen, key: str = "ctrl+s") -> None:
    """Press ``key``; return once the request is in the history or a question is asked."""
    sent = len(screen.session.history)
    await pilot.press(key)
    await wait_for(pilot, lambda: len(screen.session.history) > sent
                   or isinstance(pilot.app.screen, ConfirmScreen))
    await pilot.pause()


async def answer(pilot: Pilot, screen: ApiExplorerScreen, key: str) -> None:
    sent = len(screen.session.history)
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press(key)
    await wait_for(pilot, lambda: len(screen.session.history) > sent
                   or isinstance(pilot.app.screen, ConfirmScreen))
    await pilot.pause()


def option_keys(listing: EndpointList) -> list[str]:
    return [listing.get_option_at_index(i).id or "" for i in range(listing.option_count)]


class TestEndpointsAndForm:
    @pytest.mark.parametrize("size", [(80, 24), (120, 40)])
    async def test_endpoint_list_is_the_base_openapi_document(self, store, size) -> None:
        """Every operation of the document, grouped by table, the open table first and
        selected, each method in its colour."""
        base = await make.base("Shop")
        tasks = await make.table(TASK_FIELDS, title="Tasks", base_id=base.id)
        notes = await make.table({"Text": "SingleLineText"}, title="Notes", base_id=base.id)
        doc = await base_document(await get_base(base.id))
        expected = {f"{m.upper()} {p}" for p, item in doc["paths"].items() for m in item}
        app = GridbaseApp(None, notes.id)
        async with app.run_test(size=size) as pilot:
            screen = await open_explorer(pilot)
            listing = screen.query_one(EndpointList)
            keys = [k for k in option_keys(listing) if k]
            assert set(keys) == expected and len(keys) == len(expected) == 14
            assert [listing.endpoints[k].table_id for k in keys[:7]] == [notes.id] * 7
            assert listing.get_option_at_index(0).disabled  # the table heading
            assert listing.highlighted_option.id == f"GET /api/v2/tables/{notes.id}/records"
            assert screen.form.endpoint.table_id == notes.id
            colours = {str(listing.get_option_at_index(i).prompt)[:6].strip():
                       str(listing.get_option_at_index(i).prompt.style)
                       for i in range(listing.option_count) if listing.get_option_at_index(i).id}
            assert colours == {"GET": "bold green", "POST": "bold blue",
                               "PATCH": "bold yellow", "DELETE": "bold red"}
            text = screen_text(app)
            for shown in ("Notes", "Tasks", "GET    records", "DELETE records", "Esc", "Send"):
                assert shown.lower() in text.lower(), shown
            assert tasks.id not in text and notes.id in text  # the Notes form is open
            lines = text.splitlines()
            assert len(lines) == size[1] and all(len(line) <= size[0] for line in lines)

    async def test_forms_are_prefilled_from_the_document(self, tasks) -> None:
        app = GridbaseApp()
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_explorer(pilot)
            form = screen.form
            assert form.query_one("#param-tableId", Input).value == tasks.id
            assert form.query_one("#server", Input).value == "http://127.0.0.1:8080"
            for name in ("where", "sort", "fields", "limit", "offset"):
                assert form.query_one(f"#param-{name}", Input).value == ""
            root = f"/api/v2/tables/{tasks.id}/records"
            form = await choose(pilot, screen, f"POST {root}")
            body = json.loads(form.query_one("#body", TextArea).text)
            assert set(body) == {f["title"] for f in TASK_FIELDS} and body["Name"] == "Task 0"
            form = await choose(pilot, screen, f"PATCH {root}")
            assert json.loads(form.query_one("#body", TextArea).text)["Id"] == 1
            form = await choose(pilot, screen, f"DELETE {root}")
            assert json.loads(form.query_one("#body", TextArea).text) == {"Id": 1}
            form = await choose(pilot, screen, f"GET {root}/{{recordId}}")
            assert form.query_one("#param-recordId", Input).value == ""
            assert not form.query("#body")

    @pytest.mark.parametrize(("path", "field", "text", "message"), [
        ("", "#body", '{"Name": "x",', "The body is not valid JSON"),
        ("", "#server", "127.0.0.1:8080", "must start with http://"),
        ("", "#param-tableId", "", "Fill in the path parameter tableId"),
        ("/upsert", "#param-on", "", "Fill in the required parameter on"),
    ])
    async def test_bad_input_is_explained_and_nothing_sent(self, tasks, path, field, text,
                                                          message) -> None:
        app = GridbaseApp()
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            screen = await open_explorer(pilot)
            form = await choose(pilot, screen, f"POST /api/v2/tables/{tasks.id}/records{path}")
            widget = form.query_one(field)
            if isinstance(widget, TextArea):
                widget.text = text
            else:
                widget.value = text
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert any(message in n.message for n in app._notifications)
            assert "Cannot send" in screen_text(app)  # the toast's title
            assert screen.session.history == [] and not isinstance(app.screen, ConfirmScreen)

    async def test_from_current_view_fills_where_sort_fields(self, tasks) -> None:
        view = {"where": "(Qty,gt,100)", "sort": "-Qty", "fields": "Name,Qty"}
        app = GridbaseApp()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await app.push_screen(ApiExplorerScreen(tasks.base_id, table_id=tasks.id,
                                                    db_url=None, query=view))
            screen = app.screen
            await wait_for(pilot, lambda: screen.form is not None)
            await pilot.press("f6")
            await pilot.pause()
            assert {k: screen.form.query_one(f"#param-{k}", Input).value for k in view} == view
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ApiExplorerScreen)


def rows_of(view: ResponseView) -> list[str]:
    assert view.response is not None
    return [row["Name"] for row in view.response.data["list"]]


class TestSending:
    async def test_send_shows_rows_401_without_token_and_history(self, api_store, api_server) -> None:
        """A list request with a where, sent to a real server: 200 and the rows' JSON; without
        a token (declining to create one) the 401 error is shown; history restores both."""
        app = GridbaseApp(api_store.db, api_store.tasks_id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_explorer(pilot)
            form = screen.form
            await paste_into(pilot, form.query_one("#server", Input), api_server.url)
            await send(pilot, screen)
            assert "Create a token" in screen_text(app) or "api-explorer" in screen_text(app)
            await answer(pilot, screen, "n")
            view = screen.query_one(ResponseView)
            assert view.response.status == 401
            text = screen_text(app)
            assert "401 Unauthorized" in text and "ERR_" in text
            await pilot.press("f2")
            await paste_into(pilot, form.query_one("#token", Input), api_store.token)
            await type_into(pilot, form.query_one("#param-where", Input), "(Qty,gt,40)")
            await type_into(pilot, form.query_one("#param-sort", Input), "-Qty")
            await send(pilot, screen, "enter")  # Enter in a field sends too
            assert view.response.status == 200
            assert rows_of(view) == ["Task 7", "Task 6", "Task 5"]
            text = screen_text(app)
            assert "200 OK" in text and " ms" in text and '"Task 7"' in text
            await pilot.press("f3", "t")  # the foldable tree of the same JSON
            await pilot.pause()
            tree = screen.query_one(Tree)
            assert tree.display and "[] list" in screen_text(app) and "totalRows=3" in screen_text(app)
            assert str(tree.root.children[0].label) == "[] list"
            await pilot.press("t", "f4", "right", "c")  # snippets: Python, copied
            await pilot.pause()
            assert app.clipboard.startswith("import asyncio") and "(Qty,gt,40)" in app.clipboard
            assert api_store.token in app.clipboard
            text = screen_text(app)  # on screen the token is masked, as in the form
            assert api_store.token not in text and f"gb_…{api_store.token[-4:]}" in text
            assert "c copies it in full" in text
            await pilot.press("f5")
            await pilot.pause()
            history = screen.query_one(HistoryList)
            assert [e.response.status for e in history.entries] == [200, 401]
            assert "401" in screen_text(app) and "200" in screen_text(app)
            await pilot.press("down", "enter")  # the older one: the 401
            await pilot.pause()
            assert screen.form.query_one("#token", Input).value == ""
            assert view.response.status == 401
            await pilot.press("f5", "up", "enter")  # the newest again
            await pilot.pause()
            assert screen.form.query_one("#param-where", Input).value == "(Qty,gt,40)"
            assert rows_of(view) == ["Task 7", "Task 6", "Task 5"]

    async def test_choosing_an_endpoint_puts_the_cursor_in_the_token_until_there_is_one(
            self, api_store) -> None:
        """A paste right after Enter on an endpoint must land in the token, not in a query
        parameter (where it would be sent as ``fields=gb_…``)."""
        app = GridbaseApp(api_store.db, api_store.tasks_id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_explorer(pilot)
            form = await choose(pilot, screen, screen.form.endpoint.key)
            assert app.focused is form.query_one("#token", Input)
            app.focused.post_message(events.Paste(api_store.token))
            await pilot.pause()
            assert form.state().token == api_store.token and not dict(form.state().values)["fields"]
            form = await choose(pilot, screen, screen.form.endpoint.key)
            assert app.focused is form.query_one("#param-fields", Input)
            await pilot.press("ctrl+e")  # back to the endpoints, even from a text box
            assert isinstance(app.focused, EndpointList)

    async def test_esc_keeps_the_form_as_left_for_the_session(self, api_store) -> None:
        app = GridbaseApp(api_store.db, api_store.tasks_id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_explorer(pilot)
            key = option_keys(screen.query_one(EndpointList))[-1]
            form = await choose(pilot, screen, key)
            form.query_one(f"#param-{form.endpoint.params[-1].name}", Input).value = "kept"
            await paste_into(pilot, form.query_one("#token", Input), "gb_typed")
            await pilot.press("escape", "A")
            screen = await open_explorer(pilot)
            assert screen.form.endpoint.key == key
            assert screen.form.state().value(screen.form.endpoint.params[-1].name) == "kept"
            assert screen.form.state().token == "gb_typed"

    async def test_missing_token_can_be_created_for_the_session(self, api_store, api_server) -> None:
        app = GridbaseApp(api_store.db, api_store.notes_id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_explorer(pilot)
            await paste_into(pilot, screen.form.query_one("#server", Input), api_server.url)
            await send(pilot, screen)
            await answer(pilot, screen, "y")
            assert screen.query_one(ResponseView).response.status == 200
            created = [t for t in await list_tokens()
                       if t.name == token_name(os.getpid(), socket.gethostname())]
            assert len(created) == 1 and created[0].base_id == api_store.base_id
            token = screen.form.query_one("#token", Input).value
            assert token.startswith("gb_") and token.endswith(created[0].hint)
            await pilot.press("escape", "A")  # the token is remembered for the session
            screen = await open_explorer(pilot)
            assert screen.form.query_one("#token", Input).value == token
        assert created[0].id not in {t.id for t in await list_tokens()}  # ended with the app


class TestLocalServer:
    async def test_no_server_offers_to_start_one_and_stops_it(self, api_store) -> None:
        url = f"http://127.0.0.1:{free_port()}"
        app = GridbaseApp(resolve_db_url(api_store.db), api_store.tasks_id)  # as run_tui does
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_explorer(pilot)
            await paste_into(pilot, screen.form.query_one("#server", Input), url)
            await paste_into(pilot, screen.form.query_one("#token", Input), api_store.token)
            await send(pilot, screen)
            assert f"No server answers at {url}" in screen_text(app)
            question = app.screen.question
            assert f"gridbase --db {api_store.db} serve --port {url.rsplit(':', 1)[1]}" in question
            await answer(pilot, screen, "n")
            assert screen.session.history[-1].error.startswith(f"No server answers at {url}")
            assert "No server answers" in screen_text(app)
            await send(pilot, screen)
            await answer(pilot, screen, "y")
            assert screen.query_one(ResponseView).response.status == 200
            assert rows_of(screen.query_one(ResponseView))[0] == "Task 0"
            server = screen.server
            assert server is not None and server.running
            await pilot.press("escape")
            await wait_for(pilot, lambda: not server.running)
            assert screen.server is None


async def test_a_slow_request_can_be_cancelled(api_store) -> None:
    """A server that accepts the connection and never answers: ctrl+g ends the wait."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        app = GridbaseApp(api_store.db, api_store.tasks_id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_explorer(pilot)
            await paste_into(pilot, screen.form.query_one("#server", Input), url)
            await paste_into(pilot, screen.form.query_one("#token", Input), api_store.token)
            assert "^g Cancel" not in screen_text(app)  # in the footer only while sending
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "Sending GET" in screen_text(app))
            assert "^g Cancel" in screen_text(app)
            await pilot.press("ctrl+g")
            await wait_for(pilot, lambda: "Cancelled" in screen_text(app))
            assert not [w for w in app.workers if w.group == "explorer-send" and w.is_running]


PARENT = """
import asyncio, sys, time
from tui.explorer.server import start_server
server = asyncio.run(start_server(sys.argv[1], int(sys.argv[2])))
print(server.proc.pid, flush=True)
time.sleep(120)
"""


def _gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_started_server_dies_with_a_killed_tui(api_base, tmp_path) -> None:
    """A dropped SSH session (SIGHUP) or SIGKILL skips ``atexit``: the child still ends."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT, api_base.db, str(free_port())],
                              stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "TMPDIR": str(tmp_path)})  # its log goes there
    try:
        child = int(parent.stdout.readline())
        assert not _gone(child, 0.2)  # the server runs
        parent.send_signal(signal.SIGHUP)
        parent.wait(10)
        assert _gone(child, 10), "the explorer's server outlived the TUI"
    finally:
        parent.kill()
        parent.wait()


def test_history_keeps_the_newest_entries_only() -> None:
    """Each entry holds a whole response (up to megabytes): the session keeps the last 50."""
    session = ExplorerSession()
    history = HistoryList([])
    for i in range(HISTORY_LIMIT + 5):
        entry = HistoryEntry(FormState("k"), ApiRequest("GET", "http://x", f"/{i}"), None, "e")
        session.remember(entry)
        history.add_entry(entry)
    assert len(session.history) == len(history.entries) == HISTORY_LIMIT
    assert session.history[-1].request.path == history.entries[0].request.path == "/54"
    assert session.history[0].request.path == "/5"


@pytest.mark.parametrize(("url", "port"), [
    ("http://127.0.0.1:8080", 8080), ("http://localhost:9000/", 9000), ("http://[::1]:81", 81),
    ("http://127.0.0.1", 80), ("https://127.0.0.1:8443", None), ("http://example.com:8080", None),
    ("http://127.0.0.1:notaport", None), ("127.0.0.1:8080", None),
])
def test_a_server_is_offered_only_for_plain_loopback_urls(url: str, port: int | None) -> None:
    assert local_port(url) == port


@pytest.mark.parametrize(("db_url", "argument", "shown"), [
    ("sqlite:///data/gb.db?journal_mode=WAL&foreign_keys=ON", "/data/gb.db", "/data/gb.db"),
    ("/data/gb.db", "/data/gb.db", "/data/gb.db"),
    ("postgres://me:s3cret@db:5432/gb", "postgres://me:s3cret@db:5432/gb", "postgres://me:***@db:5432/gb"),
])
def test_the_database_is_passed_plainly_and_shown_without_password(db_url, argument, shown) -> None:
    assert database_argument(db_url) == argument and shown_database(db_url) == shown
