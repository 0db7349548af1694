"""The manifest of 法治建设综合: everything the platform needs to know about the module, declared once."""

from __future__ import annotations

from fazhi.core.modules import (
    BUSINESS_ROLES,
    DashboardChart,
    ModuleConfig,
    NavItem,
)


class GovernanceConfig(ModuleConfig):
    name = "fazhi.governance"
    label = "governance"
    verbose_name = "法治建设综合"
    order = 80
    text_words = ("法律顾问", "第一责任人", "学法")
    figure_words = {
        "governance.training_participants": ("参训", "培训"),
        "governance.idle_advisers": ("顾而不问",),
    }
    kpis = ("governance.idle_advisers", "governance.rectification_on_time_rate")
    enum_names = {
        "GovernancePostEnum": "fazhi.governance.models.Post",
        "DutyKindEnum": "fazhi.governance.models.DutyKind",
        "MatterKindEnum": "fazhi.governance.models.MatterKind",
        "IndicatorValueStatusEnum": "fazhi.governance.models.ValueStatus",
        "RectificationStatusEnum": "fazhi.governance.models.RectificationStatus",
        "AdviserKindEnum": "fazhi.governance.models.AdviserKind",
        "PlanStatusEnum": "fazhi.governance.models.PlanStatus",
        "InspectionStatusEnum": "fazhi.governance.models.InspectionStatus",
    }

    nav = [NavItem("法治建设", "governance:overview", BUSINESS_ROLES, icon="flag", order=80)]
    figures = "fazhi.governance.stats.PROVIDER"
    demo = "fazhi.governance.demo.load"
    workbench = ["fazhi.governance.workbench.items"]
    tabular = "fazhi.governance.imports.TABULAR"
    report_parts = "fazhi.governance.report.PARTS"
    dashboard_charts = [
        DashboardChart(
            "governance_idle",
            "{year}年顾而不问的法律顾问（按单位）",
            "by_unit",
            ("governance.idle_advisers",),
            order=80,
        ),
    ]

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_migrate

        from .indicators import ensure_predefined

        # After every migrate and every test flush (which empties the table a data migration filled),
        # as contenttypes does for its rows.
        post_migrate.connect(ensure_predefined, sender=self, dispatch_uid="governance.indicators")
