"""Rows of generated 行政执法 data, shared by the demo (``demo.py``), the province demo (``province_demo.py``)
and the benchmark province (``bench/province_enforcement.py``): each caller keeps its own numbers (how many,
which dates, which shares) and its own random stream; the shape of a body, a decision, its publicity, its
problems (``problems.codes_of``, as the services find them), its officers, its party and its status history
is written once here. Every builder draws from ``rng`` in a fixed order, so a seed gives the same rows."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from fazhi.core.demo import checked, history
from fazhi.core.pii import make_credit_code

from . import models, problems

FIELDS = "市场监管 生态环境 文化市场 交通运输 农业 城市管理 卫生健康 应急管理".split()
TYPES = [  # (type, weight) of the demos' decisions
    (models.ActionType.PENALTY, 40),
    (models.ActionType.LICENSE, 30),
    (models.ActionType.INSPECTION, 12),
    (models.ActionType.COERCION, 6),
    (models.ActionType.CONFIRMATION, 5),
    (models.ActionType.LEVY, 3),
    (models.ActionType.BENEFIT, 2),
    (models.ActionType.OTHER, 2),
]


def body(unit: Any, k: int, published_on: date | None, legal_basis: str) -> models.EnforcementBody:
    """The ``k``-th body of a list of units: the unit's own (a township's is authorised, the others hold the
    power by statute), confirmed ten days before it is published; pending when not published."""
    from fazhi.orgs.models import OrgUnit

    return models.EnforcementBody(
        org=unit,
        name=unit.name,
        kind=models.BodyKind.AUTHORISED if unit.kind == OrgUnit.Kind.TOWNSHIP else models.BodyKind.STATUTORY,
        legal_basis=legal_basis,
        fields=FIELDS[k % len(FIELDS)],
        powers=40 + k * 7 % 300,
        status=models.BodyStatus.PUBLISHED if published_on else models.BodyStatus.PENDING,
        confirmed_on=published_on - timedelta(days=10) if published_on else None,
        published_on=published_on,
    )


def save_bodies(bodies: list[models.EnforcementBody]) -> None:
    """Checked, written, and each with its history (登记, then 确认 and 公布 when published)."""
    checked(bodies)
    models.EnforcementBody.objects.bulk_create(bodies)
    history(
        models.BodyStatusChange,
        bodies,
        lambda b: (
            [("create", "", models.BodyStatus.PENDING, None)]
            + (
                [
                    ("confirm", models.BodyStatus.PENDING, models.BodyStatus.CONFIRMED, b.confirmed_on),
                    ("publish", models.BodyStatus.CONFIRMED, models.BodyStatus.PUBLISHED, b.published_on),
                ]
                if b.published_on
                else []
            )
        ),
    )


def decision(
    rng: random.Random,
    b: models.EnforcementBody,
    kind: str,
    decided_on: date,
    case_number: str,
    recordings: str,
    *,
    longest_filing: int = 80,
    is_major: bool = False,
) -> models.EnforcementAction:
    """A decision of ``b``; a penalty is filed 10–``longest_filing`` days before it, served within five days
    and fined; its 公示期限 as the services cache it. Draws: filing, service, amount (penalties only)."""
    penalty = kind == models.ActionType.PENALTY
    a = models.EnforcementAction(
        org_id=b.org_id,
        body=b,
        action_type=kind,
        case_number=case_number,
        filed_on=decided_on - timedelta(days=rng.randint(10, longest_filing)) if penalty else None,
        decided_on=decided_on,
        served_on=decided_on + timedelta(days=rng.randint(0, 5)) if penalty else None,
        penalty_kind=models.PenaltyKind.FINE if penalty else "",
        penalty_amount=rng.randint(5, 500) * 100 if penalty else None,
        is_major=is_major,
        recordings=recordings if penalty else "",
    )
    problems.set_deadlines(a)
    return a


def publicize(rng: random.Random, a: models.EnforcementAction, late_share: float, share: float = 1.0) -> None:
    """公示 a decision that has a period (no inspection): ``share`` of them (one draw when below 1), the day
    after the decision, or three days after the period for ``late_share`` of them (one draw)."""
    if a.action_type == models.ActionType.INSPECTION or not a.publicity_due:
        return
    if share < 1 and rng.random() >= share:
        return
    late = rng.random() < late_share
    a.publicized_on = a.publicity_due + timedelta(days=3) if late else a.decided_on + timedelta(days=1)
    a.status = models.ActionStatus.PUBLICIZED


def save_decisions(
    actions: list[models.EnforcementAction],
    crews: Sequence[Sequence[int]],
    party: Callable[[int], tuple[str, str]],
    passed: Callable[[], set[int]] = set,
) -> None:
    """Write the decisions with their officers (``crews``, ids by decision), the problems ``codes_of`` finds
    (``passed()``: the ids whose legality review passed, read once the decisions have ids), one organisation
    as party each (``party(n) -> (name, the credit code's first 17 characters)``) and their history."""
    checked(actions)
    models.EnforcementAction.objects.bulk_create(actions, batch_size=1000)
    certs = problems.certificates_of(o for c in crews for o in c)
    reviewed = passed()
    found, links = [], []
    for a, crew in zip(actions, crews, strict=True):
        codes = problems.codes_of(a, crew, certs, reviewed)
        a.problem_count = len(codes)
        found += [models.ActionProblem(record=a, code=code) for code in codes]
        links += [models.ActionOfficer(record=a, officer_id=o) for o in crew]
    models.ActionOfficer.objects.bulk_create(links, batch_size=2000)
    models.ActionProblem.objects.bulk_create(found, batch_size=2000)
    models.EnforcementAction.objects.bulk_update(
        [a for a in actions if a.problem_count], ["problem_count"], batch_size=1000
    )
    parties = []
    for n, a in enumerate(actions):
        name, code = party(n)
        parties.append(
            models.ActionParty(record=a, kind="organization", name=name, id_number=make_credit_code(code))
        )
    models.ActionParty.objects.bulk_create(parties, batch_size=2000)
    history(
        models.ActionStatusChange,
        actions,
        lambda a: (
            [("create", "", models.ActionStatus.DECIDED, a.decided_on)]
            + (
                [("publicize", models.ActionStatus.DECIDED, models.ActionStatus.PUBLICIZED, a.publicized_on)]
                if a.publicized_on
                else []
            )
        ),
    )
