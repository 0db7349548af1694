"""The menu entry of the document templates (the bureau of each government replaces its own)."""

from fazhi.core.registry import NavItem, registry
from fazhi.orgs.models import Role

registry.add_nav(
    NavItem("文书模板", "casefiles:templates", frozenset({Role.BUREAU}), icon="file-earmark-word", order=890)
)

from .respondent import workbench as respondent_workbench  # noqa: E402

registry.add_workbench(respondent_workbench)

from .performance import workbench as performance_workbench  # noqa: E402

registry.add_workbench(performance_workbench)
