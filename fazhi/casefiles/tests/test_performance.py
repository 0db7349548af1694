"""履行监督 (issue 15 item 7; 《行政复议法》第七十七条): for a concluded case whose decision orders the
respondent to act, the office sets the due date, the respondent's clerk reports the performance, the
office's workbench flags what is overdue, and the 按期履行 figure drills down to exactly its cases."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.casefiles import performance
from fazhi.casefiles.registry import for_label
from fazhi.core.views import workbench_items
from fazhi.notifications.models import Notification
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def test_office_sets_due_date_clerk_reports_on_time(decided_case, bureau, clerk, other_clerk) -> None:  # type: ignore[no-untyped-def]
    case = decided_case("ordered_to_perform")
    url = f"/reconsideration/casefile/{case.pk}/performance/"
    assert page(other_clerk).get(url).status_code == 404  # another unit's case
    assert page(bureau).post(url, {"due_on": "2026-12-01"}).status_code == 302
    row = performance.performance_of(for_label("reconsideration"), case)
    assert row.due_on == date(2026, 12, 1) and row.set_by == bureau
    todo, due = workbench_items(clerk)
    assert [i.url for i in todo + due if "履行监督" in i.title] == [url]
    r = page(clerk).post(url, {"performed_on": "2026-11-18", "report": "已重新作出处理决定"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.on_time is True and row.reported_by == clerk
    assert AuditEvent.objects.filter(
        action="reconsideration.performance_report", object_id=str(case.pk)
    ).exists()
    assert Notification.objects.filter(user=bureau, kind="performance").exists()
    html = page(bureau).get("/reconsideration/casefile/performance/?state=on_time").content.decode()
    assert case.number in html and 'data-testid="on-time-rate">100.0%<' in html


def test_overdue_is_flagged_and_drills_down(decided_case, bureau, clerk) -> None:  # type: ignore[no-untyped-def]
    late, fine = decided_case(), decided_case("confirmed_illegal")
    cf = for_label("reconsideration")
    performance.supervise(cf, late, actor=bureau, due_on=date(2026, 10, 30))
    performance.supervise(cf, fine, actor=bureau, due_on=date(2027, 1, 29))
    _todo, due = workbench_items(bureau)
    flagged = [i for i in due if "履行监督" in i.title]
    assert [(i.title.split()[0], i.status) for i in flagged] == [(late.number, "overdue")]
    assert performance.on_time_figures(cf, bureau, date(2026, 11, 20)) == {
        "total": 2,
        "on_time": 0,
        "late": 0,
        "overdue": 1,
        "pending": 1,
    }
    html = page(bureau).get("/reconsideration/casefile/performance/?state=overdue").content.decode()
    assert late.number in html and fine.number not in html
    with pytest.raises(ValidationError):
        performance.report(cf, late, actor=clerk, performed_on=date(2026, 11, 19), text="")


def test_only_decisions_that_order_action(decided_case, bureau) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        performance.supervise(
            for_label("reconsideration"), decided_case("upheld"), actor=bureau, due_on=date(2026, 12, 1)
        )
