"""The manifest of 行政争议化解: everything the platform needs to know about the module, declared once."""

from __future__ import annotations

from fazhi.core.modules import BUSINESS_ROLES, Clause, FigureParagraph, ModuleConfig, NavItem, SumRule


class DisputesConfig(ModuleConfig):
    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "行政争议化解"
    order = 30
    text_words = ("争议",)
    figure_words = {
        "disputes.handled": ("办结",),
        "disputes.resolved": ("化解", "成功化解"),
        "disputes.resolution_rate": ("化解率",),
    }
    kpis = ("disputes.handled", "disputes.resolved", "disputes.resolution_rate")
    enum_names = {"DisputeChannelEnum": "fazhi.disputes.models.Channel"}

    nav = [NavItem("争议化解", "disputes:dispute_list", BUSINESS_ROLES, icon="people", order=30)]
    figures = "fazhi.disputes.stats.FIGURES"
    demo = "fazhi.disputes.demo.load"
    links = "fazhi.disputes.selectors.LINK_KINDS"
    tabular = "fazhi.disputes.imports.TABULAR"

    sum_rules = [
        SumRule("disputes.resolved", ("disputes.resolved_by_channel.*",), "化解成功 = 各渠道化解之和")
    ]
    paragraphs = [
        FigureParagraph(
            "disputes",
            "推进行政争议实质性化解，形成法院化解、复议机关调解、事权单位主动化解相结合的工作格局。",
            (
                Clause("全年办结行政争议{{disputes.handled}}件"),
                Clause("，成功化解{{disputes.resolved}}件"),
                Clause("，占办结争议{{disputes.handled}}件的{{disputes.resolution_rate}}（化解率）"),
            ),
            order=10,
        )
    ]
