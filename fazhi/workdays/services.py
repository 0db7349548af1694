"""Changes to the holiday calendar and what must follow them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from fazhi.audit.services import record
from fazhi.core.registry import registry

from . import calendar
from .models import CalendarYear, SpecialDay
from .notice import ParsedYear, problems


def calendar_changed() -> None:
    """Forget the cached calendar now; once the change is committed, let the modules recompute
    the deadlines they store (a year entered late turns 日历缺失 into real dates)."""
    calendar.invalidate()

    def notify() -> None:
        calendar.invalidate()
        for listener in registry.calendar_listeners:
            listener()

    transaction.on_commit(notify)


def _rows(year: int) -> dict[str, str]:
    return {
        f"{d.isoformat()}": f"{'休' if kind == SpecialDay.Kind.HOLIDAY else '班'} {name}"
        for d, kind, name in SpecialDay.objects.filter(date__year=year).values_list("date", "kind", "name")
    }


def enter_year(parsed: ParsedYear, *, actor: Any = None, request: HttpRequest | None = None) -> CalendarYear:
    """Store a confirmed year's holidays and make-up days, replacing what the year had.

    The year counts as entered (no more 日历缺失) only from here, and only when ``notice.problems``
    finds nothing: all seven festivals, make-up days on weekends only, no day both a holiday and a
    make-up day, every day inside the year. Audited; the calendar listeners recompute stored
    deadlines once the transaction commits. ``actor`` is None for the command line."""
    found = problems(parsed)
    if found:
        raise ValidationError([f"{parsed.year or ''}年节假日安排未录入：{p}" for p in found])
    year = parsed.year
    assert year is not None  # problems() reports a missing year
    with transaction.atomic():
        # One writer at a time per year: the year row (or its absence) is the lock target.
        existing = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = _rows(year)
        SpecialDay.objects.filter(date__year=year).delete()
        SpecialDay.objects.bulk_create(
            [
                SpecialDay(date=d, kind=SpecialDay.Kind.HOLIDAY, name=n[:40])
                for d, n in parsed.holidays.items()
            ]
            + [
                SpecialDay(date=d, kind=SpecialDay.Kind.MAKEUP_WORKDAY, name=n[:40])
                for d, n in parsed.workdays.items()
            ]
        )
        source = (parsed.source or f"{year}年节假日安排")[:200]
        if existing is None:
            entry = CalendarYear.objects.create(year=year, source=source)
        else:
            existing.source = source
            existing.save(update_fields=["source"])
            entry = existing
        after = _rows(year)
        record(
            "workdays.year_enter" if existing is None else "workdays.year_replace",
            actor=actor,
            obj=entry,
            request=request,
            changes={
                "source": source,
                "holidays": len(parsed.holidays),
                "workdays": len(parsed.workdays),
                "removed": {k: v for k, v in before.items() if after.get(k) != v},
                "added": {k: v for k, v in after.items() if before.get(k) != v},
            },
        )
        calendar_changed()
    return entry
