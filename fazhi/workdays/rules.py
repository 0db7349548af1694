"""The one table of statutory deadline rules (RULES.md: "keep each in one table").

Modules register their rules here in their ``hooks.py``; pages, API and tests read them from here.
``FAZHI_DEADLINE_OVERRIDES = {"code": days}`` changes a length where local practice differs.

Per government (issue 16 item 2): a rule declared ``local=True`` may be set by each government on its
settings page (``orgs.GovernmentSettings.deadline_days``), within the bounds the law fixes (``minimum`` /
``maximum``, checked in Chinese by ``check_local``). A record's deadline reads ``rule.for_government(id)``:
the government's own length, else the global override, else the statutory default. ``memoised()`` reads
each government's lengths once for a batch (a recompute of many records).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.conf import settings

from . import calendar


@dataclass(frozen=True)
class DeadlineRule:
    code: str  # e.g. "reconsideration.acceptance"
    label: str  # 受理审查期限
    start_event: str  # 收到申请之日
    length: int
    unit: str  # "working" | "calendar"
    basis: str  # 《行政复议法》第三十条
    #: each government may set its own length (within ``minimum``/``maximum`` where the law fixes them)
    local: bool = False
    minimum: int | None = None
    maximum: int | None = None
    #: the government's own length, set by ``for_government``
    local_days: int | None = None

    @property
    def days(self) -> int:
        if self.local_days is not None:
            return self.local_days
        return int(getattr(settings, "FAZHI_DEADLINE_OVERRIDES", {}).get(self.code, self.length))

    @property
    def default_days(self) -> int:
        """The length without any government's setting (the global override, else the statutory one)."""
        return replace(self, local_days=None).days

    def for_government(self, government_id: int | None) -> DeadlineRule:
        """This rule as ``government_id``'s records count it (itself when the government set nothing)."""
        if not self.local or government_id is None:
            return self
        days = local_lengths(government_id).get(self.code)
        return self if days is None else replace(self, local_days=int(days))

    def for_record(self, record: Any) -> DeadlineRule:
        """This rule for a record: its handling government (``numbering_government``), else its unit's."""
        return self.for_government(government_of(record))

    def check_local(self, days: Any) -> int:
        """A government's length for this rule, or a Chinese ValidationError naming the statutory bound."""
        from django.core.exceptions import ValidationError

        if not self.local:
            raise ValidationError(f"「{self.label}」的期限由法律规定，不能由本级政府设置")
        try:
            n = int(days)
        except (TypeError, ValueError):
            raise ValidationError(f"「{self.label}」的期限应为整数天数") from None
        if n < 1:
            raise ValidationError(f"「{self.label}」的期限至少为1{self.unit_label}")
        if self.minimum is not None and n < self.minimum:
            raise ValidationError(f"「{self.label}」不得少于{self.minimum}{self.unit_label}（{self.basis}）")
        if self.maximum is not None and n > self.maximum:
            raise ValidationError(f"「{self.label}」不得超过{self.maximum}{self.unit_label}（{self.basis}）")
        return n

    @property
    def unit_label(self) -> str:
        return "个工作日" if self.unit == "working" else "日"

    def describe(self) -> str:
        return f"自{self.start_event}起{self.days}{self.unit_label}（{self.basis}）"

    def due(self, start: date, extra_days: int = 0) -> date:
        """The last day of the period; raises CalendarMissing when the calendar lacks a year."""
        n = self.days + extra_days
        # Within ``memoised()`` (an import, a batch recompute) each (unit, start, length) is counted once:
        # 100 000 imported rows share a few thousand start days. Keyed by the calendar's generation (a
        # reload or a change gives new keys); a missing calendar year still raises, and is not kept.
        memo = _memo.get()
        key = ("due", self.unit, start, n, calendar.generation()) if memo is not None else None
        if memo is not None and key in memo:
            return memo[key]  # type: ignore[no-any-return]
        if self.unit == "working":
            due = calendar.add_working_days(start, n)
        else:
            due = calendar.calendar_deadline(start, n)
        if memo is not None:
            memo[key] = due
        return due


_rules: dict[str, DeadlineRule] = {}


def register(rule: DeadlineRule) -> DeadlineRule:
    _rules[rule.code] = rule
    return rule


def get(code: str) -> DeadlineRule:
    return _rules[code]


def all_rules() -> list[DeadlineRule]:
    return sorted(_rules.values(), key=lambda r: r.code)


def local_rules() -> list[DeadlineRule]:
    """The rules each government may set for itself (its settings page lists them)."""
    return [r for r in all_rules() if r.local]


_memo: ContextVar[dict[Any, Any] | None] = ContextVar("deadline_lengths", default=None)


@contextmanager
def memoised() -> Iterator[None]:
    """Within the block each government's lengths are read once (a batch recompute), and each period
    counted once per start day and length (``DeadlineRule.due``)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def local_lengths(government_id: int) -> dict[str, int]:
    """``{rule code: days}`` the government set (nothing when it set nothing); read from the database on
    every call outside ``memoised()`` — no process cache, so every app server sees a change at once."""
    memo = _memo.get()
    if memo is not None and government_id in memo:
        return memo[government_id]
    from fazhi.orgs.models import GovernmentSettings

    found = (
        GovernmentSettings.objects.filter(government_id=government_id)
        .values_list("deadline_days", flat=True)
        .first()
    )
    lengths = {str(k): int(v) for k, v in (found or {}).items()}
    if memo is not None:
        memo[government_id] = lengths
    return lengths


def own_units_q(government: Any, field: str = "org") -> Any:
    """Records whose ``field`` unit belongs to ``government`` itself — its subtree less the governments
    below it (their records follow their own settings)."""
    from django.db.models import Q

    from fazhi.orgs.models import OrgUnit

    q = Q(**{f"{field}__path__startswith": government.path})
    lower = (
        OrgUnit.objects.filter(kind=OrgUnit.Kind.GOVERNMENT, path__startswith=government.path)
        .exclude(pk=government.pk)
        .values_list("path", flat=True)
    )
    for path in lower:
        q &= ~Q(**{f"{field}__path__startswith": path})
    return q


def government_of(record: Any) -> int | None:
    """The id of the government whose settings govern ``record``'s deadlines: its numbering (handling)
    government when it has one, else the nearest government of its unit."""
    gid = getattr(record, "numbering_government_id", None)
    if gid:
        return int(gid)
    org = getattr(record, "org", None)
    if org is None:
        return None
    memo = _memo.get()
    key = ("path", org.path)
    if memo is not None and key in memo:
        return memo[key]
    government = org.government
    gid = government.pk if government is not None else None
    if memo is not None:
        memo[key] = gid
    return gid
