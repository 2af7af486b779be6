"""Values describing a list request and its answer: ``ListQuery``, ``SortKey``, ``PageInfo``, ``Page``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.fields.base import FieldSpec

DEFAULT_LIMIT = 25
MAX_LIMIT = 1000


@dataclass(frozen=True)
class SortKey:
    field: FieldSpec
    descending: bool = False


@dataclass(frozen=True)
class ListQuery:
    """Everything a list or count call can ask for. ``where`` is a parsed ``core.query`` tree."""

    where: Any = None
    sort: tuple[SortKey, ...] = ()
    fields: tuple[FieldSpec, ...] | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    shuffle: bool = False
    pks: tuple[int, ...] | None = None
    after_id: int | None = None
    """Keyset paging in the default order: only rows with ``Id`` > this (no OFFSET scan)."""
    count_total: bool = True
    """False skips COUNT(*) (``total_rows`` is then -1): for callers that cache the total."""


@dataclass(frozen=True)
class PageInfo:
    total_rows: int
    page_size: int
    offset: int

    @property
    def page(self) -> int | None:
        if self.page_size <= 0 or self.offset % self.page_size:
            return None
        return self.offset // self.page_size + 1

    @property
    def is_first_page(self) -> bool:
        return self.offset == 0

    @property
    def is_last_page(self) -> bool:
        return self.offset + self.page_size >= self.total_rows

    def as_json(self) -> dict[str, Any]:
        """NocoDB's ``pageInfo``: ``page`` when offset is a multiple of the page size, else ``offset``."""
        info: dict[str, Any] = {"totalRows": self.total_rows}
        page = self.page
        if page is None:
            info["offset"] = self.offset
        else:
            info["page"] = page
        info.update(
            pageSize=self.page_size,
            isFirstPage=self.is_first_page,
            isLastPage=self.is_last_page,
        )
        return info


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]] = field(default_factory=list)
    info: PageInfo = field(default_factory=lambda: PageInfo(0, DEFAULT_LIMIT, 0))

    def as_json(self) -> dict[str, Any]:
        return {"list": self.rows, "pageInfo": self.info.as_json()}
