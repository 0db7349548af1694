"""The manifest of the reports module (年度报告, 快报/通报): menu, demo loader and workbench items."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fazhi.core.modules import ModuleConfig

if TYPE_CHECKING:
    from fazhi.core.registry import DemoLoader, NavItem


class ReportsConfig(ModuleConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = "报告"
    order = 50

    def nav(self) -> list[NavItem]:
        from fazhi.core.registry import NavItem
        from fazhi.orgs.models import Role

        roles = frozenset({Role.BUREAU, Role.LEADER})
        return [NavItem("年度报告", "reports:report_list", roles, icon="file-earmark-text", order=50)]

    def demo(self) -> list[DemoLoader]:
        from fazhi.core.registry import DemoLoader

        from . import demo

        return [DemoLoader("年度报告", demo.load, order=90)]

    def workbench(self) -> list[Callable[..., Any]]:
        from . import workbench

        return [workbench.items]
