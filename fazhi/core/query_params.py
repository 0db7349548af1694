"""Lenient parsing of list-page query parameters: a malformed value is ignored, never a 500."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q


def param_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def param_int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def date_range_q(field: str, start: date | None, end: date | None) -> Q:
    """``field`` between ``start`` and ``end`` inclusive; an open end adds no condition."""
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": start})
    if end:
        q &= Q(**{f"{field}__lte": end})
    return q
