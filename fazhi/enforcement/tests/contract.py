"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import PARTY_ID, ModuleFacts


def _body(world: Any, name: str = "示例执法主体") -> Any:
    """A body of the world's unit awaiting confirmation (``BODY_WORKFLOW``)."""
    from fazhi.enforcement.services import create_body

    data = {"org": world.unit, "name": name, "kind": "statutory", "legal_basis": "《行政处罚法》"}
    return create_body(actor=world.bureau, data=data)


def _officer(world: Any) -> Any:
    """An officer of the world's unit (``OFFICER_WORKFLOW``)."""
    from fazhi.core.pii import make_id_card
    from fazhi.enforcement.services import create_officer

    data = {"org": world.unit, "name": "王五", "id_number": make_id_card("330381", date(1980, 1, 2), 11)}
    return create_officer(actor=world.bureau, data=data)


def _make(world: Any) -> Any:
    """A 行政处罚 of the world's unit, decided and not yet publicized, with a person as party."""
    from fazhi.enforcement.services import create_action

    body = _body(world, "示例执法主体（处罚）")
    party = {"kind": "person", "name": "张三", "id_number": PARTY_ID}
    data = {
        "body": body.pk,
        "action_type": "penalty",
        "case_number": "示罚〔2024〕1号",
        "filed_on": date(2024, 8, 1),
        "decided_on": date(2024, 9, 2),
        "parties": [party],
    }
    return create_action(actor=world.bureau, data=data)


def _year(bureau: Any, units: dict[str, Any]) -> None:
    """2019 in two units: bodies, officers with and without certificates, decisions on time and late,
    recorders in and out of service."""
    from fazhi.enforcement.tests.factories import year_2019

    year_2019(bureau, units)


FACTS = ModuleFacts(
    _make,
    r'data-row="([a-z]+-\d+)"',
    has_parties=True,
    year=_year,
    tables={"BODY_WORKFLOW": _body, "OFFICER_WORKFLOW": _officer},
)
