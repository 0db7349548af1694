"""Platform menu entries (the domain modules add theirs in their own hooks.py)."""

from fazhi.core.registry import NavItem, registry
from fazhi.orgs.models import Role

registry.add_nav(
    NavItem(
        "机构",
        "org_list",
        frozenset({Role.BUREAU, Role.LEADER, Role.CLERK, Role.SYSADMIN}),
        icon="diagram-3",
        order=900,
    )
)
registry.add_nav(
    NavItem("政府设置", "government_settings", frozenset({Role.BUREAU}), icon="sliders", order=905)
)
registry.add_nav(NavItem("审计记录", "audit_list", frozenset({Role.AUDITOR}), icon="shield-check", order=910))
registry.add_nav(
    NavItem("系统管理", "admin:index", frozenset({Role.SYSADMIN, Role.SECADMIN}), icon="gear", order=920)
)
