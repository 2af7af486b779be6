"""``gridbase serve``: run the API with Sanic's worker manager.

Migrations run once in the main process before workers start (workers only connect). SQLite
allows one writer process, so on SQLite the server runs a single worker and says so; several
workers (and several servers) need PostgreSQL. SIGTERM/SIGINT stop gracefully: Sanic stops
accepting, lets in-flight requests finish (``GRACEFUL_SHUTDOWN_TIMEOUT``), then the
``after_server_stop`` listener closes the database.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from functools import partial

from sanic import Sanic
from sanic.worker.loader import AppLoader

from api.app import create_app
from api.settings import ApiSettings
from core.config import is_postgres, resolve_db_url
from core.db import migrate_store

APP_NAME = "gridbase"


def _factory(settings: ApiSettings) -> Sanic:
    return create_app(settings, name=APP_NAME)


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("tortoise").setLevel(logging.WARNING)


def serve(db_url: str | None, host: str = "127.0.0.1", port: int = 8080, workers: int = 1) -> None:
    configure_logging()
    url = resolve_db_url(db_url)
    if workers > 1 and not is_postgres(url):
        print("gridbase serve: SQLite allows one writer, so the server runs 1 worker "
              "(use PostgreSQL for more)", file=sys.stderr)
        workers = 1
    asyncio.run(migrate_store(url))
    settings = ApiSettings(db_url=url)
    loader = AppLoader(factory=partial(_factory, settings))
    app = loader.load()
    app.config.GRACEFUL_SHUTDOWN_TIMEOUT = 15.0
    app.prepare(host=host, port=port, workers=workers, single_process=workers == 1,
                motd=False, access_log=False)
    print(f"gridbase: serving {_safe(url)} on http://{host}:{port} ({workers} worker"
          f"{'s' if workers > 1 else ''})", file=sys.stderr, flush=True)
    if workers == 1:
        Sanic.serve_single(primary=app)
    else:
        Sanic.serve(primary=app, app_loader=loader)


def _safe(url: str) -> str:
    """The URL without a password, for logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':')[0]}@{host}"
    return url.split("?")[0]
