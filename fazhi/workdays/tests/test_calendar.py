"""RULES.md §1: counting periods with the official holiday calendar, 调休 included."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.workdays import calendar
from fazhi.workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    calendar.invalidate()


def test_seeded_years_2004_to_2026() -> None:
    years = calendar.covered_years()
    assert years[0] == 2004 and years[-1] == 2026
    assert set(range(2004, 2027)) <= set(years)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 10, 1), False),  # 国庆节
        (date(2024, 10, 7), False),  # 国庆节 (Monday off)
        (date(2024, 9, 29), True),  # 调休: Sunday worked for 国庆 2024
        (date(2024, 10, 12), True),  # 调休: Saturday worked for 国庆 2024
        (date(2024, 2, 12), False),  # 春节 2024 (Monday)
        (date(2024, 2, 4), True),  # 调休: Sunday worked for 春节 2024
        (date(2024, 2, 18), True),  # 调休: Sunday worked for 春节 2024
        (date(2019, 9, 29), True),  # 调休: Sunday worked for 国庆 2019
        (date(2019, 10, 12), True),  # 调休: Saturday worked for 国庆 2019
        (date(2023, 1, 28), True),  # 调休: Saturday worked for 春节 2023
        (date(2023, 1, 27), False),  # 春节 2023 (Friday off)
        (date(2025, 1, 26), True),  # 调休: Sunday worked for 春节 2025
        (date(2025, 2, 8), True),  # 调休: Saturday worked for 春节 2025
        (date(2025, 1, 28), False),  # 除夕 2025 off
        (date(2024, 10, 13), False),  # plain Sunday
    ],
)
def test_working_day(day: date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


def test_working_day_period_counts_makeup_days_rules_1() -> None:
    # RULES §1 / 行政复议法 Art 88: working-day periods skip holidays but count 调休 days;
    # the start day is not counted (民事诉讼法 Art 85).
    assert calendar.add_working_days(date(2024, 9, 27), 5) == date(2024, 10, 10)
    # 5 working days across 春节 2024 (2月10–17日 off, 2月18日 Sunday worked).
    assert calendar.add_working_days(date(2024, 2, 8), 5) == date(2024, 2, 21)
    assert calendar.add_working_days(date(2024, 2, 8), 1) == date(2024, 2, 9)
    assert calendar.add_working_days(date(2024, 2, 9), 1) == date(2024, 2, 18)


def test_calendar_day_period_rolls_end_to_next_working_day_rules_1() -> None:
    # RULES §1: a 60-calendar-day period (行政复议法 Art 62) ending on 国庆 rolls to the next working day.
    assert calendar.calendar_deadline(date(2024, 8, 2), 60) == date(2024, 10, 8)
    # Ending on a plain Saturday rolls to Monday.
    assert calendar.calendar_deadline(date(2019, 3, 1), 15) == date(2019, 3, 18)
    # Ending on a 调休 Saturday does not roll: it is a working day.
    assert calendar.calendar_deadline(date(2019, 9, 27), 15) == date(2019, 10, 12)
    # Ending on a working day stays.
    assert calendar.calendar_deadline(date(2019, 3, 1), 4) == date(2019, 3, 5)


def test_missing_year_is_an_error_never_a_guess_rules_1() -> None:
    with pytest.raises(calendar.CalendarMissing) as exc:
        calendar.calendar_deadline(date(2026, 12, 20), 30)
    assert exc.value.year == 2027
    assert "日历缺失" in exc.value.messages[0]


def test_staff_can_add_a_year() -> None:
    CalendarYear.objects.create(year=2027, source="测试通知")
    SpecialDay.objects.create(date=date(2027, 1, 1), kind=SpecialDay.Kind.HOLIDAY, name="元旦")
    calendar.invalidate()
    assert calendar.is_working_day(date(2027, 1, 1)) is False
    assert calendar.calendar_deadline(date(2026, 12, 2), 30) == date(2027, 1, 4)


def test_working_days_between() -> None:
    assert calendar.working_days_between(date(2024, 9, 27), date(2024, 10, 10)) == 5
    assert calendar.working_days_between(date(2024, 10, 10), date(2024, 9, 27)) == -5


def test_cli_add_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("calendar", "add", "2024-09-27", "5", "--working")
    call_command("calendar", "add", "2024-08-02", "60")
    out = capsys.readouterr().out.split()
    assert out == ["2024-10-10", "2024-10-08"]
    call_command("calendar", "check", "--year", "2026")
    with pytest.raises(CommandError, match="日历缺失：2027年"):
        call_command("calendar", "check", "--year", "2027")
    with pytest.raises(CommandError, match="格式应为"):
        call_command("calendar", "add", "2024/13/01", "5")
