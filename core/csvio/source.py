"""Reading a CSV file as a stream of records, each with the physical line it starts on.

The file is opened with ``newline=""`` (so quoted fields keep their embedded newlines) and
``utf-8-sig`` (a leading BOM, as in the Met's own export, is dropped). Records are read one at a
time — memory does not grow with the file. ``bytes_done`` is the read position of the byte
stream under the text layer, close enough for a progress bar and free to ask for.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from core.errors import InvalidRequest

FIELD_SIZE_LIMIT = 64 * 1024 * 1024
SYSTEM_TITLES = frozenset({"id", "createdat", "updatedat"})
Record = tuple[int, list[str]]


class CsvSource:
    """A ``csv.reader`` over one open text stream, with the line bookkeeping done once."""

    def __init__(self, stream: TextIO, *, name: str, total_bytes: int | None) -> None:
        self._stream = stream
        self._reader = csv.reader(stream)
        self.name = name
        self.total_bytes = total_bytes

    @property
    def bytes_done(self) -> int:
        try:
            return int(self._stream.buffer.tell())  # type: ignore[attr-defined]
        except (AttributeError, OSError, ValueError):
            return 0

    def header(self) -> list[str]:
        """The first record, as field titles (see ``normalise_header``)."""
        for _line, row in self.records(_raise_malformed):
            if row:
                return normalise_header(row)
        raise InvalidRequest(f"{self.name} is empty: a CSV file needs a header row")

    def records(self, on_error: Callable[[int, str], None]) -> Iterator[Record]:
        """``(line, cells)`` for every record; blank lines are skipped, malformed records are
        passed to ``on_error(line, message)`` and skipped."""
        reader = self._reader
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                on_error(line, f"malformed CSV: {exc}")
                continue
            except UnicodeDecodeError as exc:
                raise InvalidRequest(f"{self.name} is not UTF-8 text (near line {line}: "
                                     f"{exc.reason}); save it as UTF-8 and import again",
                                     line=line) from None
            if row:
                yield line, row

    def take(self, count: int, on_error: Callable[[int, str], None]) -> list[Record]:
        taken: list[Record] = []
        if count <= 0:
            return taken
        for record in self.records(on_error):
            taken.append(record)
            if len(taken) >= count:
                break
        return taken


def _raise_malformed(line: int, message: str) -> None:
    raise InvalidRequest(f"line {line}: {message}", line=line)


def normalise_header(cells: list[str]) -> list[str]:
    """Titles as gridbase stores them: trimmed, never empty, unique regardless of case (a BOM
    left by a stream decoded as plain UTF-8 is dropped)."""
    if cells and cells[0].startswith("\ufeff"):
        cells = [cells[0][1:], *cells[1:]]
    titles: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        base = cell.strip()[:250] or f"Field {index + 1}"
        title, n = base, 1
        while title.casefold() in seen:
            n += 1
            title = f"{base} {n}"
        seen.add(title.casefold())
        titles.append(title)
    return titles


def is_system_title(title: str) -> bool:
    """``Id``, ``CreatedAt`` and ``UpdatedAt`` are set by the database, never imported."""
    return title.casefold() in SYSTEM_TITLES


@contextmanager
def open_source(path_or_stream: str | os.PathLike[str] | TextIO) -> Iterator[CsvSource]:
    """A ``CsvSource`` for a path (opened and closed here) or an already open text stream."""
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
    if not isinstance(path_or_stream, (str, os.PathLike)):
        name = str(getattr(path_or_stream, "name", "<stream>"))
        yield CsvSource(path_or_stream, name=name, total_bytes=None)
        return
    path = Path(path_or_stream)
    try:
        stream = open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InvalidRequest(f"File not found: {path}", path=str(path)) from None
    except OSError as exc:
        raise InvalidRequest(f"Cannot read {path}: {exc.strerror or exc}", path=str(path)) from None
    with stream:
        yield CsvSource(stream, name=str(path), total_bytes=os.fstat(stream.fileno()).st_size)
