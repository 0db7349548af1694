"""Dates as Chinese official documents write them (RULES.md §8): 2019年7月4日."""

from datetime import date, datetime

from django.utils import timezone


def cn_date(value: date | datetime | None, empty: str = "—") -> str:
    if value is None or value == "":
        return empty
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def today() -> date:
    """Today in Asia/Shanghai — the calendar every deadline is counted in."""
    return timezone.localdate()
