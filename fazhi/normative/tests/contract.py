"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import ModuleFacts


def _make(world: Any) -> Any:
    from fazhi.normative.services import DocumentData, create_document

    return create_document(
        actor=world.bureau,
        data=DocumentData(
            "关于城市道路占用管理的办法", world.unit.government or world.unit, world.unit, "示政发〔2024〕7号"
        ),
    )


def _year(bureau: Any, units: dict[str, Any]) -> None:
    """2019 of the document register: published, filed on time and late, one expiring in 2020, one repealed
    by the cleanup, one still in draft; in two drafting units."""
    from .helpers import published

    a = published(bureau, units["d01"], date(2015, 3, 2), "示政发〔2015〕1号")  # expires 2020-03-01
    published(bureau, units["d02"], date(2019, 4, 1), "示政发〔2019〕2号", filed=date(2019, 4, 20))
    published(bureau, units["d01"], date(2019, 6, 3), "示政发〔2019〕3号", filed=date(2019, 8, 1))
    c = published(bureau, units["d02"], date(2018, 5, 2), "示政发〔2018〕4号")
    from fazhi.normative import services

    services.apply_cleanup(
        actor=bureau,
        government=units["gov"],
        year=2019,
        on=date(2019, 11, 1),
        decisions=[
            {"document": a.pk, "decision": "keep"},
            {"document": c.pk, "decision": "repeal"},
            *[
                {"document": d.pk, "decision": "keep"}
                for d in services.NormativeDocument.objects.filter(
                    published_on__year=2019, published_on__lte=date(2019, 11, 1)
                )
            ],
        ],
    )


FACTS = ModuleFacts(_make, r'data-document-id="(\d+)"', year=_year)
