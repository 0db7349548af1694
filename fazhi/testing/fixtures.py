"""The pytest fixtures every module's tests share (a plugin: the root ``conftest.py`` lists it in
``pytest_plugins``). A small county: the government, the Justice Bureau, two departments, a court, a
police and a land department for 复议, and one user per business role; record makers built on the
factories of ``fazhi.testing.factories``. A module's ``tests/conftest.py`` keeps only its own fixtures
and may override any of these by name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fazhi.orgs.models import OrgUnit, Role, User

from . import factories
from .county import Cases, ReconCases
from .factories import (
    bureau_unit,
    court,
    department,
    government,
    make_litigation_case,
    make_reconsideration_case,
    make_user,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploads of a test go to its own directory, never the data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def gov(db: Any) -> OrgUnit:
    return government()


@pytest.fixture
def units(gov: OrgUnit) -> dict[str, OrgUnit]:
    return {
        "gov": gov,
        "sfj": bureau_unit(),
        "d01": department("d01", "示例市公安局"),
        "d02": department("d02", "示例市自然资源和规划局"),
        "court": court(),
    }


@pytest.fixture
def bureau(units: dict[str, OrgUnit]) -> User:
    return make_user(Role.BUREAU, units["sfj"], username="bureau")


@pytest.fixture
def leader(gov: OrgUnit) -> User:
    return make_user(Role.LEADER, gov, username="leader")


@pytest.fixture
def clerk1(units: dict[str, OrgUnit]) -> User:
    return make_user(Role.CLERK, units["d01"], username="clerk_d01")


@pytest.fixture
def clerk2(units: dict[str, OrgUnit]) -> User:
    return make_user(Role.CLERK, units["d02"], username="clerk_d02")


@pytest.fixture
def police(gov: OrgUnit) -> OrgUnit:
    """The respondent of the 复议 tests (code d05, as in the seed and the import example)."""
    return department("d05", "示例市公安局")


@pytest.fixture
def land(gov: OrgUnit) -> OrgUnit:
    return department("d09", "示例市自然资源和规划局")


@pytest.fixture
def clerk(police: OrgUnit) -> User:
    return make_user(Role.CLERK, police, username="clerk_d05")


@pytest.fixture
def other_clerk(land: OrgUnit) -> User:
    return make_user(Role.CLERK, land, username="clerk_d09")


@pytest.fixture
def reviewer(units: dict[str, OrgUnit]) -> User:
    """Bureau staff in the 保密审查员 group (passes the annual report's confidentiality review)."""
    from fazhi.reports.roles import ensure_reviewer_group

    user = make_user(Role.BUREAU, units["sfj"], username="reviewer")
    user.groups.add(ensure_reviewer_group())
    return user


@pytest.fixture
def make_case(units: dict[str, OrgUnit], bureau: User) -> Callable[..., Any]:
    """A litigation case: ``make_case(served_on=…, defendant="d01", actor=…, number=…, **CaseData)``."""

    def make(served_on: date = date(2019, 3, 1), defendant: str = "d01", actor: Any = None, **kw: Any) -> Any:
        return make_litigation_case(actor or bureau, units[defendant], units["court"], served_on, **kw)

    return make


@pytest.fixture
def make_dispute(units: dict[str, OrgUnit], bureau: User) -> Callable[..., Any]:
    """A dispute: ``make_dispute(opened_on=…, unit="d01", actor=…, source=…, channel=…, **create_dispute data)``."""

    def make(opened_on: date = date(2019, 3, 1), unit: str = "d01", actor: Any = None, **kw: Any) -> Any:
        return factories.make_dispute(actor or bureau, units[unit], opened_on, **kw)

    return make


@pytest.fixture
def receive(bureau: User, police: OrgUnit) -> Callable[..., Any]:
    """Register a 复议 application (defaults: received 2024-03-01 against the police, one applicant)."""

    def make(received_on: date = date(2024, 3, 1), respondent: Any = None, **kw: Any) -> Any:
        kw.setdefault("actor", bureau)
        return make_reconsideration_case(respondent=respondent or police, received_on=received_on, **kw)

    return make


@pytest.fixture
def concluded(receive: Callable[..., Any], bureau: User) -> Callable[..., Any]:
    """A 复议 case walked through receipt → acceptance → decision (``concluded_on=None``: accepted only)."""
    from fazhi.core.actions import TRUSTED, run
    from fazhi.reconsideration.actions import WORKFLOW

    def make(received_on: date, accepted_on: date, concluded_on: date | None, outcome: str, **kw: Any) -> Any:
        case = receive(received_on, **kw)
        case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": accepted_on}, version=TRUSTED)
        if concluded_on is None:
            return case
        return run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": concluded_on, "outcome": outcome},
            version=TRUSTED,
        )

    return make


@pytest.fixture
def cases(bureau: User, units: dict[str, OrgUnit]) -> Cases:
    """A hand-made 2019 of 应诉: 6 cases in two units, 4 concluded in 2019 (2 lost), 3 heard (2 with a head)."""
    return Cases.year_2019(bureau, units)


@pytest.fixture
def recon_cases(bureau: User, units: dict[str, OrgUnit]) -> ReconCases:
    """2019 of 复议: 5 applications, 4 concluded (upheld, revoked, withdrawn, mediated), one still open."""
    return ReconCases.year_2019(bureau, units)
