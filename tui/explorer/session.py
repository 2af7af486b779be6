"""What the explorer remembers while the app runs (in memory only): the pasted token (and the
id of the one it made, revoked when the app ends), the server URL, the history of requests
sent, and the forms as left (so Esc loses no typing). One ``ExplorerSession`` per app, kept in
a weak mapping, so it ends with the app (and tests do not share one)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from textual.app import App

from tui.explorer.request import DEFAULT_SERVER, ApiRequest, ApiResponse, FormState

SERVER_ENV = "GRIDBASE_API_URL"
HISTORY_LIMIT = 50  # responses can be megabytes each: the oldest are forgotten


@dataclass(frozen=True)
class HistoryEntry:
    """One request sent: the form it came from, the request, and what came back."""

    state: FormState
    request: ApiRequest
    response: ApiResponse | None = None
    error: str = ""


@dataclass
class ExplorerSession:
    token: str = ""
    token_id: str = ""  # the token the explorer made for this session (``session_token``)
    server_url: str = DEFAULT_SERVER
    history: list[HistoryEntry] = field(default_factory=list)
    token_offered: bool = False
    drafts: dict[str, FormState] = field(default_factory=dict)  # by endpoint key
    endpoint_key: str = ""  # the endpoint open when the explorer was last closed

    def remember(self, entry: HistoryEntry) -> None:
        self.history.append(entry)
        del self.history[:-HISTORY_LIMIT]


_sessions: WeakKeyDictionary[App, ExplorerSession] = WeakKeyDictionary()


def default_server_url(app: App) -> str:
    """The URL the app was told (``app.api_url`` or ``$GRIDBASE_API_URL``), else the local one."""
    return getattr(app, "api_url", None) or os.environ.get(SERVER_ENV) or DEFAULT_SERVER


def existing_session(app: App) -> ExplorerSession | None:
    """The app's session if the explorer was opened (without making one)."""
    return _sessions.get(app)


def session_for(app: App) -> ExplorerSession:
    if app not in _sessions:
        _sessions[app] = ExplorerSession(server_url=default_server_url(app))
    return _sessions[app]
