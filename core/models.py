"""Tortoise models for gridbase's metadata and change feed.

User rows do not live here: each user table is a real SQL table (``t_<tableid>``) created at
run time by ``core.schema``. These models hold what describes those tables (bases, tables,
fields, views), who may reach them (API tokens), and the outbox that feeds webhooks
(events and their delivery attempts).
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Base(Model):
    id = fields.CharField(max_length=24, primary_key=True)
    title = fields.CharField(max_length=255, unique=True)
    description = fields.TextField(null=True)
    order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "gb_base"


class Table(Model):
    id = fields.CharField(max_length=24, primary_key=True)
    base: fields.ForeignKeyRelation[Base] = fields.ForeignKeyField(
        "models.Base", related_name="tables", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=255)
    physical = fields.CharField(max_length=63, unique=True)
    version = fields.IntField(default=0)
    """Bumped by every schema change, so processes can cache the table's fields safely."""
    order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "gb_table"
        unique_together = (("base", "title"),)


class Field(Model):
    id = fields.CharField(max_length=24, primary_key=True)
    table: fields.ForeignKeyRelation[Table] = fields.ForeignKeyField(
        "models.Table", related_name="fields", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=255)
    uidt = fields.CharField(max_length=32)
    column = fields.CharField(max_length=63)
    order = fields.IntField(default=0)
    system = fields.BooleanField(default=False)
    primary_value = fields.BooleanField(default=False)
    required = fields.BooleanField(default=False)
    indexed = fields.BooleanField(default=False)
    options = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "gb_field"
        unique_together = (("table", "title"),)


class View(Model):
    id = fields.CharField(max_length=24, primary_key=True)
    table: fields.ForeignKeyRelation[Table] = fields.ForeignKeyField(
        "models.Table", related_name="views", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=255)
    type = fields.CharField(max_length=16, default="grid")
    is_default = fields.BooleanField(default=False)
    hidden = fields.JSONField(default=list)
    field_order = fields.JSONField(default=list)
    widths = fields.JSONField(default=dict)
    order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "gb_view"
        unique_together = (("table", "title"),)


class Filter(Model):
    """One condition (or group) of a view's filter, in NocoDB's filter-object shape.

    Groups nest through ``parent``; ``logical_op`` joins a filter to the siblings before it.
    """

    id = fields.CharField(max_length=24, primary_key=True)
    view: fields.ForeignKeyRelation[View] = fields.ForeignKeyField(
        "models.View", related_name="filters", on_delete=fields.CASCADE
    )
    parent_id = fields.CharField(max_length=24, null=True, db_index=True)
    field_id = fields.CharField(max_length=24, null=True)
    comparison_op = fields.CharField(max_length=24, null=True)
    comparison_sub_op = fields.CharField(max_length=32, null=True)
    value = fields.TextField(null=True)
    logical_op = fields.CharField(max_length=8, default="and")
    is_group = fields.BooleanField(default=False)
    order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "gb_filter"


class Sort(Model):
    id = fields.CharField(max_length=24, primary_key=True)
    view: fields.ForeignKeyRelation[View] = fields.ForeignKeyField(
        "models.View", related_name="sorts", on_delete=fields.CASCADE
    )
    field_id = fields.CharField(max_length=24)
    direction = fields.CharField(max_length=4, default="asc")
    order = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "gb_sort"


class ApiToken(Model):
    id = fields.CharField(max_length=24, primary_key=True)
    name = fields.CharField(max_length=255)
    role = fields.CharField(max_length=16, default="editor")
    base: fields.ForeignKeyNullableRelation[Base] = fields.ForeignKeyField(
        "models.Base", related_name="tokens", null=True, on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    hint = fields.CharField(max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "gb_api_token"


class Webhook(Model):
    id = fields.CharField(max_length=24, primary_key=True)
    table: fields.ForeignKeyRelation[Table] = fields.ForeignKeyField(
        "models.Table", related_name="hooks", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=255)
    events = fields.JSONField(default=list)
    url = fields.TextField()
    method = fields.CharField(max_length=8, default="POST")
    headers = fields.JSONField(default=dict)
    condition = fields.TextField(default="")
    active = fields.BooleanField(default=True)
    secret = fields.CharField(max_length=64)
    timeout_s = fields.FloatField(default=10.0)
    body_template = fields.TextField(null=True)
    # --- webhooks (core.hooks): events up to this id happened before the hook existed
    since_event_id = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "gb_webhook"


class Event(Model):
    """One change to a user table, written in the same transaction as the change (the outbox)."""

    id = fields.BigIntField(primary_key=True)
    base_id = fields.CharField(max_length=24, db_index=True)
    table_id = fields.CharField(max_length=24, db_index=True)
    type = fields.CharField(max_length=48)
    record_ids = fields.JSONField(default=list)
    rows = fields.JSONField(default=list)
    previous_rows = fields.JSONField(default=list)
    source = fields.CharField(max_length=16, default="core")
    created_at = fields.DatetimeField(auto_now_add=True)
    # --- webhooks (core.hooks): set once the dispatcher has turned the event into deliveries.
    # A flag rather than an id cursor: on PostgreSQL ids can commit out of order.
    dispatched = fields.BooleanField(default=False)

    class Meta:
        table = "gb_event"
        indexes = (("dispatched", "id"), ("dispatched", "created_at"))


class Delivery(Model):
    """One attempt (or the pending next attempt) to deliver an event to a webhook.

    ``status``: pending → success | retry (a follow-up attempt row exists) | failed (final)
    | dead (attempts exhausted) | cancelled (hook inactive). Test sends have no event.
    """

    id = fields.BigIntField(primary_key=True)
    hook: fields.ForeignKeyRelation[Webhook] = fields.ForeignKeyField(
        "models.Webhook", related_name="deliveries", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyNullableRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="deliveries", on_delete=fields.CASCADE, null=True
    )
    event_type = fields.CharField(max_length=48, default="")
    rows_selected = fields.JSONField(null=True)
    """Indexes of the event's rows this hook's condition kept; null means all rows."""
    test_call = fields.BooleanField(default=False)
    replay = fields.BooleanField(default=False)
    """A replay of a past event (and its retries): sent when due, outside the hook's event
    order, so it never waits behind (nor holds up) the hook's queue."""
    url = fields.TextField(default="")
    method = fields.CharField(max_length=8, default="POST")
    sent_at = fields.DatetimeField(null=True)
    attempt = fields.IntField(default=1)
    status = fields.CharField(max_length=16, default="pending", db_index=True)
    next_attempt_at = fields.DatetimeField(null=True, db_index=True)
    lease_owner = fields.CharField(max_length=64, null=True)
    lease_until = fields.DatetimeField(null=True)
    request_headers = fields.JSONField(default=dict)
    request_body = fields.TextField(default="")
    response_status = fields.IntField(null=True)
    response_body = fields.TextField(default="")
    duration_ms = fields.FloatField(null=True)
    error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "gb_delivery"
        indexes = (("hook_id", "status", "event_id", "id"), ("hook_id", "id"), ("event_id",))
