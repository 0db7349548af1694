"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fazhi.testing.contract import PARTY_ID, PARTY_PHONE, ModuleFacts


def _make(world: Any) -> Any:
    from fazhi.litigation.services import PlaintiffData
    from fazhi.testing.factories import make_litigation_case

    party = PlaintiffData("张三", "person", PARTY_ID, PARTY_PHONE)
    return make_litigation_case(world.bureau, world.unit, world.court, date(2024, 3, 1), plaintiffs=[party])


FACTS = ModuleFacts(_make, r'data-case-id="(\d+)"', has_parties=True)
