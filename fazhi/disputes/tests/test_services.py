"""Dispute services: numbering, close transition, validation, scope and audit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.core.actions import TRUSTED, run
from fazhi.disputes import services
from fazhi.disputes.actions import WORKFLOW
from fazhi.disputes.models import Channel, Dispute, Status

pytestmark = pytest.mark.django_db


def close(actor: Any, d: Dispute, on: date, resolved: bool) -> Dispute:
    """办结 through the action runner, as the page and the API do (in-process: no version read)."""
    return run(WORKFLOW, "close", d, actor=actor, data={"date": on, "resolved": resolved}, version=TRUSTED)


def test_create_numbers_gap_free_per_government_and_year(make_dispute) -> None:
    a, b = make_dispute(), make_dispute()
    c = make_dispute(opened_on=date(2020, 1, 5))
    assert (a.number, b.number, c.number) == ("示争〔2019〕1号", "示争〔2019〕2号", "示争〔2020〕1号")


def test_close_records_result_history_and_audit(make_dispute, bureau) -> None:
    d = make_dispute()
    data = {"date": date(2019, 5, 1), "resolved": True, "how_resolved": "和解", "channel": Channel.COURT}
    d = run(WORKFLOW, "close", d, actor=bureau, data=data, version=1)
    assert d.status == Status.CLOSED and d.resolved is True and d.channel == Channel.COURT
    assert list(d.status_changes.values_list("to_status", flat=True)) == [Status.OPEN, Status.CLOSED]
    assert list(
        AuditEvent.objects.filter(object_type="disputes.dispute", object_id=str(d.pk)).values_list(
            "action", flat=True
        )
    ) == ["disputes.create", "disputes.close"]


def test_close_twice_or_before_opening_is_refused_and_changes_nothing(make_dispute, bureau) -> None:
    d = make_dispute()
    with pytest.raises(ValidationError) as exc:
        close(bureau, d, date(2019, 2, 1), True)
    assert "办结日期不能早于受理日期" in str(exc.value)
    close(bureau, d, date(2019, 5, 1), False)
    with pytest.raises(ValidationError) as exc:
        close(bureau, d, date(2019, 6, 1), True)
    assert "不能执行「办结」" in exc.value.messages[0]
    d.refresh_from_db()
    assert d.resolved is False and d.closed_on == date(2019, 5, 1)


def test_invalid_input_and_scope(make_dispute, clerk1, clerk2, leader) -> None:
    with pytest.raises(ValidationError) as exc:
        make_dispute(source="nonsense")
    assert "来源" in str(exc.value)
    with pytest.raises(PermissionDenied):
        make_dispute(unit="court")  # a court is outside the government's units
    d = make_dispute(unit="d01", actor=clerk1)
    with pytest.raises(PermissionDenied):
        make_dispute(unit="d01", actor=clerk2)
    for actor in (clerk2, leader):
        with pytest.raises(PermissionDenied):
            close(actor, d, date(2019, 5, 1), True)
    assert Dispute.objects.count() == 1


def test_party_id_is_validated(units, bureau) -> None:
    data = dict(
        org=units["d01"],
        source="petition",
        channel="court",
        opened_on=date(2019, 1, 1),
        summary="x",
        parties=[services.PartyData("甲", "person", "330381198005060011")],
    )
    with pytest.raises(ValidationError) as exc:
        services.create_dispute(actor=bureau, data=data)
    assert "第1个当事人" in str(exc.value) and "校验位" in str(exc.value)
    assert not Dispute.objects.exists()
