"""``python -m cli`` runs the ``gridbase`` command (the console script calls ``cli.main:main``)."""

from cli.main import main

raise SystemExit(main())
