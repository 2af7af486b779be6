"""``gb_fold`` (SQLite) must lowercase exactly like PostgreSQL's ``lower()``."""

from __future__ import annotations

import sqlite3

import pytest

from core.query.folding import fold, install_on


@pytest.mark.parametrize(("text", "folded"), [
    ("Érard", "érard"), ("ÉRARD", "érard"), ("ΟΔΟΣ", "οδοσ"), ("İstanbul", "istanbul"),
    ("STRASSE", "strasse"), ("Straße", "straße"), ("ẞ", "ß"), ("ABC def", "abc def"), ("", ""),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_null_and_stringifies() -> None:
    assert fold(None) is None and fold(12) == "12"


def test_registered_function_folds_in_sql() -> None:
    connection = sqlite3.connect(":memory:")
    install_on(connection)
    assert connection.execute("SELECT gb_fold('ÉRARD') LIKE gb_fold('%érard%')").fetchone() == (1,)
    assert connection.execute("SELECT 'ÉRARD' LIKE '%érard%'").fetchone() == (0,)
