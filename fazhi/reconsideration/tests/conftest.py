"""Fixtures of the reconsideration tests: a small government with two departments and one user per role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from fazhi.core.pii import make_id_card
from fazhi.orgs.models import Role
from fazhi.reconsideration import services
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.factories import bureau_unit, department, government, make_user

ID_NUMBER = make_id_card("330381", date(1980, 5, 17), 123)
PHONE = "13812345678"


@pytest.fixture
def gov(db):  # type: ignore[no-untyped-def]
    return government()


@pytest.fixture
def police(gov):  # type: ignore[no-untyped-def]
    return department("d05", "示例市公安局")


@pytest.fixture
def land(gov):  # type: ignore[no-untyped-def]
    return department("d09", "示例市自然资源和规划局")


@pytest.fixture
def bureau(gov):  # type: ignore[no-untyped-def]
    return make_user(Role.BUREAU, bureau_unit(), username="bureau")


@pytest.fixture
def clerk(police):  # type: ignore[no-untyped-def]
    return make_user(Role.CLERK, police, username="clerk_d05")


@pytest.fixture
def other_clerk(land):  # type: ignore[no-untyped-def]
    return make_user(Role.CLERK, land, username="clerk_d09")


@pytest.fixture
def leader(gov):  # type: ignore[no-untyped-def]
    return make_user(Role.LEADER, gov, username="leader")


def applicant(**kw: Any) -> dict[str, Any]:
    return {"name": "张三", "kind": "person", "id_number": ID_NUMBER, "phone": PHONE, **kw}


@pytest.fixture
def receive(bureau, police) -> Callable[..., ReconsiderationCase]:  # type: ignore[no-untyped-def]
    """Register an application with sensible defaults (dates in the past, calendar years present)."""

    def make(received_on: date = date(2024, 3, 1), respondent: Any = None, **kw: Any) -> ReconsiderationCase:
        args: dict[str, Any] = {
            "actor": bureau,
            "respondent": respondent or police,
            "received_on": received_on,
            "contested_act": "治安管理处罚决定",
            "act_category": "penalty",
            "field": "public_security",
            "parties": [applicant()],
        }
        args.update(kw)
        return services.receive(**args)

    return make


@pytest.fixture
def concluded(receive, bureau):  # type: ignore[no-untyped-def]
    """A case walked through the whole procedure: receipt → acceptance → copy → answer → decision."""

    def make(
        received_on: date, accepted_on: date, concluded_on: date, outcome: str, **kw: Any
    ) -> ReconsiderationCase:
        case = receive(received_on, **kw)
        case = services.accept(case, actor=bureau, on=accepted_on)
        if concluded_on is None:
            return case
        return services.conclude(case, actor=bureau, on=concluded_on, outcome=outcome)

    return make


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploads of a test go to its own directory, never the data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
