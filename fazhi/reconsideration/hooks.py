"""Joins the reconsideration module to the platform: deadline rules, menu, workbench, demo, Excel, figures."""

from fazhi.core import links
from fazhi.core.registry import DemoLoader, NavItem, TabularKind, registry
from fazhi.orgs.models import Role
from fazhi.reports.figures import FigureProvider, register_provider
from fazhi.workdays.rules import register

from . import demo, imports, rules, selectors, services, stats, workbench

for _rule in rules.ALL:
    register(_rule)

registry.add_nav(
    NavItem(
        "行政复议",
        "reconsideration:case_list",
        frozenset({Role.BUREAU, Role.CLERK, Role.LEADER}),
        icon="journal-text",
        order=10,
    )
)
registry.add_workbench(workbench.items)
registry.add_calendar_listener(services.refresh_open_deadlines)
registry.add_demo(DemoLoader("行政复议", demo.load, order=10))
registry.add_tabular(TabularKind("reconsideration", "行政复议案件", imports.import_file, imports.export_file))
register_provider(
    FigureProvider(
        module="reconsideration",
        compute=stats.figures,
        breakdown=stats.breakdown,
        dimensions=stats.DIMENSIONS,
        party_names=stats.party_names,
    )
)
links.register(
    links.LinkKind(
        "reconsideration.case",
        "行政复议案件",
        "reconsideration.ReconsiderationCase",
        selectors.cases_for,
        "reconsideration:case_detail",
        number_field="number",
    )
)
