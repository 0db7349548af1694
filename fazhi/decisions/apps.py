"""The manifest of 重大行政决策 · 合法性审查: everything the platform needs to know, declared once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from fazhi.core.modules import ModuleConfig

if TYPE_CHECKING:
    from fazhi.core.figures import FigureParagraph, FigureSet
    from fazhi.core.links import LinkKind
    from fazhi.core.registry import DemoLoader, NavItem, PortalSection
    from fazhi.workdays.rules import DeadlineRule


def _demo_load(**kwargs: Any) -> Any:
    from . import demo

    return demo.load(**kwargs)


def _portal(request: Any) -> dict[str, Any]:
    from . import portal

    return portal.context(request)


class DecisionsConfig(ModuleConfig):
    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"
    order = 40
    text_words = ("合法性审查", "重大行政决策")
    figure_words = {
        "decisions.legality_reviewed": ("合法性审查", "经合法性审查"),
        "decisions.catalog_items": ("纳入", "决策目录"),
    }
    tabular = "fazhi.decisions.imports.TABULAR"  # legality_reviews, decisions, contracts (import/export)
    kpis = ("decisions.catalog_items", "decisions.legality_reviewed", "decisions.reviews_overdue")
    enum_names = {
        "DecisionStepEnum": "fazhi.decisions.models.Step",
        "DecisionMeetingResultEnum": "fazhi.decisions.models.MeetingResult",
        "DecisionStatusEnum": "fazhi.decisions.models.DecisionStatus",
        "LegalityReviewStatusEnum": "fazhi.decisions.models.ReviewStatus",
        "LegalityOpinionEnum": "fazhi.decisions.models.Opinion",
        "LegalitySubjectKindEnum": "fazhi.decisions.models.SubjectKind",
        "DecisionRiskLevelEnum": "fazhi.decisions.models.RiskLevel",
    }

    def nav(self) -> list[NavItem]:
        from fazhi.core.registry import NavItem
        from fazhi.orgs.models import Role

        roles = frozenset({Role.BUREAU, Role.CLERK, Role.LEADER})
        return [
            NavItem("重大行政决策", "decisions:decision_list", roles, icon="bank", order=40),
            NavItem("合法性审查", "decisions:review_list", roles, icon="shield-check", order=41),
            NavItem("行政协议", "decisions:contract_list", roles, icon="file-earmark-text", order=42),
        ]

    def deadline_rules(self) -> Iterable[DeadlineRule]:
        from . import rules

        return rules.ALL

    def workbench(self) -> list[Callable[..., Any]]:
        from . import workbench

        return [workbench.items]

    def calendar_listeners(self) -> list[Callable[[], Any]]:
        from . import services

        return [services.refresh_review_deadlines]

    def figures(self) -> FigureSet:
        from . import stats

        return stats.FIGURES

    def paragraphs(self) -> list[FigureParagraph]:
        from fazhi.core.figures import Clause, FigureParagraph

        return [
            FigureParagraph(
                "decisions",
                "严格重大行政决策法定程序，确保决策草案先经合法性审查、后经集体讨论。",
                (
                    Clause("全年列入重大行政决策事项目录{{decisions.catalog_items}}项"),
                    Clause("，形成经合法性审查的事项{{decisions.legality_reviewed}}项"),
                    Clause("，其中重大行政决策{{decisions.legality_reviewed_by_kind.decision}}项"),
                    Clause("；超期出具审查意见{{decisions.reviews_overdue}}项"),
                ),
                order=5,
            )
        ]

    def demo(self) -> list[DemoLoader]:
        from fazhi.core.registry import DemoLoader

        return [DemoLoader("重大行政决策", _demo_load, order=40)]

    def portal_sections(self) -> list[PortalSection]:
        from fazhi.core.registry import PortalSection

        return [
            PortalSection("decisions", "重大行政决策", "decisions/portal_section.html", _portal, order=40)
        ]

    def links(self) -> list[LinkKind]:
        from fazhi.core.links import LinkKind

        from . import contract_selectors, selectors

        return [
            *contract_selectors.LINK_KINDS,
            LinkKind(
                "decisions.decision",
                "重大行政决策",
                "decisions.MajorDecision",
                selectors.decisions_for,
                "decisions:decision_detail",
                number_field="number",
            ),
            LinkKind(
                "decisions.review",
                "合法性审查",
                "decisions.LegalityReview",
                selectors.reviews_for,
                "decisions:review_detail",
                number_field="number",
            ),
        ]
