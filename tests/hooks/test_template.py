"""Body templates: Handlebars ``[literal]`` path segments, ``#if``/``#unless``/``#each`` blocks,
clear errors for blocks we do not render (at save time via ``check``; a send with one fails at
once with that message)."""

from __future__ import annotations

import re

import pytest

from core.hooks import FakeClock
from core.hooks.template import TemplateError, check, render
from core.models import Delivery, Webhook
from core.records import service as records
from tests.hooks.conftest import Receiver, hooked_table, make_dispatcher

ENVELOPE = {"type": "records.after.insert", "id": 7, "data": {"table_name": "T", "rows": [
    {"Title": "a", "Object Begin Date": 1700, "x.y": 3, "Tags": []},
    {"Title": "b", "Object Begin Date": 0, "x.y": None, "Tags": ["t"]}]}}


@pytest.mark.parametrize(("template", "expected"), [
    ("{{event.data.rows.[0].[Object Begin Date]}}", "1700"),
    ("{{ data.data.rows.[0].[x.y] }}|{{ event.data.rows[1].Title }}", "3|b"),
    ("{{{ event.data.table_name }}}{{! a comment }}", "T"),
    ("{{#if event.data.rows.[0].[Object Begin Date]}}old{{else}}new{{/if}}", "old"),
    ("{{#if event.data.rows.[1].[Object Begin Date]}}old{{else}}new{{/if}}", "new"),
    ("{{#if event.data.rows.[0].Tags}}tags{{else}}none{{/if}}", "none"),
    ("{{#unless event.nope}}no nope{{/unless}}", "no nope"),
    ("{{#each event.data.rows}}{{@index}}:{{Title}}/{{this.[Object Begin Date]}}"
     "/{{event.id}}{{#unless @last}}, {{/unless}}{{/each}}", "0:a/1700/7, 1:b/0/7"),
    ("{{#each event.data.nope}}x{{else}}empty{{/each}}", "empty"),
    ('{"n": "{{#if event.id}}{{event.id}}{{/if}}", "row": "{{ json event.data.rows.[0].[x.y] }}"}',
     '{"n": "7", "row": 3}'),
])
def test_render(template: str, expected: str) -> None:
    check(template)
    assert render(template, ENVELOPE) == expected


@pytest.mark.parametrize(("template", "message"), [
    ("{{#with event}}x{{/with}}", "unknown block helper {{#with}} (supported: #if, #unless, #each)"),
    ("{{#if event.id}}x", "{{#if}} is never closed (add {{/if}})"),
    ("{{#if event.id}}x{{/each}}", "{{/each}} does not close a block (expected {{/if}})"),
    ("{{#if (eq event.id 7)}}x{{/if}}", "{{#if}} takes one path"),
    ('{"a": "{{#if event.id}}", "b": "{{/if}}"}', "never closed"),
])
def test_unsupported_blocks_are_refused(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(message)):
        check(template)


async def test_a_send_with_a_bad_template_fails_at_once(
        store: str, receiver: Receiver, clock: FakeClock) -> None:
    table, hook = await hooked_table(receiver.url, events=("after.insert",))
    await Webhook.filter(id=hook.id).update(body_template="{{#with event}}x{{/with}}")
    dispatcher = make_dispatcher(clock)
    try:
        await records.create_records(table, [{"Title": "x"}])
        await dispatcher.run_until_idle()
    finally:
        await dispatcher.stop()
    [only] = await Delivery.filter(hook_id=hook.id)
    assert only.status == "failed" and "unknown block helper {{#with}}" in only.error
    assert receiver.received == []
