"""The manifest of the leaders' dashboard (驾驶舱): it shows the KPIs other modules' manifests declare."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.core.modules import ModuleConfig

if TYPE_CHECKING:
    from fazhi.core.registry import NavItem


class DashboardConfig(ModuleConfig):
    name = "fazhi.dashboard"
    label = "dashboard"
    verbose_name = "驾驶舱"
    order = 70

    def nav(self) -> list[NavItem]:
        from fazhi.core.registry import NavItem
        from fazhi.orgs.models import Role

        roles = frozenset({Role.LEADER, Role.BUREAU})
        return [
            NavItem("驾驶舱", "dashboard:index", roles, icon="speedometer2", order=5),
            NavItem("指标比较", "dashboard:compare", roles, icon="bar-chart-steps", order=6),
        ]
