"""The manifest of 行政争议化解: everything the platform needs to know about the module, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fazhi.core.modules import ModuleConfig

if TYPE_CHECKING:
    from fazhi.core.figures import FigureParagraph, FigureSet, SumRule
    from fazhi.core.links import LinkKind
    from fazhi.core.registry import DemoLoader, NavItem, TabularKind


def _demo_load(**kwargs: Any) -> Any:
    from . import demo

    return demo.load(**kwargs)


def _import(path: Any, actor: Any, **options: Any) -> Any:
    from . import imports

    return imports.import_file(path, actor, **options)


def _export(path: Any, actor: Any) -> int:
    from . import imports

    return imports.export_file(path, actor)


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

    def nav(self) -> list[NavItem]:
        from fazhi.core.registry import NavItem
        from fazhi.orgs.models import Role

        roles = frozenset({Role.BUREAU, Role.CLERK, Role.LEADER})
        return [NavItem("争议化解", "disputes:dispute_list", roles, icon="people", order=30)]

    def figures(self) -> FigureSet:
        from . import stats

        return stats.FIGURES

    def sum_rules(self) -> list[SumRule]:
        from fazhi.core.figures import SumRule

        return [
            SumRule("disputes.resolved", ("disputes.resolved_by_channel.*",), "化解成功 = 各渠道化解之和")
        ]

    def paragraphs(self) -> list[FigureParagraph]:
        from fazhi.core.figures import Clause, FigureParagraph

        return [
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

    def demo(self) -> list[DemoLoader]:
        from fazhi.core.registry import DemoLoader

        return [DemoLoader("行政争议化解", _demo_load, order=30)]

    def tabular(self) -> list[TabularKind]:
        from fazhi.core.registry import TabularKind

        return [TabularKind("disputes", "行政争议", _import, _export)]

    def links(self) -> list[LinkKind]:
        from fazhi.core.links import LinkKind

        from . import selectors

        return [
            LinkKind(
                "disputes.dispute",
                "行政争议",
                "disputes.Dispute",
                selectors.disputes_for,
                "disputes:dispute_detail",
                number_field="number",
            )
        ]
