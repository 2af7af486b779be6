"""Exporting to a path that cannot be written tells the user which path and why, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.helpers import settle
from tui.app import GridbaseApp
from tui.screens.modals import PromptScreen


@pytest.mark.parametrize(("name", "reason"), [
    ("missing/out.csv", "directory {tmp}/missing does not exist"),
    (".", "Is a directory"),
])
async def test_export_to_a_bad_path_names_it(tasks, tmp_path: Path, name: str, reason: str) -> None:
    app = GridbaseApp()
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        app.screen.run_worker(app.screen.run_action("export_csv"))
        await pilot.pause(0.2)
        assert isinstance(app.screen, PromptScreen)
        target = tmp_path / name
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert f"Cannot write {target}: {reason.format(tmp=tmp_path)}" in messages, messages
        assert app.is_running and not (tmp_path / "missing").exists()
