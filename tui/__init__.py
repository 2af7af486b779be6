"""The Textual face of gridbase: a spreadsheet over core's tables (``run_tui`` starts it)."""
