"""This module's facts for the platform contract suite (``fazhi.testing.contract.facts``): the leader
signs off the annual report (a module rule narrowing "leaders cannot write")."""

from __future__ import annotations

from typing import Any

from fazhi.testing.contract import ModuleFacts


def _make(world: Any) -> Any:
    from fazhi.testing.factories import make_report

    return make_report(world.bureau, world.gov, 2024)


FACTS = ModuleFacts(_make, leader_steps=frozenset({"approve", "return"}))
