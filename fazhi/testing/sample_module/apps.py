"""A test-only register module (installed by the test run through FAZHI_EXTRA_MODULES): one model, one
figure, one menu entry, one portal section, one API viewset. It proves that a module joins navigation,
the API schema, the figures, the annual report and the portal by declaring itself here, editing no
platform file (docs/modules.md "Declaring a module")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fazhi.core.modules import ModuleConfig

if TYPE_CHECKING:
    from fazhi.core.figures import FigureParagraph, FigureSet
    from fazhi.core.registry import NavItem, PortalSection


class SampleConfig(ModuleConfig):
    name = "fazhi.testing.sample_module"
    label = "sample"
    verbose_name = "样例登记"
    default_auto_field = "django.db.models.BigAutoField"
    order = 900
    enum_names = {"SampleKindEnum": "fazhi.testing.sample_module.models.Kind"}

    def nav(self) -> list[NavItem]:
        from fazhi.core.registry import NavItem
        from fazhi.orgs.models import Role

        return [NavItem("样例登记", "sample:record_list", frozenset({Role.BUREAU}), icon="box", order=990)]

    def figures(self) -> FigureSet:
        from .stats import FIGURES

        return FIGURES

    def paragraphs(self) -> list[FigureParagraph]:
        from fazhi.core.figures import Clause, FigureParagraph

        return [
            FigureParagraph(
                "sample", "开展样例登记工作。", (Clause("全年登记样例{{sample.registered}}件"),), 900
            )
        ]

    def portal_sections(self) -> list[PortalSection]:
        from fazhi.core.registry import PortalSection

        from .views import portal_context

        return [
            PortalSection("sample", "样例登记公示", "sample_module/portal_section.html", portal_context, 900)
        ]
