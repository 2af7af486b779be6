"""Screens: the main workspace, the help page and the small modal dialogs."""
