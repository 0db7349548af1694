"""Keyset pagination for list pages (DESIGN.md §10): no OFFSET, no exact COUNT on big tables.

A page is selected in the sargable form ``key <= v AND (key < v OR id < last_id)`` so that an
index on ``(key, id)`` serves it at any depth. ``capped_count`` counts at most ``cap`` rows.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

PAGE_SIZE = 50


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None
    has_previous: bool
    #: The ``cursor`` parameter could not be used (edited or truncated link): the first page is shown.
    invalid_cursor: bool = False


def _encode(value: Any, pk: int) -> str:
    if isinstance(value, datetime):
        raw = {"t": "dt", "v": value.isoformat(), "id": pk}
    elif isinstance(value, date):
        raw = {"t": "d", "v": value.isoformat(), "id": pk}
    else:
        raw = {"t": "x", "v": value, "id": pk}
    return base64.urlsafe_b64encode(json.dumps(raw, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[Any, int] | None:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        value = raw["v"]
        if raw["t"] == "d" and value is not None:
            value = date.fromisoformat(value)
        elif raw["t"] == "dt" and value is not None:
            value = datetime.fromisoformat(value)
        pk = raw["id"]
        if isinstance(pk, bool) or not isinstance(pk, int):
            return None
        return value, pk
    except (ValueError, KeyError, TypeError, json.JSONDecodeError, UnicodeDecodeError, OverflowError):
        return None


def _fits(qs: QuerySet, key: str, value: Any, pk: int) -> bool:
    """The decoded cursor matches the key's field type (a tampered cursor must not reach the SQL)."""
    if not -(2**63) < pk < 2**63:
        return False
    if key == "id":
        return True
    model = qs.model
    field = None
    for part in key.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    if value is None or field is None:
        return False
    if isinstance(value, (dict, list)):
        return False
    try:
        field.to_python(value)  # type: ignore[union-attr]
    except (ValidationError, TypeError, ValueError):
        return False
    if isinstance(value, str) and "\x00" in value:
        return False
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) < value < 2**63:
        return False
    return True


def keyset_page(
    qs: QuerySet, key: str, *, descending: bool = True, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page:
    """One page of ``qs`` ordered by (key, id). ``key`` must be a non-null field with a (key, id) index.

    A malformed or tampered cursor starts from the first page (``invalid_cursor``) rather than erroring.
    """
    if key == "id":
        order = ["-id"] if descending else ["id"]
    else:
        order = [f"-{key}", "-id"] if descending else [key, "id"]
    qs = qs.order_by(*order)
    decoded = _decode(cursor) if cursor else None
    if decoded and not _fits(qs, key, *decoded):
        decoded = None
    invalid = bool(cursor) and decoded is None
    if decoded:
        value, last_id = decoded
        if key == "id":
            qs = qs.filter(id__lt=last_id) if descending else qs.filter(id__gt=last_id)
        elif descending:
            qs = qs.filter(Q(**{f"{key}__lte": value}) & (Q(**{f"{key}__lt": value}) | Q(id__lt=last_id)))
        else:
            qs = qs.filter(Q(**{f"{key}__gte": value}) & (Q(**{f"{key}__gt": value}) | Q(id__gt=last_id)))
    rows = list(qs[: size + 1])
    items = rows[:size]
    next_cursor = None
    if len(rows) > size:
        last = items[-1]
        next_cursor = _encode(_attr(last, key), last.pk)
    return Page(items=items, next_cursor=next_cursor, has_previous=bool(decoded), invalid_cursor=invalid)


def _attr(obj: Any, key: str) -> Any:
    for part in key.split("__"):
        obj = getattr(obj, part)
    return obj


def capped_count(qs: QuerySet, cap: int = 1000) -> tuple[int, bool]:
    """Count at most ``cap`` rows: returns (count, more). Shown as "1000+" when ``more``."""
    n = qs.order_by().values("pk")[: cap + 1].count()
    return min(n, cap), n > cap
