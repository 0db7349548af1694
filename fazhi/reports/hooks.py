"""Menu entry and demo loader of the reports module."""

from fazhi.core.registry import DemoLoader, NavItem, registry
from fazhi.orgs.models import Role

from . import demo

registry.add_nav(
    NavItem(
        "年度报告",
        "reports:report_list",
        frozenset({Role.BUREAU, Role.LEADER}),
        icon="file-earmark-text",
        order=50,
    )
)
registry.add_demo(DemoLoader("年度报告", demo.load, order=90))

from . import workbench  # noqa: E402

registry.add_workbench(workbench.items)
