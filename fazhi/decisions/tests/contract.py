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


def _contract(world: Any) -> Any:
    """A draft 行政协议 of the world's unit (``CONTRACT_WORKFLOW``)."""
    from fazhi.decisions.contract_services import ContractData, create_contract

    party = {"kind": "organization", "name": "示例市某某公司"}
    return create_contract(
        actor=world.bureau, data=ContractData(world.unit, "协议", "服务", date(2024, 9, 2), party)
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
    _contracts(bureau, units)


def _contracts(bureau: Any, units: dict[str, Any]) -> None:
    """行政协议 of 2019 (``decisions.contracts_signed``): signed in each unit, one signed in 2018, one draft."""
    from fazhi.core.actions import TRUSTED, run
    from fazhi.decisions.contract_actions import CONTRACT_WORKFLOW
    from fazhi.decisions.contract_services import ContractData, create_contract

    party = {"kind": "organization", "name": "示例市某某公司"}
    for i, (unit, signed) in enumerate(
        [("d01", date(2019, 2, 1)), ("d02", date(2019, 12, 31)), ("d02", date(2018, 12, 28)), ("d01", None)]
    ):
        on = signed or date(2019, 6, 1)
        c = create_contract(
            actor=bureau, data=ContractData(units[unit], f"协议{i}", "服务", on.replace(day=1), party)
        )
        if signed:
            run(CONTRACT_WORKFLOW, "sign", c, actor=bureau, data={"date": signed}, version=TRUSTED)


FACTS = ModuleFacts(
    _make,
    r'data-row="([a-z]+-\d+)"',
    year=_year,
    tables={"REVIEW_WORKFLOW": _review, "contract_actions.CONTRACT_WORKFLOW": _contract},
)
