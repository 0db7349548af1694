from fazhi.core.registry import NavItem, registry
from fazhi.orgs.models import Role

registry.add_nav(
    NavItem("驾驶舱", "dashboard:index", frozenset({Role.LEADER, Role.BUREAU}), icon="speedometer2", order=5)
)
