"""A model's CHECK constraints evaluated in memory on an unsaved instance (the staged import checks every
row with them before anything is written, without a query per constraint and row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.db.models import F, Q


def constraint_errors(obj: models.Model) -> list[tuple[str, str]]:
    """``(field, message)`` for each CHECK constraint of ``obj``'s model that the unsaved ``obj``
    breaks, evaluated in Python with SQL's rule that an unknown (NULL) comparison passes. The same
    constraints the database enforces, without ``validate_constraints``' query per constraint and row;
    a condition this cannot read is left to the database (the insert fails, in Chinese, as a whole)."""
    out = []
    for c in obj._meta.constraints:
        condition = getattr(c, "condition", None) or getattr(c, "check", None)
        if not isinstance(condition, Q):
            continue
        if _eval(condition, obj) is False:
            out.append((_first_field(condition), str(c.violation_error_message)))
    return out


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": lambda a, b: a == b,
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "in": lambda a, b: a in b,
}


def _eval(q: Q, obj: Any) -> bool | None:
    results = [
        _eval(child, obj) if isinstance(child, Q) else _lookup(child[0], child[1], obj)
        for child in q.children
    ]
    if q.connector == Q.AND:
        value = False if False in results else (None if None in results else True)
    else:
        value = True if True in results else (None if None in results else False)
    return value if value is None or not q.negated else not value


def _lookup(lookup: str, expected: Any, obj: Any) -> bool | None:
    name, _, op = lookup.partition("__")
    op = op or "exact"
    try:
        value = getattr(obj, obj._meta.get_field(name).attname)
    except Exception:
        return None
    if op == "isnull":
        return (value is None) is bool(expected)
    if isinstance(expected, F):
        try:
            expected = getattr(obj, obj._meta.get_field(expected.name).attname)
        except Exception:
            return None
    if value is None or expected is None or op not in _OPS:
        return None
    return _OPS[op](value, expected)


def _first_field(q: Q) -> str:
    for child in q.children:
        if isinstance(child, Q):
            return _first_field(child)
        return str(child[0]).partition("__")[0]
    return NON_FIELD_ERRORS
