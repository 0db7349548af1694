"""行政执法 of each county of the province demo (``fazhi demo --province``, issue 16 item 5): one published
enforcement body per department and township, its officers in post with certificates — a share of them
lapsed on 30 June 2019 that varies by county, so 持证率 ranks the counties apart — and ``per_year`` decisions
in each year 2018–2020 whose publicity rate also varies by county. Deterministic (seeded by the county's
code), bulk-written after the models' own checks (``core.demo.checked``), the problem flags computed by
``problems.codes_of`` as the services compute them. The county is any object with ``index``,
``government`` and ``respondents`` (``core.province_demo.DemoCounty``)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from fazhi.core.demo import checked, day_in, history, pick
from fazhi.core.pii import make_credit_code, make_id_card

from . import problems
from .demo import FIELDS, TYPES
from .models import (
    ActionOfficer,
    ActionParty,
    ActionProblem,
    ActionStatus,
    ActionStatusChange,
    ActionType,
    BodyKind,
    BodyStatus,
    BodyStatusChange,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    Officer,
    PenaltyKind,
)

YEARS = (2018, 2019, 2020)
OFFICERS_PER_BODY = 6
LAPSED_ON = date(2019, 6, 30)


def lapsed_share(index: int) -> float:
    """The share of a county's officers whose certificate lapsed mid-2019 (0 %–25 %: varied 持证率)."""
    return 0.05 * (index % 6)


def load_county(county: Any, per_year: int = 40) -> int:
    """Bodies, officers, certificates and decisions of one county (the caller holds the transaction)."""
    from fazhi.orgs.models import OrgUnit

    rng = random.Random(f"demo:{county.government.code}:enforcement")
    bodies = []
    for k, unit in enumerate(county.respondents):
        published = date(2017, 3, 1) + timedelta(days=k)
        bodies.append(
            EnforcementBody(
                org=unit,
                name=unit.name,
                kind=BodyKind.AUTHORISED if unit.kind == OrgUnit.Kind.TOWNSHIP else BodyKind.STATUTORY,
                legal_basis="“三定”规定",
                fields=FIELDS[k % len(FIELDS)],
                powers=40 + k * 7 % 300,
                status=BodyStatus.PUBLISHED,
                confirmed_on=published - timedelta(days=10),
                published_on=published,
            )
        )
    checked(bodies)
    EnforcementBody.objects.bulk_create(bodies)
    history(
        BodyStatusChange,
        bodies,
        lambda b: [
            ("create", "", BodyStatus.PENDING, None),
            ("confirm", BodyStatus.PENDING, BodyStatus.CONFIRMED, b.confirmed_on),
            ("publish", BodyStatus.CONFIRMED, BodyStatus.PUBLISHED, b.published_on),
        ],
    )
    crews = _officers(rng, county, bodies)
    return _decisions(rng, county, bodies, crews, per_year)


def _officers(rng: random.Random, county: Any, bodies: list[EnforcementBody]) -> dict[int, list[int]]:
    officers = [
        Officer(
            org_id=b.org_id,
            name=rng.choice("王李张刘陈杨黄赵吴周徐孙") + rng.choice("伟芳娜敏静丽强磊军洋"),
            # unique across the province: the county in the region code, the officer in the serial
            id_number=make_id_card(
                f"35{county.index + 10:02d}01", date(1970, 1, 1) + timedelta(days=n * 37), n
            ),
            in_post=True,
            field=b.fields,
        )
        for n, b in enumerate(b for b in bodies for _ in range(OFFICERS_PER_BODY))
    ]
    checked(officers)
    Officer.objects.bulk_create(officers)
    # the lapsed certificates spread over the bodies
    lapsed = set(rng.sample(range(len(officers)), round(len(officers) * lapsed_share(county.index))))
    certs = [
        Certificate(
            officer=o,
            number=f"FS{county.index + 1:03d}{n:05d}",
            issuer="示范省人民政府",
            issued_on=date(2015, 1, 5) + timedelta(days=n % 300),
            valid_until=LAPSED_ON if n in lapsed else date(2025, 12, 31),
            training_hours=60,
        )
        for n, o in enumerate(officers)
    ]
    checked(certs)
    Certificate.objects.bulk_create(certs)
    crews: dict[int, list[int]] = {}
    for o in officers:
        crews.setdefault(o.org_id, []).append(o.pk)
    return crews


def _decisions(
    rng: random.Random,
    county: Any,
    bodies: list[EnforcementBody],
    crews: dict[int, list[int]],
    per_year: int,
) -> int:
    late_share = 0.02 + 0.04 * (county.index % 4)  # 公示 late: 2 %–14 % by county
    actions, crew_of = [], []
    for year in YEARS:
        for i in range(per_year):
            body = bodies[rng.randrange(len(bodies))]
            kind = pick(rng, TYPES)
            decided = day_in(rng, year)
            penalty = kind == ActionType.PENALTY
            a = EnforcementAction(
                org_id=body.org_id,
                body=body,
                action_type=kind,
                case_number=f"{body.org.code}-{year}-{i + 1:05d}",
                filed_on=decided - timedelta(days=rng.randint(10, 80)) if penalty else None,
                decided_on=decided,
                served_on=decided + timedelta(days=rng.randint(0, 5)) if penalty else None,
                penalty_kind=PenaltyKind.FINE if penalty else "",
                penalty_amount=rng.randint(5, 500) * 100 if penalty else None,
                recordings=f"FSJL{county.index:02d}{year}{i:05d}" if penalty else "",
            )
            problems.set_deadlines(a)
            if kind != ActionType.INSPECTION and a.publicity_due:
                late = rng.random() < late_share
                a.publicized_on = a.publicity_due + timedelta(days=3) if late else decided + timedelta(days=1)
                a.status = ActionStatus.PUBLICIZED
            actions.append(a)
            crew_of.append(rng.sample(crews[body.org_id], 2))
    checked(actions)
    EnforcementAction.objects.bulk_create(actions)
    certs = problems.certificates_of(o for c in crew_of for o in c)
    found, links = [], []
    for a, crew in zip(actions, crew_of, strict=True):
        codes = problems.codes_of(a, crew, certs, set())
        a.problem_count = len(codes)
        found += [ActionProblem(record=a, code=code) for code in codes]
        links += [ActionOfficer(record=a, officer_id=o) for o in crew]
    ActionOfficer.objects.bulk_create(links)
    ActionProblem.objects.bulk_create(found)
    EnforcementAction.objects.bulk_update([a for a in actions if a.problem_count], ["problem_count"])
    ActionParty.objects.bulk_create(
        [
            ActionParty(
                record=a,
                kind="organization",
                name=f"示范{FIELDS[n % len(FIELDS)]}经营部{county.index}-{n}",
                id_number=make_credit_code(f"91350{county.index:03d}MA{n:07d}"),
            )
            for n, a in enumerate(actions)
        ]
    )
    history(
        ActionStatusChange,
        actions,
        lambda a: (
            [("create", "", ActionStatus.DECIDED, a.decided_on)]
            + (
                [("publicize", ActionStatus.DECIDED, ActionStatus.PUBLICIZED, a.publicized_on)]
                if a.publicized_on
                else []
            )
        ),
    )
    return len(actions)
