"""Tampering that a DBA with superuser rights could do must fail ``fazhi audit verify`` (issue 8
item 4a; RULES.md §9: "nobody can edit or delete them; tampering is detectable").

The chain alone cannot catch a re-hash, a deleted tail or a truncation: the external anchor file
(HMAC-signed head, outside the database) does. On PostgreSQL the triggers are disabled to simulate
the DBA; on SQLite the rows are edited directly.
"""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from fazhi.audit.anchors import read_anchors
from fazhi.audit.models import AuditEvent, AuditSeal
from fazhi.audit.selectors import verify_chain
from fazhi.audit.services import record
from fazhi.orgs.models import Role
from fazhi.testing.factories import make_user

pytestmark = pytest.mark.django_db
SQLITE_TRIGGERS = importlib.import_module("fazhi.audit.migrations.0003_audit_seal_chain").SQLITE_CREATE


def _events(n: int) -> list[AuditEvent]:
    actor = make_user(Role.BUREAU)
    return [
        record("test.change", actor=actor, object_type="t", object_id=i, changes={"x": [i, i + 1]})
        for i in range(n)
    ]


def _verify_ok() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "审计链完整" in out.getvalue()
    return out.getvalue()


@contextmanager
def _as_dba() -> Iterator[Any]:
    """A cursor with the append-only triggers out of the way."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks, or ALTER refuses
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cur.execute("ALTER TABLE audit_auditseal DISABLE TRIGGER USER")
            yield cur
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            cur.execute("ALTER TABLE audit_auditseal ENABLE TRIGGER USER")
        else:
            cur.execute("DROP TRIGGER audit_event_no_update")
            cur.execute("DROP TRIGGER audit_seal_no_update")
            yield cur
            for sql in SQLITE_TRIGGERS:
                cur.execute(sql)


def _rehash_from(event: AuditEvent, cur: Any) -> None:
    """Recompute the edited event's hash and every seal from it on, as an attacker would."""
    event.refresh_from_db()
    cur.execute("UPDATE audit_auditevent SET hash = %s WHERE id = %s", [event.compute_hash(), event.pk])
    first = AuditSeal.objects.get(event_id=event.pk).seq
    prev = AuditSeal.objects.get(seq=first - 1).hash if first > 1 else "0" * 64
    for seal in AuditSeal.objects.filter(seq__gte=first).order_by("seq"):
        event_hash = AuditEvent.objects.get(pk=seal.event_id).hash
        link = AuditSeal.link_hash(prev, seal.seq, seal.event_id, event_hash)
        cur.execute(
            "UPDATE audit_auditseal SET event_hash = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [event_hash, prev, link, seal.seq],
        )
        prev = link


def test_edited_event_is_detected() -> None:
    events = _events(6)
    _verify_ok()
    with _as_dba() as cur:
        cur.execute("UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s", [events[3].pk])
    result = verify_chain()
    assert not result.ok and result.broken_id == events[3].pk and "篡改" in result.reason
    with pytest.raises(CommandError, match=f"第 {events[3].pk} 号记录"):
        call_command("audit", "verify")


def test_edited_and_rehashed_chain_is_detected_by_the_anchor(settings) -> None:  # type: ignore[no-untyped-def]
    events = _events(30)
    _verify_ok()  # anchors the head (seq of the 30th event) outside the database
    with _as_dba() as cur:
        cur.execute("UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s", [events[5].pk])
        _rehash_from(events[5], cur)
    with pytest.raises(CommandError, match="外部锚定.*重新计算了哈希"):
        call_command("audit", "verify")
    # Without the anchor the rewritten chain is self-consistent: only the anchor catches it.
    settings.FAZHI_AUDIT_ANCHOR_FILE = str(Path(settings.FAZHI_AUDIT_ANCHOR_FILE).with_name("empty.log"))
    assert verify_chain(anchor=False).ok


def test_deleted_event_in_the_middle_is_detected() -> None:
    events = _events(12)
    _verify_ok()
    seq = AuditSeal.objects.get(event_id=events[6].pk).seq
    with _as_dba() as cur:
        cur.execute("DELETE FROM audit_auditseal WHERE seq = %s", [seq])
        cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[6].pk])
    with pytest.raises(CommandError, match=f"第 {seq - 1} 号跳到第 {seq + 1} 号.*被删除"):
        call_command("audit", "verify")


def test_deleted_tail_is_detected() -> None:
    events = _events(60)
    _verify_ok()
    head = AuditSeal.objects.order_by("-seq").first()
    assert head is not None and head.event_id == events[-1].pk
    tail = [e.pk for e in events[-50:]]
    with _as_dba() as cur:
        cur.execute("DELETE FROM audit_auditseal WHERE seq > %s", [head.seq - 50])
        for pk in tail:
            cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [pk])
    result = verify_chain()
    assert not result.ok and result.head_seq == head.seq - 50
    with pytest.raises(
        CommandError, match=f"末尾的审计记录被删除.*第 {head.seq} 号封存.*只到第 {head.seq - 50} 号"
    ):
        call_command("audit", "verify")


def test_truncation_is_refused_on_postgresql_and_detected_everywhere() -> None:
    _events(5)
    _verify_ok()
    if connection.vendor == "postgresql":
        # Test databases allow TRUNCATE for Django's flush (conftest.py); production does not.
        with pytest.raises(DatabaseError, match="不可清空"), transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("SET LOCAL fazhi.audit_allow_truncate = 'off'")
            cur.execute("TRUNCATE audit_auditseal, audit_auditevent")
        assert AuditEvent.objects.count() == 5
    with _as_dba() as cur:
        if connection.vendor == "postgresql":
            cur.execute("TRUNCATE audit_auditseal, audit_auditevent")
        else:
            cur.execute("DELETE FROM audit_auditseal")
            cur.execute("DELETE FROM audit_auditevent")
    with pytest.raises(CommandError, match="审计记录被清空"):
        call_command("audit", "verify")


def test_seals_refuse_changes() -> None:
    _events(2)
    _verify_ok()
    seal = AuditSeal.objects.order_by("seq").first()
    assert seal is not None
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditseal SET hash = %s WHERE seq = %s", ["0" * 64, seal.seq])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditseal WHERE seq = %s", [seal.seq])


def test_anchor_file_is_signed_and_append_only(settings) -> None:  # type: ignore[no-untyped-def]
    _events(3)
    _verify_ok()
    record("test.more", object_type="t", object_id=9)
    _verify_ok()
    path = Path(settings.FAZHI_AUDIT_ANCHOR_FILE)
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and [a.seq for a in read_anchors()] == [3, 4]
    key_file = Path(settings.FAZHI_AUDIT_ANCHOR_KEY_FILE)
    assert key_file.stat().st_mode & 0o777 == 0o600
    # A forged anchor (someone moves the head back after deleting the tail) fails its signature.
    forged = json.loads(lines[-1]) | {"seq": 3}
    path.write_text(lines[0] + "\n" + json.dumps(forged) + "\n")
    with pytest.raises(CommandError, match="第 2 行签名无效"):
        call_command("audit", "verify")


def test_configured_key_signs_the_anchors(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_AUDIT_ANCHOR_KEY = "production-key-from-the-environment"
    _events(2)
    _verify_ok()
    assert not Path(settings.FAZHI_AUDIT_ANCHOR_KEY_FILE).exists()
    settings.FAZHI_AUDIT_ANCHOR_KEY = "another-key"
    with pytest.raises(CommandError, match="签名无效"):
        call_command("audit", "verify")


def test_unsealed_events_are_reported_after_the_grace_period() -> None:
    tz = ZoneInfo(settings.TIME_ZONE)
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=tz), tick=False) as traveller:
        events = _events(3)  # this test's transaction never commits: no after-commit sealing
        traveller.shift(timedelta(minutes=30))
        result = verify_chain()
        assert not result.ok and result.broken_id == events[0].pk
        with pytest.raises(CommandError, match="有 3 条审计记录.*仍未封存"):
            call_command("audit", "verify")
        out = io.StringIO()
        call_command("audit", "seal", stdout=out)
        assert "已封存 3 条" in out.getvalue()
        assert verify_chain().ok and AuditSeal.objects.filter(event__in=events).count() == 3


def test_periodic_job_seals_anchors_and_catches_a_rehash() -> None:
    from fazhi.audit.jobs import seal_and_anchor

    events = _events(8)
    assert "已封存 8 条" in seal_and_anchor()
    assert [a.seq for a in read_anchors()][-1] == AuditSeal.objects.order_by("-seq").first().seq  # type: ignore[union-attr]
    with _as_dba() as cur:
        cur.execute("UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s", [events[2].pk])
        _rehash_from(events[2], cur)
    with pytest.raises(RuntimeError, match="外部锚定"):
        seal_and_anchor()
    with pytest.raises(CommandError, match="外部锚定"):
        call_command("audit", "seal")
