"""A model's CHECK constraints evaluated in memory on an unsaved instance (the staged import checks every
row with them before anything is written, without a query per constraint and row)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.db.models import F, Q


def constraint_errors(obj: models.Model) -> list[tuple[str, str]]:
    """``(field, message)`` for each CHECK constraint of ``obj``'s model that the unsaved ``obj``
    breaks, evaluated in Python with SQL's rule that an unknown (NULL) comparison passes. The same
    constraints the database enforces, without ``validate_constraints``' query per constraint and row;
    a condition this cannot read is left to the database (the insert fails, in Chinese, as a whole)."""
    return [
        (name, str(c.violation_error_message)) for test, name, c in _checks(type(obj)) if test(obj) is False
    ]


# A condition's value for one instance: True, False, or None when SQL would find it unknown.
Test = Callable[[Any], "bool | None"]


@cache
def _checks(model: type[models.Model]) -> list[tuple[Test, str, Any]]:
    """The model's CHECK conditions, each turned once into a function of the instance (an import asks
    every row: walking the ``Q`` tree and resolving field names per row was most of the cost)."""
    out = []
    for c in model._meta.constraints:
        # Only CHECKs: a partial UniqueConstraint's ``condition`` says which rows are unique, not what
        # every row must satisfy (the unique values are checked by the import against file and table).
        if not isinstance(c, models.CheckConstraint):
            continue
        condition = getattr(c, "condition", None) or getattr(c, "check", None)
        if isinstance(condition, Q):
            out.append((_compile(condition, model), _first_field(condition), c))
    return out


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": lambda a, b: a == b,
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "in": lambda a, b: a in b,
}


def _unknown(obj: Any) -> None:
    return None


def _compile(q: Q, model: type[models.Model]) -> Test:
    parts = [
        _compile(child, model) if isinstance(child, Q) else _compile_lookup(child[0], child[1], model)
        for child in q.children
    ]
    # AND: one False decides; OR: one True decides; else unknown if any part is, else the other value
    decisive, negated = q.connector != Q.AND, q.negated

    def test(obj: Any) -> bool | None:
        unknown = False
        for part in parts:
            result = part(obj)
            if result is decisive:
                value: bool | None = decisive
                break
            if result is None:
                unknown = True
        else:
            value = None if unknown else not decisive
        return value if value is None or not negated else not value

    return test


def _attname(model: type[models.Model], name: str) -> str | None:
    try:
        return model._meta.get_field(name).attname  # type: ignore[union-attr]
    except Exception:
        return None  # not a concrete field of the model: the condition is left to the database


def _compile_lookup(lookup: str, expected: Any, model: type[models.Model]) -> Test:
    name, _, op = lookup.partition("__")
    op = op or "exact"
    attname = _attname(model, name)
    if attname is None:
        return _unknown
    if op == "isnull":
        want = bool(expected)
        return lambda obj: (getattr(obj, attname) is None) is want
    if op not in _OPS:
        return _unknown
    compare = _OPS[op]
    if isinstance(expected, F):
        other = _attname(model, expected.name)
        if other is None:
            return _unknown

        def against_field(obj: Any) -> bool | None:
            value, bound = getattr(obj, attname), getattr(obj, other)
            return None if value is None or bound is None else compare(value, bound)

        return against_field

    def against_value(obj: Any) -> bool | None:
        value = getattr(obj, attname)
        return None if value is None or expected is None else compare(value, expected)

    return against_value


def _first_field(q: Q) -> str:
    for child in q.children:
        if isinstance(child, Q):
            return _first_field(child)
        return str(child[0]).partition("__")[0]
    return NON_FIELD_ERRORS


def broken_invariant(error: Exception, written: list[type[models.Model]]) -> str:
    """The Chinese message of the constraint the database names in ``error``."""
    text = str(error).lower()
    for model in written:
        for c in model._meta.constraints:
            if c.name.lower() in text:
                return str(c.violation_error_message)
    return "数据不符合约束条件"
