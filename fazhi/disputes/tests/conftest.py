"""Fixtures of the dispute tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.core.pii import make_id_card
from fazhi.disputes import services
from fazhi.disputes.models import Channel, Dispute, Source
from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.factories import bureau_unit, court, department, government, make_user

ID_NUMBER = make_id_card("330381", date(1975, 2, 3), 42)


@pytest.fixture
def units(db: Any) -> dict[str, OrgUnit]:
    return {
        "gov": government(),
        "sfj": bureau_unit(),
        "d01": department("d01", "示例市公安局"),
        "d02": department("d02", "示例市自然资源和规划局"),
        "court": court(),
    }


@pytest.fixture
def bureau(units):  # type: ignore[no-untyped-def]
    return make_user(Role.BUREAU, units["sfj"], username="bureau")


@pytest.fixture
def clerk1(units):  # type: ignore[no-untyped-def]
    return make_user(Role.CLERK, units["d01"], username="clerk_d01")


@pytest.fixture
def clerk2(units):  # type: ignore[no-untyped-def]
    return make_user(Role.CLERK, units["d02"], username="clerk_d02")


@pytest.fixture
def leader(units):  # type: ignore[no-untyped-def]
    return make_user(Role.LEADER, units["gov"], username="leader")


@pytest.fixture
def make_dispute(units, bureau):  # type: ignore[no-untyped-def]
    def _make(
        opened_on: date = date(2019, 3, 1),
        unit: str = "d01",
        actor: Any = None,
        source: str = Source.PRE_LITIGATION,
        channel: str = Channel.RESPONSIBLE_AGENCY,
        **kw: Any,
    ) -> Dispute:
        data = services.DisputeData(
            org=units[unit],
            source=source,
            channel=channel,
            opened_on=opened_on,
            summary="征收补偿标准争议",
            parties=[services.PartyData("张三", "person", ID_NUMBER, "13812345678")],
            **kw,
        )
        return services.create_dispute(actor=actor or bureau, data=data)

    return _make
