"""Joins the holiday calendar to the platform: the 工作日历 page (系统管理员) and the workbench warning."""

from fazhi.core.registry import NavItem, registry
from fazhi.orgs.models import Role

from . import workbench

registry.add_nav(
    NavItem("工作日历", "workdays:index", frozenset({Role.SYSADMIN}), icon="calendar3", order=90)
)
registry.add_workbench(workbench.items)
