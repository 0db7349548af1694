"""Constants of the reports tests; the county, its users and the hand-made 2019 (``cases``,
``recon_cases``) are shared fixtures (``fazhi.testing.fixtures``)."""

from __future__ import annotations

from typing import Any

LOSSES = {"revoked", "altered", "confirmed_illegal", "confirmed_void", "ordered_to_perform", "compensation"}


def in_year(made: list[dict[str, Any]], field: str, year: int) -> list[dict[str, Any]]:
    return [m for m in made if m[field] is not None and m[field].year == year]
