"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import ModuleFacts


def _make(world: Any) -> Any:
    """An open 整改 task of the world's unit (``WORKFLOW``)."""
    from fazhi.governance.services import create_rectification

    data = {"org": world.unit, "title": "整改事项", "due_on": date(2024, 12, 31)}
    return create_rectification(actor=world.bureau, data=data)


def _value(world: Any) -> Any:
    """An indicator value of the world's unit awaiting the bureau's confirmation (``VALUE_WORKFLOW``)."""
    from fazhi.governance.services import create_value

    data = {
        "org": world.unit,
        "indicator": "business.startup_hours",
        "year": 2024,
        "value": 8,
        "source": "统计",
    }
    return create_value(actor=world.bureau, data=data)


def _plan(world: Any) -> Any:
    """A 工作要点 of the world's unit, not started (``PLAN``)."""
    from fazhi.governance.services import create_plan_item

    return create_plan_item(actor=world.bureau, data={"org": world.unit, "year": 2024, "title": "工作要点"})


def _inspection(world: Any) -> Any:
    """An open 督查 of the world's unit (``INSPECTIONS``)."""
    from fazhi.governance.services import create_inspection

    data = {"org": world.unit, "title": "督查", "date": date(2024, 3, 1)}
    return create_inspection(actor=world.bureau, data=data)


def make_year(bureau: Any, units: dict[str, Any]) -> None:
    """2019 in two units and the government: duties, study, training, exam, advisers (one idle on
    31 December, one consulted, one whose contract ended), rectifications (one on time, one late, one
    open) and a confirmed indicator value; each kind has one record outside 2019 too."""
    from fazhi.core.actions import TRUSTED, run
    from fazhi.governance import actions, services

    gov, d01, d02 = units["gov"], units["d01"], units["d02"]
    sec = services.create_holder(
        actor=bureau,
        data={
            "org": gov,
            "post": "secretary",
            "title": "市委书记",
            "person": "张某",
            "term_from": date(2018, 1, 1),
        },
    )
    for on, kind in [
        (date(2019, 7, 4), "meeting"),
        (date(2019, 12, 4), "constitution_day"),
        (date(2018, 5, 1), "study"),
    ]:
        services.create_duty(
            actor=bureau, data={"person_post": sec, "date": on, "kind": kind, "subject": "事项"}
        )
    for org, on in [(d01, date(2019, 3, 1)), (d02, date(2019, 6, 1)), (d02, date(2020, 1, 2))]:
        services.create_study(
            actor=bureau, data={"org": org, "meeting": "常务会议", "date": on, "laws": ["《某条例》"]}
        )
        services.create_training(
            actor=bureau, data={"org": org, "title": "培训", "start_on": on, "participants": 120}
        )
        services.create_exam(
            actor=bureau, data={"org": org, "title": "考试", "date": on, "takers": 50, "passed": 45}
        )
    advisers = [
        services.create_adviser(
            actor=bureau,
            data={"org": org, "name": name, "contract_from": date(2019, 1, 1), "contract_until": until},
        )
        for org, name, until in [
            (d01, "甲律师", date(2020, 12, 31)),
            (d02, "乙律所", date(2020, 12, 31)),
            (d02, "丙律师", date(2019, 10, 31)),
        ]
    ]
    for a, on in [
        (advisers[1], date(2019, 9, 1)),
        (advisers[0], date(2019, 2, 1)),
        (advisers[2], date(2019, 5, 5)),
    ]:
        services.create_consultation(actor=bureau, data={"adviser": a, "date": on, "matter_kind": "contract"})
    for org, due, done in [
        (d01, date(2019, 5, 31), date(2019, 5, 20)),
        (d02, date(2019, 6, 30), date(2019, 8, 1)),
        (d02, date(2019, 11, 30), None),
        (d01, date(2020, 3, 31), None),
    ]:
        r = services.create_rectification(actor=bureau, data={"org": org, "title": "整改", "due_on": due})
        if done:
            run(actions.WORKFLOW, "complete", r, actor=bureau, data={"date": done}, version=TRUSTED)
    v = services.create_value(
        actor=bureau,
        data={
            "org": gov,
            "indicator": "business.commitment_items",
            "year": 2019,
            "items": ["甲", "乙"],
            "source": "审批局",
        },
    )
    run(actions.VALUE_WORKFLOW, "confirm", v, actor=bureau, data={"date": date(2020, 1, 10)}, version=TRUSTED)


FACTS = ModuleFacts(
    _make,
    r'data-row="([a-z]+-\d+)"',
    year=make_year,
    tables={"VALUE_WORKFLOW": _value, "PLAN": _plan, "INSPECTIONS": _inspection},
)
