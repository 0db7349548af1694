"""Append-only audit trail with a hash chain (RULES.md §9: nobody can edit or delete; tampering detectable)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent, AuditSeal
from fazhi.audit.selectors import verify_chain
from fazhi.audit.services import record
from fazhi.orgs.models import Role
from fazhi.testing.factories import department, make_user

pytestmark = pytest.mark.django_db


def _events(n: int = 3) -> list[AuditEvent]:
    actor = make_user(Role.BUREAU)
    return [
        record("test.change", actor=actor, object_type="t", object_id=i, changes={"x": [i, i + 1]})
        for i in range(n)
    ]


def test_events_are_chained(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        events = _events()
    seals = [AuditSeal.objects.get(event=e) for e in events]
    assert [s.event_hash for s in seals] == [e.hash for e in events]
    assert seals[1].prev_hash == seals[0].hash and seals[2].prev_hash == seals[1].hash
    assert seals[2].seq == seals[0].seq + 2
    assert events[0].org_name == "示例市司法局" and events[0].actor_username == "bureau_sfj"
    assert verify_chain().ok


def test_orm_refuses_update_and_delete() -> None:
    event = _events(1)[0]
    event.action = "forged"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()


def test_database_trigger_refuses_raw_update() -> None:
    event = _events(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def _tamper(event_id: int) -> None:
    """What a DBA with superuser rights could do: bypass the trigger and edit a row."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update")
            cur.execute("UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s", [event_id])
            cur.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update")
        else:
            cur.execute("DROP TRIGGER audit_event_no_update")
            cur.execute("UPDATE audit_auditevent SET object_repr = 'forged' WHERE id = %s", [event_id])
            cur.execute(
                "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent "
                "BEGIN SELECT RAISE(ABORT, 'append-only'); END;"
            )


def test_verify_detects_an_altered_row() -> None:
    events = _events(4)
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "审计链完整" in out.getvalue()
    _tamper(events[2].pk)
    result = verify_chain()
    assert not result.ok and result.broken_id == events[2].pk
    with pytest.raises(CommandError, match=f"第 {events[2].pk} 号记录"):
        call_command("audit", "verify")


def test_only_the_auditor_sees_the_audit_view(client) -> None:  # type: ignore[no-untyped-def]
    _events(2)
    for role in (Role.BUREAU, Role.SYSADMIN, Role.SECADMIN, Role.LEADER):
        client.force_login(make_user(role, username=f"r_{role}"))
        assert client.get("/audit/").status_code == 403
    client.force_login(make_user(Role.AUDITOR, username="aud"))
    resp = client.get("/audit/")
    assert resp.status_code == 200 and "test.change" in resp.content.decode()


def test_audit_view_filters_and_export(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    _events(3)
    other = make_user(Role.CLERK, department(), username="clerk_x")
    record("other.thing", actor=other, object_type="o", object_id=9)
    client.force_login(make_user(Role.AUDITOR, username="aud"))
    with django_assert_max_num_queries(10):  # session, user, roles, events, org menu, filter form
        html = client.get("/audit/", {"actor": "clerk_x"}).content.decode()
    assert "other.thing" in html and "test.change" not in html
    html = client.get("/audit/", {"action": "test.", "object_id": "1"}).content.decode()
    assert html.count("test.change") == 1
    bad = client.get("/audit/", {"date_from": "2020-02-01", "date_to": "2020-01-01"}).content.decode()
    assert "起始日期不能晚于截止日期" in bad
    resp = client.get("/audit/export.xlsx", {"action": "test."})
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(resp.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "时间", "操作人账号")
    assert len(rows) == 4 and {r[6] for r in rows[1:]} == {"test.change"}
