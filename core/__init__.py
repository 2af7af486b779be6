"""gridbase core: the headless store, field types, query language and services.

Nothing in this package imports sanic, textual or rich; both faces (``api`` and ``tui``)
call into it. A test enforces that.
"""

__version__ = "0.1.0"
