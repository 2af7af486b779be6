"""Widgets of the workspace: the sidebar, the record grid and its pieces."""
