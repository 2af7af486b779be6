"""Indexes for reading and pruning the webhook outbox (``core.hooks.log``, ``.retention``).

* ``gb_delivery (hook_id, id)``: a hook's attempts newest first — the delivery log pages and
  the per-hook trim of retention walk it backwards and stop after one page;
* ``gb_delivery (event_id)``: "does any attempt still refer to this event?", asked for every
  event the prune deletes — and asked by the database too, for the ``ON DELETE CASCADE`` of
  ``gb_delivery.event_id``, which without it scans the whole delivery table per deleted event;
* ``gb_event (dispatched, created_at)``: the oldest fanned-out events, in age order, so a
  prune batch reads only the events it may delete and stops at the age limit.
"""

from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Delivery',
            index=Index(fields=['hook_id', 'id']),
        ),
        ops.AddIndex(
            model_name='Delivery',
            index=Index(fields=['event_id']),
        ),
        ops.AddIndex(
            model_name='Event',
            index=Index(fields=['dispatched', 'created_at']),
        ),
    ]
