"""The manifest of 行政规范性文件: everything the platform needs to know about the module, declared once."""

from __future__ import annotations

from typing import Any

from fazhi.core.modules import BUSINESS_ROLES, Clause, FigureParagraph, ModuleConfig, NavItem


def _portal(request: Any) -> dict[str, Any]:
    from . import portal

    return portal.context(request)


class NormativeConfig(ModuleConfig):
    name = "fazhi.normative"
    label = "normative"
    verbose_name = "行政规范性文件"
    order = 45
    text_words = ("规范性文件",)
    figure_words = {
        "normative.issued": ("出台", "公布", "制定"),
        "normative.repealed_in_cleanup": ("废止", "宣布失效", "清理"),
        "normative.filed_on_time_rate": ("按时备案率",),
    }
    tabular = "fazhi.normative.imports.TABULAR"
    kpis = ("normative.issued", "normative.in_force", "normative.filed_on_time_rate")
    enum_names = {
        "NormativeStatusEnum": "fazhi.normative.models.Status",
        "NormativeCleanupChoiceEnum": "fazhi.normative.models.CleanupChoice",
    }

    nav = [NavItem("规范性文件", "normative:document_list", BUSINESS_ROLES, icon="journal-text", order=45)]
    figures = "fazhi.normative.stats.FIGURES"
    links = "fazhi.normative.selectors.LINK_KINDS"
    workbench = ["fazhi.normative.workbench.items"]
    demo = "fazhi.normative.demo.load"
    deadline_rules = "fazhi.normative.rules.DEADLINES"
    calendar_listeners = ["fazhi.normative.rules.refresh_filing_due"]
    tabular = "fazhi.normative.imports.TABULAR"
    # the 规范性文件库's public document pages and full texts (/portal/normative/, no login)
    public_urls = "fazhi.normative.public_urls"

    paragraphs = [
        FigureParagraph(
            "normative",
            "加强行政规范性文件监督管理，落实合法性审核、集体审议和统一登记、统一编号、统一发布制度。",
            (
                Clause("全年公布行政规范性文件{{normative.issued}}件"),
                Clause("，报送备案{{normative.filed}}件，按时备案率{{normative.filed_on_time_rate}}"),
                Clause("；组织开展规范性文件清理，废止或宣布失效{{normative.repealed_in_cleanup}}件"),
                Clause("；年末有效文件{{normative.in_force}}件"),
            ),
            order=6,
        )
    ]

    def portal_sections(self) -> list[Any]:
        from fazhi.core.registry import PortalSection

        return [
            PortalSection("normative", "规范性文件库", "normative/portal_section.html", _portal, order=45)
        ]
