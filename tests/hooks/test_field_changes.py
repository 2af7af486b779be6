"""Hook conditions follow field changes: a rename rewrites them (core and API), a delete or a
type change that would break one is refused naming the hook, and events keep arriving."""

from __future__ import annotations

import pytest

from core.errors import InvalidRequest
from core.hooks import Dispatcher, get_hook
from core.hooks.references import renamed_condition
from core.models import Delivery, Webhook
from core.query import parse_where
from core.records import service as records
from core.schema import fields
from core.schema.tables import load_table
from tests.api.conftest import Client, assert_error
from tests.hooks.conftest import Receiver, hooked_table

DEPT = [{"title": "Title", "uidt": "SingleLineText"}, {"title": "Department", "uidt": "SingleLineText"},
        {"title": "Qty", "uidt": "Number"}]

RENAMES = [  # condition, old, new → rewritten condition
    ("(Department,eq,Arms and Armor)", "Department", "Dept", "(Dept,eq,Arms and Armor)"),
    ("(Qty,gt,1)~and((Department,eq,A)~or(Department,like,B))", "Department", "Dept",
     "(Qty,gt,1)~and((Dept,eq,A)~or(Dept,like,B))"),
    ("(Department,eq,A)", "Department", "Dept, main", '("Dept, main",eq,A)'),
    ("~not(Department,blank)", "Department", "Dept", "~not(Dept,blank)"),
    ('@("Department",in,"a,b","c")', "Department", "Dept", '@("Dept",in,"a,b","c")'),
    ("(Qty,gt,1)", "Department", "Dept", "(Qty,gt,1)"),  # other fields untouched
    ("(Departments,eq,A)", "Department", "Dept", "(Departments,eq,A)"),
    ("", "Department", "Dept", ""),
]


@pytest.mark.parametrize("condition, old, new, expected", RENAMES)
def test_renamed_condition(condition: str, old: str, new: str, expected: str) -> None:
    text = renamed_condition(condition, old, new)
    assert text == expected
    if condition:
        assert [c.field for c in parse_where(text).conditions()] == [
            new if c.field == old else c.field for c in parse_where(condition).conditions()]


async def test_rename_in_core_rewrites_conditions_and_events_still_deliver(
        store: str, receiver: Receiver, dispatcher: Dispatcher) -> None:
    table, hook = await hooked_table(receiver.url, fields=DEPT, events=("after.insert",),
                                     condition="(Department,eq,Arms and Armor)")
    _, other = await hooked_table(receiver.url, fields=DEPT, condition="(Department,eq,X)")
    await fields.update_field(table.field("Department").id, title="Dept")
    assert (await get_hook(hook.id)).condition == "(Dept,eq,Arms and Armor)"
    assert (await get_hook(other.id)).condition == "(Department,eq,X)"  # another table's field
    table = await load_table(table.id)
    await records.create_records(table, [{"Title": "helm", "Dept": "Arms and Armor"},
                                         {"Title": "vase", "Dept": "Ceramics"}])
    await dispatcher.run_until_idle()
    [got] = receiver.received
    assert [r["Title"] for r in got.json["data"]["rows"]] == ["helm"]
    assert [d.status for d in await Delivery.filter(hook_id=hook.id)] == ["success"]


async def test_rename_through_the_api(client: Client, store: str, receiver: Receiver,
                                      dispatcher: Dispatcher) -> None:
    table, hook = await hooked_table(receiver.url, fields=DEPT, events=("after.insert",),
                                     condition="(Department,eq,Arms and Armor)~or(Qty,gt,5)")
    column = table.field("Department").id
    renamed = await client.patch(f"/api/v2/meta/columns/{column}", {"title": "Dept"})
    assert renamed.status == 200, renamed.text
    read = await client.get(f"/api/v2/meta/hooks/{hook.id}")
    assert read.body["condition"] == "(Dept,eq,Arms and Armor)~or(Qty,gt,5)"
    inserted = await client.post(f"/api/v2/tables/{table.id}/records",
                                 [{"Title": "helm", "Dept": "Arms and Armor"}, {"Title": "cup", "Qty": 1}])
    assert inserted.status == 200, inserted.text
    await dispatcher.run_until_idle()
    logs = (await client.get(f"/api/v2/meta/hooks/{hook.id}/logs")).body["list"]
    assert [(d["status"], d["error_message"]) for d in logs] == [("success", None)]
    assert [r["Title"] for r in receiver.received[0].json["data"]["rows"]] == ["helm"]


async def test_delete_of_a_field_a_hook_uses_is_refused_naming_the_hook(store: str) -> None:
    table, hook = await hooked_table("https://example.org/h", fields=DEPT,
                                     condition="(Qty,gt,1)~and(Department,eq,A)")
    with pytest.raises(InvalidRequest) as err:
        await fields.delete_field(table.field("Department").id)
    assert "'test hook'" in err.value.message and hook.id in err.value.message
    assert "Field 'Department' not found" in err.value.message
    assert err.value.details["hooks"] == [hook.id]
    assert (await load_table(table.id)).find("Department") is not None
    await fields.delete_field(table.field("Title").id)  # a field no condition uses goes
    await Webhook.filter(id=hook.id).update(condition="(Qty,gt,1)")
    await fields.delete_field(table.field("Department").id)
    assert (await load_table(table.id)).find("Department") is None


async def test_a_condition_broken_before_does_not_block_other_changes(store: str) -> None:
    table, hook = await hooked_table("https://example.org/h", fields=DEPT)
    await Webhook.filter(id=hook.id).update(condition="(Gone,eq,1)")
    await fields.delete_field(table.field("Department").id)
    await fields.change_type(table.field("Qty").id, "SingleLineText")


TYPE_CHANGES = [  # condition on Qty, new type → refused?
    ("(Qty,gt,1)", "Checkbox", True),
    ("(Qty,eq,1)", "Decimal", False),
    ("(Qty,eq,1)", "SingleLineText", False),
    ("(Qty,checked)", "Checkbox", False),
]


@pytest.mark.parametrize("condition, uidt, refused", TYPE_CHANGES)
async def test_type_change_that_breaks_a_condition_is_refused(
        store: str, condition: str, uidt: str, refused: bool) -> None:
    if condition == "(Qty,checked)":  # valid only once Qty is a checkbox: no hook blocks it
        table, hook = await hooked_table("https://example.org/h", fields=DEPT)
        await Webhook.filter(id=hook.id).update(condition=condition)
    else:
        table, hook = await hooked_table("https://example.org/h", fields=DEPT, condition=condition)
    qty = table.field("Qty").id
    if not refused:
        await fields.update_field(qty, uidt=uidt)
        assert (await load_table(table.id)).field("Qty").uidt == uidt
        return
    with pytest.raises(InvalidRequest) as err:
        await fields.update_field(qty, uidt=uidt)
    assert hook.id in err.value.message and "Operator 'gt' is not supported" in err.value.message
    assert (await load_table(table.id)).field("Qty").uidt == "Number"


async def test_api_delete_and_retype_are_422_naming_the_hook(client: Client, store: str) -> None:
    table, hook = await hooked_table("https://example.org/h", fields=DEPT, condition="(Qty,gt,1)")
    qty = table.field("Qty").id
    assert_error(await client.delete(f"/api/v2/meta/columns/{qty}"), 422, "ERR_INVALID_REQUEST",
                 "delete field 'Qty'", "'test hook'")
    assert_error(await client.patch(f"/api/v2/meta/columns/{qty}", {"uidt": "Checkbox"}), 422,
                 "ERR_INVALID_REQUEST", "change field 'Qty' to Checkbox", hook.id)
    assert (await client.get(f"/api/v2/meta/columns/{qty}")).body["uidt"] == "Number"
