"""站内通知 (issue 15 item 9): a new assignment, an approaching deadline (3 and 1 working days before, on
the holiday calendar, written once per deadline and threshold), the navbar's unread count, the page (the
user's own only) and the pluggable senders (``FAZHI_NOTIFY_SENDERS``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from fazhi.core.actions import TRUSTED, run
from fazhi.notifications import services
from fazhi.notifications.models import Notification
from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clients import api, page
from fazhi.testing.clock import SHANGHAI
from fazhi.testing.factories import make_reconsideration_case, make_user
from fazhi.workdays import calendar

pytestmark = pytest.mark.django_db

SENT: list[Any] = []


class RecordingSender:
    """A sender as a deployment would plug in (an SMS gateway): records what it is given."""

    def send(self, notification: Any) -> None:
        SENT.append((notification.user_id, notification.kind, notification.title))


class BrokenSender:
    def send(self, notification: Any) -> None:
        raise ConnectionError("短信网关不可用")


def _at(day: date) -> Any:
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def officer(units: dict[str, OrgUnit]) -> User:
    return make_user(Role.BUREAU, units["sfj"], username="wang", first_name="王承办")


def _accepted(bureau: User, units: dict[str, OrgUnit], on: date) -> Any:
    case = make_reconsideration_case(bureau, units["d01"], received_on=on)
    return run(WORKFLOW, "accept", case, actor=bureau, data={"date": on}, version=TRUSTED)


def test_reminder_threshold_counts_working_days_across_the_national_day() -> None:
    """RULES §1: working days skip the 国庆 holidays and count the 调休 Sunday (2024-09-29)."""
    due = date(2024, 10, 8)
    days = (1, 3)
    three_before = min(d for d in _days_before(due, 12) if calendar.working_days_between(d, due) == 3)
    assert (due - three_before).days > 5  # the holidays lie between: far more than 3 calendar days
    assert services.reminder_threshold(three_before, due, days) == (3, 3)
    assert services.reminder_threshold(three_before - timedelta(days=1), due, days) is None
    assert services.reminder_threshold(date(2024, 10, 3), due, days) == (
        1,
        1,
    )  # a holiday, 1 working day left
    assert services.reminder_threshold(due, due, days) is None  # due today: the workbench shows it
    assert services.reminder_threshold(date(1990, 1, 2), date(1990, 1, 9), days) is None  # 日历缺失


def _days_before(due: date, n: int) -> list[date]:
    return [due - timedelta(days=k) for k in range(1, n + 1)]


def test_deadline_reminders_once_per_threshold_and_never_for_closed_cases(
    bureau: User, units: dict[str, OrgUnit], officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    """行政复议法 Art 62: the decision deadline is reminded 3 and 1 working days before; a rerun writes
    nothing; a concluded case and another handler's case are never reminded."""
    start = date(2026, 3, 2)
    with _at(start):
        case = _accepted(bureau, units, start)
        closed = _accepted(bureau, units, start)
        run(
            WORKFLOW,
            "conclude",
            closed,
            actor=bureau,
            data={"date": start, "outcome": "upheld"},
            version=TRUSTED,
        )
    case.refresh_from_db()
    due = case.decision_due
    three = next(d for d in _days_before(due, 20) if calendar.working_days_between(d, due) == 3)
    one = next(d for d in _days_before(due, 20) if calendar.working_days_between(d, due) == 1)
    mine = Notification.objects.filter(user=bureau, kind="deadline")
    with _at(three):
        assert services.deadline_reminders(three) >= 1
        assert services.deadline_reminders(three) == 0  # idempotent
    assert [n.url for n in mine] == [f"/reconsideration/{case.pk}/"]
    assert "还有3个工作日" in mine.get().title and case.number in mine.get().title
    assert not Notification.objects.filter(url=f"/reconsideration/{closed.pk}/").exists()
    with _at(three + timedelta(days=1)):
        services.deadline_reminders(three + timedelta(days=1))
    assert mine.count() == 1  # between the thresholds: nothing new
    with _at(one):
        run(WORKFLOW, "assign", case, actor=bureau, data={"handler": officer.pk}, version=TRUSTED)
        services.deadline_reminders(one)
        services.deadline_reminders(one)
    # assigned: the 承办人 is reminded, the other staff no more (before, every office member was)
    assert mine.count() == 1
    theirs = Notification.objects.filter(user=officer, kind="deadline").order_by("id")
    assert ["还有3个工作日" in n.title for n in theirs] == [True, False]
    assert "还有1个工作日" in theirs.last().title


def test_the_command_runs_the_same_job(bureau: User, units: dict[str, OrgUnit]) -> None:
    from django.core.management import call_command

    with _at(date(2026, 3, 2)):
        call_command("notify_deadlines")
        call_command("notify_deadlines")


def test_assignment_notifies_and_senders_are_pluggable(
    bureau: User,
    units: dict[str, OrgUnit],
    officer: User,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.FAZHI_NOTIFY_SENDERS = [f"{__name__}.BrokenSender", f"{__name__}.RecordingSender"]
    SENT.clear()
    with _at(date(2026, 3, 2)):
        case = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2))
        with django_capture_on_commit_callbacks(execute=True):
            r = api(bureau).post(
                f"/api/v1/reconsideration/cases/{case.pk}/assign/",
                {"handler": officer.pk, "version": case.version},
                format="json",
            )
    assert r.status_code == 200, r.content
    note = Notification.objects.get(user=officer)
    assert note.kind == "assignment" and case.number in note.title and "承办人" in note.title
    assert note.url == f"/reconsideration/{case.pk}/"
    # the broken sender is logged and skipped; the other still delivers
    assert SENT == [(officer.pk, "assignment", note.title)]
    assert not Notification.objects.filter(user=bureau).exists()  # not to who assigns


def test_page_badge_and_reading_are_the_users_own(bureau: User, officer: User) -> None:
    services.notify([officer], "other", "甲", "/reconsideration/")
    other = services.notify([bureau], "other", "乙")[0]
    client = page(officer)
    assert 'data-testid="unread-count">1<' in client.get("/notifications/badge/").content.decode()
    html = client.get("/notifications/").content.decode()
    assert "甲" in html and "乙" not in html
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    mine = Notification.objects.get(user=officer)
    r = client.post(f"/notifications/{mine.pk}/read/")
    assert r.status_code == 302 and r["Location"] == "/reconsideration/"
    assert "unread-count" not in client.get("/notifications/badge/").content.decode()
    other.refresh_from_db()
    assert other.read_at is None
    client.post("/notifications/read-all/")
    assert page(bureau).get("/notifications/?unread=1").content.decode().count("乙") == 1


def test_login_required() -> None:
    from django.test import Client

    for url in ("/notifications/", "/notifications/badge/"):
        assert Client().get(url).status_code == 302
