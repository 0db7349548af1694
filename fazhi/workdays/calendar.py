"""Working-day arithmetic exactly as RULES.md §1 states it.

* The day of the starting event is not counted (民事诉讼法 Art 85).
* Working-day periods skip weekends and holidays but count 调休 make-up working days.
* Calendar-day periods count every day; a last day that is not a working day rolls forward.
* A date in a year without calendar data raises ``CalendarMissing`` ("日历缺失") — never a guess.
"""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

from django.core.exceptions import ValidationError

_lock = threading.Lock()
_years: dict[int, tuple[frozenset[date], frozenset[date]]] = {}
_loaded = False
_loaded_at = 0.0
_generation = 0  # bumped on every (re)load and invalidation: results memoised under it stay exact
# Other processes may change the calendar (admin edits); reload at most this often.
RELOAD_SECONDS = 60.0


class CalendarMissing(ValidationError):
    """The holiday arrangement of ``year`` has not been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"日历缺失：{year}年的节假日安排尚未录入，无法计算期限", code="calendar_missing")


def _load() -> dict[int, tuple[frozenset[date], frozenset[date]]]:
    global _loaded, _loaded_at, _generation
    if _loaded and time.monotonic() - _loaded_at < RELOAD_SECONDS:
        return _years
    with _lock:
        if not _loaded or time.monotonic() - _loaded_at >= RELOAD_SECONDS:
            from .models import CalendarYear, SpecialDay

            years = set(CalendarYear.objects.values_list("year", flat=True))
            holidays: dict[int, set[date]] = {y: set() for y in years}
            workdays: dict[int, set[date]] = {y: set() for y in years}
            for d, kind in SpecialDay.objects.values_list("date", "kind"):
                if d.year in years:
                    (holidays if kind == SpecialDay.Kind.HOLIDAY else workdays)[d.year].add(d)
            _years.clear()
            # A year row without a single holiday is no arrangement (every year has 元旦 and 春节):
            # it stays 日历缺失 rather than have deadlines counted as if the year had no holidays.
            _years.update({y: (frozenset(holidays[y]), frozenset(workdays[y])) for y in years if holidays[y]})
            _loaded = True
            _loaded_at = time.monotonic()
            _generation += 1
    return _years


def invalidate() -> None:
    """Forget the cached calendar (after calendar data changed)."""
    global _loaded, _generation
    with _lock:
        _loaded = False
        _years.clear()
        _generation += 1


def generation() -> int:
    """The calendar as now loaded (reloading it when due): equal numbers, the same holidays."""
    _load()
    return _generation


def covered_years() -> list[int]:
    return sorted(_load())


def is_working_day(d: date) -> bool:
    years = _load()
    if d.year not in years:
        raise CalendarMissing(d.year)
    holidays, makeup = years[d.year]
    if d in makeup:
        return True
    if d in holidays:
        return False
    return d.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself not counted)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    d = start
    counted = 0
    while counted < n:
        d += timedelta(days=1)
        if is_working_day(d):
            counted += 1
    return d


def next_working_day_on_or_after(d: date) -> date:
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def calendar_deadline(start: date, n: int) -> date:
    """``start`` + n calendar days; a last day that is a holiday or non-working weekend rolls forward."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return next_working_day_on_or_after(start + timedelta(days=n))


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    d, count = start, 0
    while d < end:
        d += timedelta(days=1)
        if is_working_day(d):
            count += 1
    return sign * count
