"""Dates as Chinese official documents write them (RULES.md §8): 2019年7月4日."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def cn_date(value: date | datetime | None, empty: str = "—") -> str:
    if value is None or value == "":
        return empty
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


# The day ``same_day`` fixed for the work under way (an import checks every date of every row against
# today: reading the clock and converting it to local time once per date was ≈ 5 % of an import).
_PINNED: ContextVar[date | None] = ContextVar("fazhi_pinned_today", default=None)


def today() -> date:
    """Today in Asia/Shanghai — the calendar every deadline is counted in."""
    return _PINNED.get() or timezone.localdate()


@contextmanager
def same_day() -> Iterator[date]:
    """Read the clock once: ``today()`` inside is the day this began (a long import that runs past
    midnight checks every row against the same day)."""
    token = _PINNED.set(timezone.localdate())
    try:
        yield _PINNED.get()  # type: ignore[misc]
    finally:
        _PINNED.reset(token)


@contextmanager
def on_day(day: date) -> Iterator[date]:
    """``today()`` is ``day`` inside: a demo that walks records through their steps dates each step in the
    year it describes, whatever the real date (``fazhi demo --province``'s annual reports)."""
    token = _PINNED.set(day)
    try:
        yield day
    finally:
        _PINNED.reset(token)


# Plausible range of a date a user enters (page, API, import alike). Earlier dates are typing
# errors (0002-01-01 was stored once); no record of this platform predates 1990.
EARLIEST_ENTERED_DATE = date(1990, 1, 1)
# Dates that may lie ahead (a scheduled hearing, a planned publication) get at most this margin.
FUTURE_MARGIN_DAYS = 366


def entered_date_error(value: date | None, label: str, *, future_ok: bool = False) -> str | None:
    """Why ``value`` cannot be a date the user meant, or None. Future dates only where ``future_ok``."""
    if value is None or not isinstance(value, date):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if value < EARLIEST_ENTERED_DATE:
        return f"{label}（{value.isoformat()}）不能早于{cn_date(EARLIEST_ENTERED_DATE)}，请检查年份"
    latest = today() + timedelta(days=FUTURE_MARGIN_DAYS) if future_ok else today()
    if value > latest:
        if future_ok:
            return f"{label}（{value.isoformat()}）不能晚于{cn_date(latest)}，请检查年份"
        return f"{label}（{value.isoformat()}）不能晚于今天（{cn_date(latest)}）"
    return None


_date_fields: dict[type[models.Model], list[tuple[str, str, str]]] = {}


def _entered_date_fields(model: type[models.Model]) -> list[tuple[str, str, str]]:
    """(name, attname, label) of the dates a user enters on ``model``: worked out once per model, not on
    every instance (an import checks 100 000)."""
    if model not in _date_fields:
        _date_fields[model] = [
            (f.name, f.attname, str(f.verbose_name))
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField)
            and not isinstance(f, models.DateTimeField)
            and f.editable
            and not f.auto_now
            and not f.auto_now_add
        ]
    return _date_fields[model]


def check_entered_dates(instance: Any, only: Any = None) -> None:
    """Range-check every editable DateField of ``instance`` (one shared rule for every module).

    Fields listed in the model's ``future_date_fields`` may lie up to FUTURE_MARGIN_DAYS ahead.
    Raises a ValidationError keyed by field with Chinese messages naming the field.
    """
    future = getattr(instance, "future_date_fields", frozenset())
    errors: dict[str, str] = {}
    for name, attname, label in _entered_date_fields(type(instance)):
        if only is not None and name not in only:
            continue
        value = getattr(instance, attname)
        if value is None:
            continue
        msg = entered_date_error(value, label, future_ok=name in future)
        if msg:
            errors[name] = msg
    if errors:
        raise ValidationError(errors)
