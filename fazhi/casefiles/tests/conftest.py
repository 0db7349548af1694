"""Fixtures the 履行监督 tests share (``test_performance``, ``test_performance_figures``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest


@pytest.fixture
def decided_case(concluded: Callable[..., Any]) -> Callable[..., Any]:
    """``decided_case(outcome="revoked")``: a 复议 case received 2026-08-03, accepted the next day and
    decided on 2026-09-01 with ``outcome`` (revoked by default: the respondent must act again); other keywords go to ``receive``
    (``respondent``, ``parties``)."""

    def make(outcome: str = "revoked", **kw: Any) -> Any:
        return concluded(date(2026, 8, 3), date(2026, 8, 4), date(2026, 9, 1), outcome, **kw)

    return make
