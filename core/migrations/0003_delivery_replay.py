"""``gb_delivery.replay``: replays are sent outside the hook's event order (``core.hooks.queue``),
so a replay never waits behind a delivery that is backing off. Existing rows are in order."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0002_retention_indexes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Delivery',
            name='replay',
            field=fields.BooleanField(default=False),
        ),
    ]
