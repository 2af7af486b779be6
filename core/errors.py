"""Domain errors raised by core, each with a stable code. The faces translate them once."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class GridbaseError(Exception):
    """Base of every error core raises on purpose.

    ``code`` is the stable NocoDB-style identifier (``ERR_…``); ``status`` is the HTTP status
    the API maps it to; ``details`` carries machine-readable context (field, row, position).
    """

    code = "ERR_INTERNAL_SERVER"
    status = 500

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(GridbaseError):
    code = "ERR_NOT_FOUND"
    status = 404


class BaseNotFound(NotFound):
    code = "ERR_BASE_NOT_FOUND"


class TableNotFound(NotFound):
    code = "ERR_TABLE_NOT_FOUND"


class FieldNotFound(NotFound):
    code = "ERR_FIELD_NOT_FOUND"


class ViewNotFound(NotFound):
    code = "ERR_VIEW_NOT_FOUND"


class RecordNotFound(NotFound):
    code = "ERR_RECORD_NOT_FOUND"


class TokenNotFound(NotFound):
    code = "ERR_TOKEN_NOT_FOUND"


class HookNotFound(NotFound):
    code = "ERR_HOOK_NOT_FOUND"


class InvalidRequest(GridbaseError):
    """The request is well formed but asks for something impossible (422)."""

    code = "ERR_INVALID_REQUEST"
    status = 422


class InvalidValue(InvalidRequest):
    """A value does not fit a field. ``field`` and (for bulk calls) ``row`` name where."""

    code = "ERR_INVALID_VALUE_FOR_FIELD"


class InvalidPkValue(InvalidValue):
    """An update/delete item's primary key is not a positive whole number (``"abc"``, ``true``)."""

    code = "ERR_INVALID_PK_VALUE"


class TypeConversionFailed(InvalidRequest):
    """Changing a field's type would lose values; ``rows`` lists the record ids that cannot convert."""

    code = "ERR_TYPE_CONVERSION"


class DuplicateName(InvalidRequest):
    code = "ERR_DUPLICATE_NAME"


class InvalidQuery(InvalidRequest):
    """A where/sort/fields/limit/offset parameter is not valid."""

    code = "ERR_INVALID_FILTER"


class DatabaseNotFound(NotFound):
    """A SQLite database file, or the directory it should be in, does not exist."""

    code = "ERR_DATABASE_NOT_FOUND"


class BadRequest(GridbaseError):
    code = "ERR_BAD_REQUEST"
    status = 400


class AuthenticationRequired(GridbaseError):
    code = "ERR_AUTHENTICATION_REQUIRED"
    status = 401


class Forbidden(GridbaseError):
    code = "ERR_FORBIDDEN"
    status = 403


def cannot_write(path: str | Path, exc: OSError) -> InvalidRequest:
    """A one-line error naming the file that could not be written (never ``[Errno 2] …``)."""
    parent = Path(path).expanduser().resolve().parent
    if isinstance(exc, FileNotFoundError) and not parent.is_dir():
        reason = f"directory {parent} does not exist"
    else:
        reason = exc.strerror or str(exc)
    return InvalidRequest(f"Cannot write {path}: {reason}", path=str(path))
