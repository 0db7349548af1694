"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import PARTY_ID, PARTY_PHONE, ModuleFacts


def _make(world: Any) -> Any:
    from fazhi.disputes.services import PartyData
    from fazhi.testing.factories import make_dispute

    party = PartyData("张三", "person", PARTY_ID, PARTY_PHONE)
    return make_dispute(world.bureau, world.unit, date(2024, 3, 1), parties=[party])


FACTS = ModuleFacts(_make, r'data-dispute-id="(\d+)"', has_parties=True)
