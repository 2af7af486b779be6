"""Bases: create, list, read, rename, delete (deleting a base drops its tables)."""

from __future__ import annotations

from core import db
from core.errors import BaseNotFound, DuplicateName, InvalidRequest
from core.ids import new_id
from core.models import Base, Table
from core.schema import ddl


def clean_title(title: object, what: str) -> str:
    if not isinstance(title, str) or not title.strip():
        raise InvalidRequest(f"{what} title must be a non-empty string", field="title")
    text = title.strip()
    if len(text) > 255:
        raise InvalidRequest(f"{what} title is longer than 255 characters", field="title")
    return text


async def create_base(title: str, description: str | None = None) -> Base:
    title = clean_title(title, "Base")
    if await find_base(title):
        raise DuplicateName(f"A base titled '{title}' already exists", field="title")
    order = await Base.all().count()
    return await Base.create(id=new_id("base"), title=title, description=description, order=order)


async def list_bases() -> list[Base]:
    return await Base.all().order_by("order", "created_at")


async def get_base(base_id: str) -> Base:
    base = await Base.get_or_none(id=base_id)
    if base is None:
        raise BaseNotFound(f"Base '{base_id}' not found", base=base_id)
    return base


async def find_base(title: str) -> Base | None:
    for base in await Base.all():
        if base.title.casefold() == title.strip().casefold():
            return base
    return None


async def resolve_base(key: str) -> Base:
    """A base by id or by title (the CLI lets people type either)."""
    base = await Base.get_or_none(id=key) or await find_base(key)
    if base is None:
        raise BaseNotFound(f"Base '{key}' not found", base=key)
    return base


async def update_base(base_id: str, *, title: str | None = None, description: str | None = None) -> Base:
    base = await get_base(base_id)
    if title is not None:
        title = clean_title(title, "Base")
        other = await find_base(title)
        if other and other.id != base.id:
            raise DuplicateName(f"A base titled '{title}' already exists", field="title")
        base.title = title
    if description is not None:
        base.description = description
    await base.save()
    return base


async def delete_base(base_id: str) -> None:
    base = await get_base(base_id)
    physicals = [t.physical for t in await Table.filter(base_id=base.id)]

    async def run(tx) -> None:
        for physical in physicals:
            await ddl.drop_table(tx, physical)
        await Base.filter(id=base.id).using_db(tx).delete()

    await db.write(run)
    from core.tokens.service import forget_remembered  # tokens scoped to the base are gone

    forget_remembered()
