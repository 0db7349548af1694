"""The warning that next year's holiday arrangement is still missing (system administrator, bureau).

The State Council publishes next year's notice in October–December; from 1 October until that year is
entered, every deadline running into it would show 日历缺失, so the people who enter it (系统管理员)
and the people who depend on it (司法局) see a line on their workbench. A missing *current* year is
warned about all year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from fazhi.core.registry import WorkItem
from fazhi.orgs.models import Role

from . import calendar

#: From this month on, next year's arrangement is due (the notice usually comes out in Oct–Dec).
WARN_FROM_MONTH = 10


def items(user: Any, today: date) -> list[WorkItem]:
    if not user.is_authenticated or not user.has_role(Role.SYSADMIN, Role.BUREAU):
        return []
    years = set(calendar.covered_years())
    wanted = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    url = reverse("workdays:index")
    who = "请录入" if user.has_role(Role.SYSADMIN) else "请系统管理员录入"
    return [
        WorkItem(
            title=f"{year}年节假日安排尚未录入（{who}）",
            url=url,
            kind="deadline",
            status="calendar_missing",
            basis=f"期限跨入{year}年的案件显示“日历缺失”；依据国务院办公厅关于{year}年部分节假日安排的通知录入",
            module="工作日历",
        )
        for year in wanted
        if year not in years
    ]
