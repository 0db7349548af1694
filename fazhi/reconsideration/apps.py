"""The manifest of 行政复议: everything the platform needs to know about the module, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.core.modules import BUSINESS_ROLES, ModuleConfig, NavItem

if TYPE_CHECKING:
    from fazhi.core.figures import BulletinSection, FigureParagraph, SumRule
    from fazhi.core.links import LinkKind
    from fazhi.core.registry import DashboardChart, TabularKind


class ReconsiderationConfig(ModuleConfig):
    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"
    order = 10
    text_words = ("复议",)
    figure_words = {
        "reconsideration.received": ("收到", "新收", "接收"),
        "reconsideration.accepted": ("受理",),
        "reconsideration.declined": ("不予受理",),
        "reconsideration.concluded": ("审结", "办结"),
        "reconsideration.upheld": ("维持",),
        "reconsideration.rejected": ("驳回",),
        "reconsideration.corrected": ("纠错", "直接纠错"),
        "reconsideration.withdrawn": ("撤回",),
        "reconsideration.mediated": ("调解",),
        "reconsideration.correction_rate": ("纠错率", "直接纠错率"),
        "reconsideration.substantive_resolution_rate": ("综合化解率",),
    }
    kpis = (
        "reconsideration.received",
        "reconsideration.accepted",  # FIGURES.md: 受理 is its own figure (the seed's 146), not 收到
        "reconsideration.concluded",
        "reconsideration.correction_rate",
        "reconsideration.overdue",
    )
    trend_keys = ("reconsideration.received", "reconsideration.concluded")
    enum_names = {
        "ReconsiderationOutcomeEnum": "fazhi.reconsideration.models.Outcome",
        "ReconsiderationActCategoryEnum": "fazhi.reconsideration.models.ActCategory",
        "ReconsiderationChannelEnum": "fazhi.reconsideration.models.Channel",
    }

    deadline_rules = "fazhi.reconsideration.rules.ALL"
    nav = [NavItem("行政复议", "reconsideration:case_list", BUSINESS_ROLES, icon="journal-text", order=10)]
    workbench = ["fazhi.reconsideration.workbench.items"]
    calendar_listeners = ["fazhi.reconsideration.services.refresh_open_deadlines"]
    figures = "fazhi.reconsideration.stats.FIGURES"
    case_files = "fazhi.reconsideration.casefiles.CASEFILES"
    public_urls = "fazhi.reconsideration.public_urls"  # published 行政复议决定书 (fazhi.casefiles.public)
    portal_sections = "fazhi.reconsideration.public_urls.PORTAL_SECTIONS"
    demo = "fazhi.reconsideration.demo.load"

    def sum_rules(self) -> list[SumRule]:
        from fazhi.core.figures import SumRule

        return [
            SumRule(
                "reconsideration.concluded",
                (
                    "reconsideration.upheld",
                    "reconsideration.rejected",
                    "reconsideration.corrected",
                    "reconsideration.withdrawn",
                    "reconsideration.other",
                ),
                "审结 = 维持 + 驳回 + 纠错 + 撤回 + 其他",
            )
        ]

    def dashboard_charts(self) -> list[DashboardChart]:
        from fazhi.core.registry import DashboardChart

        outcomes = ("upheld", "rejected", "corrected", "withdrawn", "other")
        keys = tuple(f"reconsideration.{o}" for o in outcomes)
        return [DashboardChart("outcomes", "{year}年行政复议审结结果", "share", keys, order=10)]

    def paragraphs(self) -> list[FigureParagraph]:
        from fazhi.core.figures import Clause, FigureParagraph

        # Every printed rate names the counts it is made of and its base, so a reader can recompute it
        # (FIGURES.md: "纠错N件，占审结案件M件的x%"); 调解 is printed on its own, never folded into 其他.
        return [
            FigureParagraph(
                "reconsideration",
                "发挥行政复议化解行政争议的主渠道作用，规范受理、审理和决定各环节。",
                (
                    Clause("全年收到行政复议申请{{reconsideration.received}}件"),
                    Clause("，受理{{reconsideration.accepted}}件"),
                    Clause("，审结{{reconsideration.concluded}}件"),
                    Clause("，其中维持{{reconsideration.upheld}}件"),
                    Clause("、驳回{{reconsideration.rejected}}件"),
                    Clause("、直接纠错{{reconsideration.corrected}}件"),
                    Clause("、申请人撤回（含经协调后撤回）{{reconsideration.withdrawn}}件"),
                    Clause(
                        "、其他方式结案{{reconsideration.other}}件（其中调解{{reconsideration.mediated}}件）"
                    ),
                    Clause(
                        "；直接纠错{{reconsideration.corrected}}件，占审结案件{{reconsideration.concluded}}件的"
                        "{{reconsideration.correction_rate}}（直接纠错率，以审结数为基数）"
                    ),
                    Clause(
                        "；纠错{{reconsideration.corrected}}件、调解{{reconsideration.mediated}}件、"
                        "撤回{{reconsideration.withdrawn}}件，合计占审结案件{{reconsideration.concluded}}件的"
                        "{{reconsideration.substantive_resolution_rate}}（综合化解率）"
                    ),
                ),
                order=20,
            )
        ]

    def bulletin_sections(self) -> list[BulletinSection]:
        from fazhi.core.figures import BulletinSection

        from . import stats

        return [BulletinSection("monthly", "reconsideration", stats.monthly_section, order=20)]

    def tabular(self) -> list[TabularKind]:
        from fazhi.core.registry import TabularKind

        from . import imports

        return [TabularKind("reconsideration", "行政复议案件", imports.import_file, imports.export_file)]

    def links(self) -> list[LinkKind]:
        from fazhi.core.links import LinkKind

        from . import selectors

        return [
            LinkKind(
                "reconsideration.case",
                "行政复议案件",
                "reconsideration.ReconsiderationCase",
                selectors.cases_for,
                "reconsideration:case_detail",
                number_field="number",
            )
        ]
