"""The manifest of 行政执法: everything the platform needs to know about the module, declared once."""

from __future__ import annotations

from fazhi.core.modules import BUSINESS_ROLES, Clause, FigureParagraph, ModuleConfig, NavItem


class EnforcementConfig(ModuleConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = "行政执法"
    order = 50
    text_words = ("执法",)
    figure_words = {
        "enforcement.bodies_published": ("执法主体",),
        "enforcement.teams": ("执法队伍",),
        "enforcement.recorders": ("记录仪",),
        "enforcement.major_reviews_filed": ("法制审核",),
        "enforcement.certified_rate": ("持证率",),
        "enforcement.publicized_on_time_rate": ("按时公示率",),
    }
    kpis = ("enforcement.decisions", "enforcement.publicized_on_time_rate", "enforcement.certified_rate")
    enum_names = {
        "EnforcementActionStatusEnum": "fazhi.enforcement.models.ActionStatus",
        "EnforcementBodyStatusEnum": "fazhi.enforcement.models.BodyStatus",
        "EnforcementOfficerStatusEnum": "fazhi.enforcement.models.OfficerStatus",
        "EnforcementActionTypeEnum": "fazhi.enforcement.models.ActionType",
        "EnforcementBodyKindEnum": "fazhi.enforcement.models.BodyKind",
        "EnforcementPenaltyKindEnum": "fazhi.enforcement.models.PenaltyKind",
        "EnforcementNoticeKindEnum": "fazhi.enforcement.supervision.NoticeKind",
    }

    nav = [NavItem("行政执法", "enforcement:action_list", BUSINESS_ROLES, icon="shield-check", order=50)]
    figures = "fazhi.enforcement.stats.FIGURES"
    links = "fazhi.enforcement.selectors.LINK_KINDS"
    deadline_rules = "fazhi.enforcement.rules.ALL"
    workbench = ["fazhi.enforcement.workbench.items", "fazhi.enforcement.workbench.supervision_items"]
    calendar_listeners = [
        "fazhi.enforcement.problems.refresh_publicity_due",
        "fazhi.enforcement.supervision_services.refresh_deadlines",
    ]
    demo = "fazhi.enforcement.demo.load"
    tabular = "fazhi.enforcement.imports.TABULAR"
    public_urls = "fazhi.enforcement.public_urls"
    portal_sections = "fazhi.enforcement.public_views.PORTAL_SECTIONS"
    bulletin_sections = "fazhi.enforcement.circular.BULLETIN_SECTIONS"

    paragraphs = [
        FigureParagraph(
            "enforcement",
            "规范行政执法，大力推进行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”。",
            (
                Clause("整合组建{{enforcement.teams}}支综合行政执法队伍"),
                Clause("，配置行政执法记录仪{{enforcement.recorders}}台"),
                Clause("，备案登记重大执法决定法制审核{{enforcement.major_reviews_filed}}件"),
                Clause("，确认公布行政执法主体{{enforcement.bodies_published}}家"),
                Clause("；执法人员持证率{{enforcement.certified_rate}}"),
                Clause("；执法决定按时公示率{{enforcement.publicized_on_time_rate}}"),
            ),
            order=9,
        )
    ]
