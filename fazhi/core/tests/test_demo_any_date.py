"""`fazhi demo` (and so `make run`) loads on any date, also when today's deadlines fall in a year
whose holiday arrangement is not entered yet: those deadlines show 日历缺失 (RULES §1), the loader
does not crash."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from fazhi.orgs.models import User
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clock import SHANGHAI
from fazhi.workdays import calendar

pytestmark = pytest.mark.django_db


def _load_demo_and_read_bureau_workbench() -> str:
    call_command("demo", "--password", "Demo#2026x", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="bureau"))
    # the whole workbench (?all=1): with the demo read years later, more than a page of overdue items
    # rightly comes before the dateless ones (issue 15 item 9: overdue first)
    response = client.get("/", {"all": "1"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "now",
    [
        # Current cases received in the last days of 2026 have acceptance periods running into 2027:
        # this day raised CalendarMissing in the loader before.
        datetime(2026, 12, 28, 10, tzinfo=SHANGHAI),
        # Years ahead: every current case lies in a year without calendar data.
        datetime(2031, 3, 17, 10, tzinfo=SHANGHAI),
    ],
    ids=["2026-12-28", "2031-03-17"],
)
def test_demo_loads_when_the_calendar_of_today_is_missing(now: datetime) -> None:
    with time_machine.travel(now, tick=False):
        assert now.year + 1 not in calendar.covered_years()
        html = _load_demo_and_read_bureau_workbench()
        current = ReconsiderationCase.objects.filter(received_on__year=now.year)
        assert current.exists()
        # A case still waiting for its acceptance decision has no computable deadline.
        assert current.filter(acceptance_due__isnull=True).exists()
        assert "日历缺失" in html
