"""``python -m tui.explorer.serve_child <parent pid> serve …``: the explorer's background
``gridbase serve``, tied to the TUI that started it.

On Linux it first asks the kernel for SIGTERM when its parent dies (``PR_SET_PDEATHSIG``), so
a TUI ended by a dropped SSH session (SIGHUP) or SIGKILL, where ``atexit`` never runs, leaves
no server behind; if the parent is already gone it exits. Then it runs ``python -m cli``.
Elsewhere only the explorer's own stop and ``atexit`` end it.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # not Linux
        pass


def main(argv: list[str]) -> None:
    parent = int(argv[1])
    die_with_parent()
    if os.getppid() != parent:  # it died before the line above
        raise SystemExit(0)
    sys.argv = ["gridbase", *argv[2:]]
    runpy.run_module("cli", run_name="__main__", alter_sys=False)


if __name__ == "__main__":
    main(sys.argv)
