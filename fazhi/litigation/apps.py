"""The manifest of 行政应诉: everything the platform needs to know about the module, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fazhi.core.modules import BUSINESS_ROLES, Clause, DashboardChart, FigureParagraph, ModuleConfig, NavItem

if TYPE_CHECKING:
    from fazhi.core.figures import BulletinSection
    from fazhi.core.links import LinkKind
    from fazhi.core.registry import TabularKind


def _import(path: Any, actor: Any, **options: Any) -> Any:
    from . import imports

    return imports.import_file(path, actor, **options)


def _export(path: Any, actor: Any) -> int:
    from . import imports

    return imports.export_file(path, actor)


def _case_number_typed(value: str) -> str:
    return value.strip().replace("（", "(").replace("）", ")").replace(" ", "")


class LitigationConfig(ModuleConfig):
    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"
    order = 20
    text_words = ("诉讼", "应诉", "败诉", "出庭", "法院")
    figure_words = {
        "litigation.received": ("收案", "新收", "收到"),
        "litigation.concluded": ("审结", "办结"),
        "litigation.lost": ("败诉",),
        "litigation.loss_rate": ("败诉率",),
        "litigation.withdrawn": ("撤诉",),
        "litigation.heard": ("开庭审理",),
        "litigation.head_appeared": ("出庭应诉",),
        "litigation.head_appearance_rate": ("出庭应诉率", "出庭率"),
    }
    kpis = (
        "litigation.concluded",
        "litigation.lost",
        "litigation.loss_rate",
        "litigation.head_appearance_rate",
    )
    trend_keys = ("litigation.concluded", "litigation.lost")
    enum_names = {
        "PartyKindEnum": "fazhi.litigation.models.PartyKind",
        "LitigationOutcomeEnum": "fazhi.litigation.models.Outcome",
        "LitigationActCategoryEnum": "fazhi.litigation.models.ActCategory",
        "JudgmentKindEnum": "fazhi.litigation.models.JudgmentKind",
    }

    deadline_rules = "fazhi.litigation.deadlines.RULES"
    nav = [NavItem("行政应诉", "litigation:case_list", BUSINESS_ROLES, icon="bank", order=20)]
    # The stored answer/appeal due dates follow a changed holiday calendar.
    calendar_listeners = ["fazhi.litigation.deadlines.refresh_cached_deadlines"]
    workbench = ["fazhi.litigation.workbench.items", "fazhi.litigation.workbench.co_defendant_queue"]
    figures = "fazhi.litigation.stats.FIGURES"
    case_files = "fazhi.litigation.casefiles.CASEFILES"
    demo = "fazhi.litigation.demo.load"
    dashboard_charts = [
        DashboardChart(
            "losses_by_unit", "{year}年行政诉讼败诉案件较多的单位", "by_unit", ("litigation.lost",), order=20
        )
    ]
    paragraphs = [
        FigureParagraph(
            "litigation",
            "落实行政机关负责人出庭应诉制度，加强败诉风险防控。",
            (
                Clause("全年审结行政诉讼案件{{litigation.concluded}}件"),
                Clause(
                    "，败诉{{litigation.lost}}件，占审结案件{{litigation.concluded}}件的"
                    "{{litigation.loss_rate}}（败诉率）"
                ),
                Clause(
                    "；开庭审理的案件{{litigation.heard}}件中，行政机关负责人出庭应诉"
                    "{{litigation.head_appeared}}件，出庭应诉率{{litigation.head_appearance_rate}}"
                    "（以开庭审理案件数为基数）"
                ),
            ),
            order=30,
        )
    ]

    def bulletin_sections(self) -> list[BulletinSection]:
        from fazhi.core.figures import BulletinSection

        from . import stats

        return [
            BulletinSection("monthly", "litigation", stats.monthly_section, order=10),
            BulletinSection("quarterly", "litigation", stats.quarterly_section, order=10),
        ]

    def tabular(self) -> list[TabularKind]:
        from fazhi.core.registry import TabularKind

        return [TabularKind("litigation", "行政诉讼案件", _import, _export)]

    def links(self) -> list[LinkKind]:
        from fazhi.core.links import LinkKind

        from . import selectors

        return [
            LinkKind(
                "litigation.case",
                "行政诉讼案件",
                "litigation.LitigationCase",
                selectors.cases_for,
                "litigation:case_detail",
                number_field="court_case_number",
                normalize=_case_number_typed,
            )
        ]
