"""Workbench: the evaluation reminder before a document's term ends (RULES §5: evaluation due 6 months
before expiry, a setting) for its drafting unit and the Justice Bureau, and overdue filings. Two queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from fazhi.core.registry import WorkItem

from . import rules, selectors
from .models import Status

LIMIT = 50
MODULE = "规范性文件"


def _months_ahead(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    day = min(d.day, 28)
    return date(d.year + y, m + 1, day)


def items(user: Any, today: date) -> list[WorkItem]:
    horizon = _months_ahead(today, int(rules.setting("reminder_months")))
    mine = selectors.documents_for(user).filter(status=Status.PUBLISHED)
    out = [
        WorkItem(
            title=f"{d.doc_number} {d.title}：有效期至{d.valid_until:%Y年%m月%d日}，请开展评估",
            url=reverse("normative:document_detail", args=[d.pk]),
            kind="deadline",
            due=d.valid_until,
            status="due_soon",
            basis=f"有效期届满前{rules.setting('reminder_months')}个月评估（{rules.BASIS_VALIDITY}）",
            module=MODULE,
        )
        for d in mine.filter(valid_until__gte=today, valid_until__lte=horizon).order_by("valid_until", "id")[
            :LIMIT
        ]
    ]
    out += [
        WorkItem(
            title=f"{d.doc_number} {d.title}：尚未报送备案",
            url=reverse("normative:document_detail", args=[d.pk]),
            kind="deadline",
            due=d.filing_due,
            status="overdue",
            basis=rules.BASIS_FILING,
            module=MODULE,
        )
        for d in mine.filter(filed_on__isnull=True, filing_due__lt=today).order_by("filing_due", "id")[:LIMIT]
    ]
    return out
