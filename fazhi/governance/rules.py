"""The rules of 法治建设综合, each length or threshold a setting: ``FAZHI_GOVERNANCE = {"idle_months": 6,
"head_appearance_min": 0.8, "loss_rate_max": 0.15, "min_cases": 3}`` (any subset).

顾而不问 (seed report 二): an adviser under contract on a day with no consultation in the ``idle_months``
before it (that day included). Each government may set its own window (issue 16 item 2: the settings page,
``orgs.GovernmentSettings.idle_months``, 1–24 whole months); an adviser counts with the window of its unit's
nearest government, else the platform's ``idle_months``."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings

_DEFAULTS: dict[str, Any] = {
    "idle_months": 6,
    # section 二 suggestions from the litigation figures per unit (seed report 二: 出庭应诉不积极, 败诉):
    # a unit is named when its head-appearance rate is below, or its loss rate above, the threshold, once it
    # has at least ``min_cases`` cases heard (appearance) or concluded (losses) in the year
    "head_appearance_min": 0.8,
    "loss_rate_max": 0.15,
    "min_cases": 3,
}
BASIS_IDLE = "法律顾问聘期内{months}个月无咨询记录（顾而不问）"
BASIS_RECTIFICATION = "整改任务超过整改期限未完成"


def setting(name: str) -> Any:
    return {**_DEFAULTS, **getattr(settings, "FAZHI_GOVERNANCE", {})}[name]


def months_before(d: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day where it is shorter)."""
    y, mo = divmod(d.year * 12 + d.month - 1 - months, 12)
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, mo + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def idle_window(on: date, months: int | None = None) -> tuple[date, date]:
    """The first and last day in which an adviser must have been consulted not to count as idle on ``on``:
    the window is (on − months, on], so the start itself is outside (``months``: the platform's default)."""
    return months_before(on, int(months or setting("idle_months"))), on


def government_windows() -> list[tuple[str, int | None]]:
    """Every government's ``(path, idle_months)`` (None: it set none), one query, no process cache."""
    from fazhi.orgs.models import OrgUnit

    return list(
        OrgUnit.objects.filter(kind=OrgUnit.Kind.GOVERNMENT).values_list("path", "settings__idle_months")
    )


def idle_months_of(org: Any) -> int:
    """The window of ``org``'s nearest government (the platform's default when it set none or org is None)."""
    government = org.government if org is not None else None
    if government is not None:
        from fazhi.orgs.models import GovernmentSettings

        own = (
            GovernmentSettings.objects.filter(government=government)
            .values_list("idle_months", flat=True)
            .first()
        )
        if own:
            return int(own)
    return int(setting("idle_months"))
