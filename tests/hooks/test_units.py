"""Pure pieces of core.hooks: signatures, retry policy, body templates, hook settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random

import pytest

from core.errors import InvalidRequest
from core.hooks import HookSpec, sign, verify_signature
from core.hooks.retry import Outcome, classify, parse_retry_after, retry_delay
from core.hooks.spec import clean, clean_events
from core.hooks.template import render

BODY = b'{"id":1}'
NOW = 1_800_000_000


def test_signature_is_hmac_of_timestamp_dot_body() -> None:
    header = sign("s3cret", BODY, NOW)
    expected = hmac.new(b"s3cret", f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={NOW},v1={expected}"


@pytest.mark.parametrize("header, body, now, ok", [
    (sign("k", BODY, NOW), BODY, NOW, True),
    (sign("k", BODY, NOW), BODY, NOW + 299, True),
    (sign("k", BODY, NOW), BODY, NOW + 301, False),          # too old: replay
    (sign("k", BODY, NOW), BODY, NOW - 301, False),
    (sign("k", BODY, NOW), BODY + b" ", NOW, False),         # body changed
    (sign("other", BODY, NOW), BODY, NOW, False),            # wrong secret
    (sign("other", BODY, NOW) + "," + sign("k", BODY, NOW).split(",")[1], BODY, NOW, True),
    ("", BODY, NOW, False), ("t=abc,v1=00", BODY, NOW, False), (f"t={NOW}", BODY, NOW, False),
])
def test_verify_signature(header: str, body: bytes, now: int, ok: bool) -> None:
    assert verify_signature("k", header, body, now=now) is ok


@pytest.mark.parametrize("status, outcome", [
    (200, Outcome.SUCCESS), (204, Outcome.SUCCESS), (None, Outcome.RETRY), (500, Outcome.RETRY),
    (503, Outcome.RETRY), (429, Outcome.RETRY), (408, Outcome.RETRY), (410, Outcome.FAILED),
    (404, Outcome.FAILED), (400, Outcome.FAILED), (302, Outcome.FAILED),
])
def test_classify(status: int | None, outcome: Outcome) -> None:
    assert classify(status) is outcome


def test_retry_delays_follow_the_schedule_with_jitter() -> None:
    assert [retry_delay(n, jitter=0) for n in range(1, 8)] == [10, 60, 300, 1800, 7200, 21600, None]
    spread = {round(retry_delay(1, rng=random.Random(seed)), 3) for seed in range(20)}
    assert len(spread) > 10 and all(8 <= d <= 12 for d in spread)
    assert retry_delay(1, retry_after=90, jitter=0) == 90
    assert retry_delay(3, retry_after=5, jitter=0) == 300          # never earlier than asked
    assert retry_delay(1, retry_after=10**9, jitter=0) == 86400     # capped


def test_parse_retry_after() -> None:
    now = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Tue, 01 Jan 2030 00:01:00 GMT", now) == 60
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


ENVELOPE = {"type": "records.after.insert", "id": 7,
            "data": {"table_name": "T", "rows": [{"Title": 'a "quoted" word', "N": 2}]}}


@pytest.mark.parametrize("template, expected", [
    ("{{ json event }}", '{"type": "records.after.insert", "id": 7, "data": {"table_name": "T", '
                         '"rows": [{"Title": "a \\"quoted\\" word", "N": 2}]}}'),
    ("id={{ event.id }} t={{data.data.rows.[0].Title}}", 'id=7 t=a "quoted" word'),
    ('{"msg": "{{ event.data.rows.0.Title }}", "rows": "{{ json event.data.rows }}"}',
     '{"msg": "a \\"quoted\\" word", "rows": [{"Title": "a \\"quoted\\" word", "N": 2}]}'),
    ("missing: [{{ event.nope.deeper }}]", "missing: []"),
    ("n={{ event.data.rows.0.N }}", "n=2"),
])
def test_render(template: str, expected: str) -> None:
    assert render(template, ENVELOPE) == expected


@pytest.mark.parametrize("values, expected", [
    (["insert"], ("after.insert",)),
    (["after.update", "bulkInsert", "records.after.bulkDelete"],
     ("after.insert", "after.update", "after.delete")),
    ("update", ("after.update",)),
])
def test_clean_events(values: object, expected: tuple[str, ...]) -> None:
    assert clean_events(values) == expected


@pytest.mark.parametrize("changes, field", [
    ({"url": "ftp://x.org/h"}, "url"), ({"url": "not a url"}, "url"), ({"url": "http:///x"}, "url"),
    ({"events": []}, "events"), ({"events": ["after.insert", "trigger"]}, "events"),
    ({"method": "TRACE"}, "method"), ({"timeout": 0}, "timeout"), ({"timeout": 61}, "timeout"),
    ({"timeout": True}, "timeout"), ({"headers": {"X-Gridbase-Signature": "x"}}, "headers"),
    ({"headers": {"Bad Name": "x"}}, "headers"), ({"headers": {"X-A": "a\r\nb"}}, "headers"),
    ({"title": "  "}, "title"), ({"condition": False}, "condition"),
])
def test_invalid_settings_name_the_field(changes: dict, field: str) -> None:
    spec = HookSpec(title="t", url="https://example.org/h")
    with pytest.raises(InvalidRequest) as err:
        clean(HookSpec(**{**spec.__dict__, **changes}))
    assert err.value.details["field"] == field and err.value.status == 422


def test_clean_normalises() -> None:
    spec = clean(HookSpec(title=" t ", url=" https://example.org/h ", method="patch",
                          events=("bulkUpdate",), timeout=5, condition=" (A,eq,1) "))
    assert (spec.title, spec.url, spec.method, spec.events, spec.timeout, spec.condition) == (
        "t", "https://example.org/h", "PATCH", ("after.update",), 5.0, "(A,eq,1)")
