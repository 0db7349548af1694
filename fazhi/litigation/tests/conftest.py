"""Fixtures of the litigation tests: a small county with two defendant units, a court and users."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.core.pii import make_id_card
from fazhi.litigation import services
from fazhi.litigation.models import ActCategory, LitigationCase
from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.factories import bureau_unit, court, department, government, make_user


@pytest.fixture
def units(db: Any) -> dict[str, OrgUnit]:
    gov = government()
    return {
        "gov": gov,
        "sfj": bureau_unit(),
        "d01": department("d01", "示例市公安局"),
        "d02": department("d02", "示例市自然资源和规划局"),
        "court": court(),
    }


@pytest.fixture
def bureau(units: dict[str, OrgUnit]) -> Any:
    return make_user(Role.BUREAU, units["sfj"], username="bureau")


@pytest.fixture
def clerk1(units: dict[str, OrgUnit]) -> Any:
    return make_user(Role.CLERK, units["d01"], username="clerk_d01")


@pytest.fixture
def clerk2(units: dict[str, OrgUnit]) -> Any:
    return make_user(Role.CLERK, units["d02"], username="clerk_d02")


@pytest.fixture
def leader(units: dict[str, OrgUnit]) -> Any:
    return make_user(Role.LEADER, units["gov"], username="leader")


ID_NUMBER = make_id_card("330381", date(1980, 5, 6), 17)

_seq = {"n": 0}


def new_case(
    actor: Any,
    defendant: OrgUnit,
    court_unit: OrgUnit,
    served_on: date,
    *,
    number: str | None = None,
    **kw: Any,
) -> LitigationCase:
    _seq["n"] += 1
    data = services.CaseData(
        court_case_number=number or f"({served_on.year})浙0381行初{_seq['n']}号",
        court=court_unit,
        defendant=defendant,
        cause="不服行政处罚决定",
        act_category=ActCategory.PENALTY,
        served_on=served_on,
        plaintiffs=[services.PlaintiffData("张三", "person", ID_NUMBER, "13812345678")],
        **kw,
    )
    return services.create_case(actor=actor, data=data)


@pytest.fixture
def make_case(units: dict[str, OrgUnit], bureau: Any) -> Any:
    def _make(
        served_on: date = date(2019, 3, 1), defendant: str = "d01", actor: Any = None, **kw: Any
    ) -> LitigationCase:
        return new_case(actor or bureau, units[defendant], units["court"], served_on, **kw)

    return _make
