"""Waiting helpers for TUI tests whose screens open dialogs from workers.

A worker that awaits ``push_screen_wait`` never ends while its dialog is open, so "wait for
every worker" would hang. ``calm`` waits for the other workers, then for each dialog-opening
worker until it has either finished or put a modal on screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from textual.pilot import Pilot
from textual.screen import ModalScreen

from tests.tui.helpers import screen_text


async def calm(pilot: Pilot, dialog_groups: Iterable[str], skip: Iterable[str] = (),
               timeout: float = 10.0) -> None:
    app, dialogs, skipped = pilot.app, set(dialog_groups), set(skip)
    for _ in range(3):
        busy = [w for w in app.workers
                if w.group not in dialogs | skipped and not w.is_finished]
        if busy:  # (an empty list would mean "every worker")
            await app.workers.wait_for_complete(busy)
        await pilot.pause()
    await until(pilot, lambda: isinstance(app.screen, ModalScreen) or not any(
        w.group in dialogs and not w.is_finished for w in app.workers), timeout)
    await pilot.pause()


async def until(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "not reached in time:\n" + screen_text(pilot.app)
        await pilot.pause(0.05)
