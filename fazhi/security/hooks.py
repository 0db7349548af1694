"""The security console is in the menu of the security administrator only (三员分立)."""

from fazhi.core.registry import NavItem, registry
from fazhi.orgs.models import Role

registry.add_nav(
    NavItem("安全管理", "security:index", frozenset({Role.SECADMIN}), icon="shield-lock", order=915)
)
