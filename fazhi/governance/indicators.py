"""The six business-environment indicators of the seed report (FIGURES.md ``business.*``): their
definitions exist in every install (values are entered per year)."""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

PREDEFINED = [
    ("business.online_rate", "政务服务事项网办实现率", "%", "higher", False, 1),
    ("business.mobile_rate", "政务服务事项掌办实现率", "%", "higher", False, 2),
    ("business.startup_hours", "企业开办时间（工作小时）", "小时", "lower", False, 3),
    ("business.investment_approval_days", "企业投资项目审批最多天数", "天", "lower", False, 4),
    ("business.commitment_items", "告知承诺制项目清单", "项", "higher", True, 5),
    ("business.commitment_negative_items", "告知承诺制负面清单", "项", "higher", True, 6),
]


def ensure_predefined(apps: Any = global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Create the predefined indicators that are missing; an edited label or order is kept. Runs on the
    migrated state ``post_migrate`` passes: nothing while the module's tables are not there (a migration
    run back to before the module)."""
    try:
        Indicator = apps.get_model("governance", "Indicator")
    except LookupError:
        return
    have = set(
        Indicator.objects.using(using)
        .filter(key__in=[p[0] for p in PREDEFINED])
        .values_list("key", flat=True)
    )
    Indicator.objects.using(using).bulk_create(
        Indicator(key=key, label=label, unit=unit, direction=direction, is_list=is_list, order=order)
        for key, label, unit, direction, is_list, order in PREDEFINED
        if key not in have
    )
