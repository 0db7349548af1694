"""Joins 行政争议化解 to the platform: menu, figures, demo, Excel kinds."""

from __future__ import annotations

from typing import Any

from fazhi.core import links
from fazhi.core.registry import DemoLoader, NavItem, TabularKind, registry
from fazhi.orgs.models import Role
from fazhi.reports.figures import FigureProvider, register_provider

from . import selectors, stats

registry.add_nav(
    NavItem(
        "争议化解",
        "disputes:dispute_list",
        frozenset({Role.BUREAU, Role.CLERK, Role.LEADER}),
        icon="people",
        order=30,
    )
)
register_provider(
    FigureProvider(
        module="disputes",
        compute=stats.figures,
        breakdown=stats.breakdown,
        dimensions={"org": "事权单位", "channel": "化解渠道"},
        party_names=stats.party_names,
    )
)


def _demo_load(**kwargs: Any) -> Any:
    from . import demo

    return demo.load(**kwargs)


def _import(path: Any, actor: Any, **options: Any) -> Any:
    from . import imports

    return imports.import_file(path, actor, **options)


def _export(path: Any, actor: Any) -> int:
    from . import imports

    return imports.export_file(path, actor)


registry.add_demo(DemoLoader("行政争议化解", _demo_load, order=30))
registry.add_tabular(TabularKind("disputes", "行政争议", _import, _export))

links.register(
    links.LinkKind(
        "disputes.dispute",
        "行政争议",
        "disputes.Dispute",
        selectors.disputes_for,
        "disputes:dispute_detail",
        number_field="number",
    )
)
