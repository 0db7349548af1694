"""The deadline-rule table and deadline classification (RULES.md §1)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.workdays import calendar, rules
from fazhi.workdays.deadlines import Status, evaluate

pytestmark = pytest.mark.django_db

WORKING5 = rules.DeadlineRule("test.w5", "测试期限", "收到之日", 5, "working", "测试法第1条")
CAL60 = rules.DeadlineRule("test.c60", "测试期限", "受理之日", 60, "calendar", "测试法第2条")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    calendar.invalidate()


def test_rule_describes_its_basis() -> None:
    assert WORKING5.describe() == "自收到之日起5个工作日（测试法第1条）"
    assert CAL60.due(date(2024, 8, 2)) == date(2024, 10, 8)
    assert CAL60.due(date(2024, 8, 2), extra_days=30) == date(2024, 10, 31)


def test_override_setting_changes_length(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FAZHI_DEADLINE_OVERRIDES = {"test.w5": 7}
    assert WORKING5.days == 7
    assert WORKING5.due(date(2024, 9, 27)) == date(2024, 10, 12)  # Saturday 10-12 is a 调休 working day


def test_register_and_lookup() -> None:
    rules.register(WORKING5)
    assert rules.get("test.w5") is WORKING5
    assert WORKING5 in rules.all_rules()


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2024, 9, 28), Status.OK),  # due 10-10, 5 working days left
        (date(2024, 10, 8), Status.DUE_SOON),  # 2 working days left
        (date(2024, 10, 10), Status.DUE_SOON),  # due today
        (date(2024, 10, 11), Status.OVERDUE),
    ],
)
def test_classification(today: date, status: str) -> None:
    d = evaluate(WORKING5, date(2024, 9, 27), today=today)
    assert d is not None and d.due == date(2024, 10, 10) and d.status == status


def test_done_and_late() -> None:
    d = evaluate(WORKING5, date(2024, 9, 27), today=date(2024, 12, 1), done_on=date(2024, 10, 11))
    assert d is not None and d.status == Status.DONE and d.is_overdue
    assert evaluate(WORKING5, None, today=date(2024, 1, 1)) is None


def test_calendar_missing_status() -> None:
    d = evaluate(CAL60, date(2026, 12, 1), today=date(2026, 12, 2))
    assert d is not None and d.status == Status.CALENDAR_MISSING and d.due is None
    assert d.status_label == "日历缺失"


def test_memoised_due_counts_once_and_follows_a_calendar_change(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """Within ``memoised()`` (an import) a period is counted once per start day and length; a calendar
    changed meanwhile (``invalidate``) is read again and counts anew (RULES.md §1: 调休 working days)."""
    from fazhi.workdays.models import SpecialDay

    with rules.memoised():
        assert WORKING5.due(date(2024, 9, 27)) == date(2024, 10, 10)
        assert WORKING5.due(date(2024, 9, 30)) == date(2024, 10, 12)
        with django_assert_num_queries(0):
            assert WORKING5.due(date(2024, 9, 27)) == date(2024, 10, 10)
            assert WORKING5.due(date(2024, 9, 30)) == date(2024, 10, 12)
        # the 调休 Saturday 2024-10-12 made a holiday: the same period now ends a working day later
        SpecialDay.objects.filter(date=date(2024, 10, 12)).update(kind=SpecialDay.Kind.HOLIDAY)
        calendar.invalidate()
        assert WORKING5.due(date(2024, 9, 30)) == date(2024, 10, 14)
        assert WORKING5.due(date(2024, 9, 27)) == date(2024, 10, 10)
    with pytest.raises(calendar.CalendarMissing):
        with rules.memoised():
            WORKING5.due(date(2099, 1, 1))
