"""The world every contract test runs in: one government, a department with one record per module
(made through the module's services), and one user per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache

from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.testing import contract
from fazhi.testing.clock import PINNED_NOW
from fazhi.testing.factories import bureau_unit, court, department, government, make_user

ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)


@dataclass
class World:
    gov: OrgUnit
    unit: OrgUnit
    court: OrgUnit
    bureau: User
    clerk: User
    leader: User
    admins: dict[str, User]
    records: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return {Role.BUREAU: self.bureau, Role.CLERK: self.clerk, Role.LEADER: self.leader, **self.admins}[
            role
        ]


@pytest.fixture
def world(db: Any) -> Iterator[World]:
    with time_machine.travel(PINNED_NOW, tick=False):
        gov = government()
        sfj = bureau_unit()
        unit = department("d01", "示例市公安局")
        w = World(
            gov=gov,
            unit=unit,
            court=court(),
            bureau=make_user(Role.BUREAU, sfj, username="bureau"),
            clerk=make_user(Role.CLERK, unit, username="clerk_d01"),
            leader=make_user(Role.LEADER, gov, username="leader"),
            admins={r: make_user(r, sfj, username=f"admin_{r}") for r in ADMIN_ROLES},
        )
        if "reports" in contract.modules():
            from fazhi.reports.roles import ensure_reviewer_group

            # the bureau's 保密审查员 too, so that it is entitled to every step a leader does not take
            w.bureau.groups.add(ensure_reviewer_group())
        for module in contract.record_modules():
            w.records[module] = contract.facts(module).make(w)  # type: ignore[misc]
            for name, make in contract.facts(module).tables.items():
                w.records[f"{module}:{name}"] = make(w)
        cache.clear()  # the API's per-user throttle must not answer 429 in a long parametrised run
        yield w


def business_state() -> dict[str, Any]:
    """Every row of every business module's tables: "nothing changed" compares two of these."""
    state: dict[str, Any] = {}
    for module in contract.business_modules():
        try:
            config = apps.get_app_config(module)
        except LookupError:
            continue
        for model in config.get_models():
            state[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return state


def endpoint_id(value: Any) -> str:
    """A readable test id for parametrised endpoints (``page:app:url_name``)."""
    if isinstance(value, contract.Endpoint):
        return value.id
    return str(value)
