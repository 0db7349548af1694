"""Issue 9.5: dates and deadlines that mislead — page, API and workbench show the same status (RULES §1–2)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration import deadlines, rules
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.workdays import calendar
from fazhi.workdays.deadlines import Status
from fazhi.workdays.models import CalendarYear

TZ = ZoneInfo("Asia/Shanghai")
BASE = "/api/v1/reconsideration/cases/"


def _year_missing(year: int):  # type: ignore[no-untyped-def]
    CalendarYear.objects.filter(year=year).delete()
    calendar.invalidate()


@time_machine.travel(datetime(2026, 12, 28, 10, tzinfo=TZ), tick=False)
def test_api_flags_acceptance_due_in_a_missing_year(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §1 + §2 Art 30: received 2026-12-25, the 5 working days run into 2027 (no calendar data):
    the API says 日历缺失 with a flag, never a bare null."""
    _year_missing(2027)
    try:
        case = receive(date(2026, 12, 25))
        api = APIClient()
        api.force_authenticate(bureau)
        body = api.get(f"{BASE}{case.pk}/").json()
        assert body["acceptance_due"] == "日历缺失"
        assert body["acceptance_status"] == Status.CALENDAR_MISSING and body["calendar_missing"] is True
    finally:
        calendar.invalidate()


@time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=TZ), tick=False)
def test_open_suspension_shows_suspended_not_calendar_missing(receive, bureau, client):  # type: ignore[no-untyped-def]
    """RULES §2 (中止: settled practice, grounds in Art 39): an open suspension whose computed end passes the
    calendar data shows 中止中 on API and page, not 日历缺失."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2026, 10, 28)),
        actor=bureau,
        data={"date": date(2026, 10, 30)},
        version=TRUSTED,
    )
    case = run(
        WORKFLOW,
        "suspend",
        case,
        actor=bureau,
        data={"date": date(2026, 11, 2), "reason": "等待另案结果"},
        version=TRUSTED,
    )
    _year_missing(2027)
    try:
        d = deadlines.decision_deadline(case, date(2026, 12, 1))
        assert d.status == Status.SUSPENDED and d.due is None
        api = APIClient()
        api.force_authenticate(bureau)
        body = api.get(f"{BASE}{case.pk}/").json()
        assert body["decision_status"] == Status.SUSPENDED and body["decision_due"] == "中止中"
        client.force_login(bureau)
        html = client.get(f"/reconsideration/{case.pk}/").content.decode()
        assert "中止中" in html
    finally:
        calendar.invalidate()


@time_machine.travel(datetime(2024, 5, 20, 10, tzinfo=TZ), tick=False)
def test_answer_and_correction_wait_for_service(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 31 and Art 48: 补正 and 答复 periods run from the other side's receipt; "待送达" until
    the service date is recorded, never counted from the sending date."""
    case = receive(date(2024, 4, 1))
    case = run(
        WORKFLOW,
        "request_correction",
        case,
        actor=bureau,
        data={"date": date(2024, 4, 2), "items": "补充身份证明"},
        version=TRUSTED,
    )
    corr = next(
        d for d in deadlines.case_deadlines(case, date(2024, 5, 20)) if d.rule == rules.CORRECTION_PERIOD
    )
    assert corr.status == Status.AWAITING_SERVICE and corr.due is None and corr.status_label == "待送达"
    case = run(
        WORKFLOW, "serve_correction", case, actor=bureau, data={"date": date(2024, 4, 8)}, version=TRUSTED
    )
    corr = next(
        d for d in deadlines.case_deadlines(case, date(2024, 5, 20)) if d.rule == rules.CORRECTION_PERIOD
    )
    assert corr.due == calendar.add_working_days(date(2024, 4, 8), 10)
    case = run(
        WORKFLOW, "record_correction", case, actor=bureau, data={"date": date(2024, 4, 10)}, version=TRUSTED
    )
    case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2024, 4, 11)}, version=TRUSTED)
    case = run(WORKFLOW, "send_copy", case, actor=bureau, data={"date": date(2024, 4, 12)}, version=TRUSTED)
    api = APIClient()
    api.force_authenticate(bureau)
    body = api.get(f"{BASE}{case.pk}/").json()
    assert body["answer_due"] == "待送达" and body["answer_status"] == Status.AWAITING_SERVICE
    r = api.post(
        f"{BASE}{case.pk}/serve-copy/", {"date": "2024-04-16", "version": body["version"]}, format="json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["answer_due"] == calendar.add_working_days(date(2024, 4, 16), 10).isoformat()
    from fazhi.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="reconsideration.serve_copy").exists()


@time_machine.travel(datetime(2024, 5, 20, 10, tzinfo=TZ), tick=False)
def test_hearing_notice_needs_five_clear_working_days(receive, bureau):  # type: ignore[no-untyped-def]
    """RULES §2, Art 51 "五日前": a Wednesday notice for the next Wednesday leaves only 4 working days strictly
    in between and is refused in Chinese; the Tuesday before is the latest day."""
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 4, 1)),
        actor=bureau,
        data={"date": date(2024, 4, 2)},
        version=TRUSTED,
    )
    assert deadlines.subtract_working_days(date(2024, 4, 17), 5) == date(2024, 4, 9)
    with pytest.raises(ValidationError, match="第五十一条"):
        run(
            WORKFLOW,
            "add_hearing",
            case,
            actor=bureau,
            data={"notified_on": date(2024, 4, 10), "held_on": date(2024, 4, 17)},
            version=TRUSTED,
        )
    assert not case.hearings.exists()


def test_suspension_is_cited_as_settled_practice() -> None:
    """RULES §2: exclusion of suspended time is settled practice, not Art 39's text."""
    assert "通行做法" in rules.DECISION.basis and "通行做法" in rules.DECISION_SIMPLIFIED.basis
