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


def _published(world: Any) -> tuple[Any, tuple[str, ...]]:
    """A document drafted by the unit's clerk, reviewed, deliberated, registered and published by the bureau,
    with its full text; internal: the review (number, opinion), the meeting, the drafting unit and clerk."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.normative.services import DocumentData, create_document

    from .helpers import review, step

    doc = create_document(
        actor=world.clerk,
        data=DocumentData(
            "关于户外广告设置管理的办法", world.unit.government or world.unit, world.unit, "示政发〔2024〕8号"
        ),
    )
    r = review(world.bureau, doc, date(2024, 3, 1), opinion="lawful_if_amended")
    from fazhi.decisions import services as desk

    desk.act("confirm_amendment", actor=world.bureau, review=r, data={"date": date(2024, 3, 5)})
    doc = step(world.bureau, doc, "decide", date=date(2024, 3, 10), meeting="第七次常务会议")
    doc = step(world.bureau, doc, "register", date=date(2024, 3, 12))
    doc = step(world.bureau, doc, "publish", date=date(2024, 3, 15), valid_years=5)
    pdf = SimpleUploadedFile("全文.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", content_type="application/pdf")
    doc = step(world.bureau, doc, "attach", file=pdf)
    return doc, (r.number, "第三条缺乏上位法依据", "第七次常务会议", world.unit.name, world.clerk.username)


FACTS = ModuleFacts(_make, r'data-document-id="(\d+)"', year=_year, published=_published)
