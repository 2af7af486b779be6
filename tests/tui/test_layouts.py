"""Every screen opened by its key fits at 80x24 and at 120x40: its box stays on screen, its
title and its footer keys show (the issues' "snapshot" checks, as text rather than pixels)."""

from __future__ import annotations

import pytest

from tests.tui.helpers import screen_text, settle
from tui.app import GridbaseApp

SCREENS = [  # key, screen class, words that must show
    ("slash", "FilterBuilderScreen", ["Filter · Tasks", "Apply", "rows match"]),
    ("s", "SortScreen", ["Sort"]),
    ("F", "FieldsScreen", ["Name", "Status"]),
    ("T", "TokensScreen", ["API tokens", "Last used"]),
    ("W", "WebhooksScreen", ["Webhooks"]),
    ("A", "ApiExplorerScreen", ["/api/v2/tables/", "GET"]),
    ("I", "ImportScreen", ["CSV"]),
]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("key,name,words", SCREENS, ids=[s[1] for s in SCREENS])
async def test_screen_fits(tasks, size, key, name, words) -> None:
    app = GridbaseApp()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == name, screen_text(app)
        text = screen_text(app)
        for word in words:
            assert word in text, f"{word!r} not on the {name} at {size}:\n{text}"
        width, height = size
        for widget in screen.query("*"):  # footer keys may scroll off: they are checked below
            if widget.display and widget.region.area and type(widget).__name__ != "FooterKey":
                region = widget.region
                assert region.right <= width and region.bottom <= height, (widget, region)
        footer = text.rstrip("\n").splitlines()[-1].lower()
        assert "esc" in footer or "close" in footer or "cancel" in footer, text
        await pilot.press("escape")
