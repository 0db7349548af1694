"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import PARTY_ID, PARTY_PHONE, ModuleFacts


def _make(world: Any) -> Any:
    from fazhi.testing.factories import applicant, make_reconsideration_case

    party = applicant(id_number=PARTY_ID, phone=PARTY_PHONE)
    return make_reconsideration_case(world.bureau, world.unit, date(2024, 3, 1), parties=[party])


FACTS = ModuleFacts(_make, r'data-case="([^"]+)"', has_parties=True)
