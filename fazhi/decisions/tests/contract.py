"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import ModuleFacts


def _make(world: Any) -> Any:
    from fazhi.decisions.services import DecisionData, create_decision

    return create_decision(actor=world.bureau, data=DecisionData("管道燃气特许经营", world.unit, 2024, True))


def _review(world: Any) -> Any:
    """A matter on the review desk (``REVIEW_WORKFLOW``), received from the world's unit."""
    from fazhi.decisions.services import ReviewData, create_review

    return create_review(
        actor=world.bureau, data=ReviewData("other", "送审事项", world.unit, date(2024, 9, 2))
    )


def _year(bureau: Any, units: dict[str, Any]) -> None:
    """2019 of the review desk: catalogue items and reviews of every opinion in two units, one late."""
    from fazhi.decisions import services

    for i, (unit, kind, received, concluded, opinion) in enumerate(
        [
            ("d01", "decision", date(2019, 3, 1), date(2019, 3, 12), "lawful"),
            ("d01", "normative", date(2019, 5, 6), date(2019, 6, 28), "lawful_if_amended"),
            ("d02", "contract", date(2019, 7, 1), date(2019, 7, 8), "unlawful"),
            ("d02", "other", date(2019, 12, 20), None, ""),
            ("d02", "decision", date(2018, 12, 20), date(2019, 1, 4), "lawful"),
        ]
    ):
        services.create_decision(
            actor=bureau, data=services.DecisionData(f"决策事项{i}", units[unit], 2019, in_catalog=i % 2 == 0)
        )
        r = services.create_review(
            actor=bureau, data=services.ReviewData(kind, f"送审事项{i}", units[unit], received)
        )
        if concluded:
            data = {"date": concluded, "opinion": opinion, "reasons": "" if opinion == "lawful" else "理由"}
            services.act("conclude", actor=bureau, review=r, data=data, version=r.version)


FACTS = ModuleFacts(_make, r'data-row="([a-z]+-\d+)"', year=_year, tables={"REVIEW_WORKFLOW": _review})
