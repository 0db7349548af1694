"""Demo 行政执法 (``fazhi demo``): deterministic, idempotent, bulk inserts (``core.demo``).

2019 reproduces the seed report (一(三)一): 53 bodies confirmed and published, 5 consolidated teams (the
demo units ``e01``–``e05``), 2 043 recorders in service on 31 December, 207 major decisions whose legality
review was filed on the one review desk in 2019 (the decisions demo's enforcement matters, linked here),
250 items on the no-penalty list, and 91% of the officers in enforcement posts holding a valid certificate.
Decisions carry the problems the services would flag (same ``problems.codes_of``); bodies and decisions
are shaped and written by ``generated_rows``, shared with the province demo and the benchmark."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from fazhi.core.demo import checked, day_in, loaded, pick
from fazhi.core.pii import make_id_card
from fazhi.orgs.models import OrgUnit

from . import generated_rows as rows
from .annual import demo_annual
from .generated_rows import FIELDS, TYPES
from .models import (
    ActionType,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    NoPenaltyItem,
    NoPenaltyList,
    Officer,
    Recorder,
)

SEED = 20190091
PUBLISHED_2019 = 53
OFFICERS_IN_POST, CERTIFIED = 1200, 1092  # 1092 / 1200 = 91%
RECORDERS_2019, RETIRED, ADDED_2020 = 2043, 57, 120
NO_PENALTY = 250
DECISIONS = {2018: 1500, 2019: 2000, 2020: 1800}
VIOLATIONS = [
    "未按规定公示营业执照",
    "未按规定办理备案",
    "广告中使用不规范用语",
    "未按规定建立台账",
    "超出核准范围经营但及时改正",
]


def _units() -> list[OrgUnit]:
    codes = (
        [f"d{i:02d}" for i in range(1, 46)]
        + [f"e{i:02d}" for i in range(1, 6)]
        + [f"t{i:02d}" for i in range(1, 24)]
    )
    return list(OrgUnit.objects.filter(code__in=codes).order_by("code"))


def _bodies(units: list[OrgUnit]) -> dict[int, EnforcementBody]:
    """One body per unit: the first 53 published in 2019, three published in 2020, the rest awaiting."""
    bodies = []
    for i, u in enumerate(units):
        published = date(2019, 3, 1) + timedelta(days=i) if i < PUBLISHED_2019 else None
        if PUBLISHED_2019 <= i < PUBLISHED_2019 + 3:
            published = date(2020, 4, 1)
        bodies.append(
            rows.body(
                u, i, published, "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》及“三定”规定"
            )
        )
    rows.save_bodies(bodies)
    return {b.org_id: b for b in bodies}


def _officers(rng: random.Random, units: list[OrgUnit]) -> dict[int, list[Officer]]:
    officers = []
    for n in range(OFFICERS_IN_POST + 60):
        officers.append(
            Officer(
                org=units[n % len(units)],
                name=rng.choice("王李张刘陈杨黄赵吴周徐孙") + rng.choice("伟芳娜敏静丽强磊军洋"),
                id_number=make_id_card("330381", date(1965, 1, 1) + timedelta(days=n * 7), n),
                in_post=n < OFFICERS_IN_POST,
                field=FIELDS[n % len(FIELDS)],
            )
        )
    checked(officers)
    Officer.objects.bulk_create(officers, batch_size=1000)
    certs = []
    for n, o in enumerate(officers):
        if n < CERTIFIED or n >= OFFICERS_IN_POST:
            issued = date(2016, 1, 4) + timedelta(days=n % 700)
            certs.append(
                Certificate(
                    officer=o,
                    number=f"ZJ33{n:06d}",
                    issuer="浙江省人民政府",
                    issued_on=issued,
                    valid_until=issued + timedelta(days=6 * 365),
                    training_hours=60,
                )
            )
        elif n % 2:  # the other uncertified in-post officers: a certificate that lapsed in 2019
            certs.append(
                Certificate(
                    officer=o,
                    number=f"ZJ33{n:06d}",
                    issuer="浙江省人民政府",
                    issued_on=date(2013, 6, 1),
                    valid_until=date(2019, 6, 30),
                )
            )
    checked(certs)
    Certificate.objects.bulk_create(certs, batch_size=1000)
    by_unit: dict[int, list[Officer]] = {}
    for o in officers[:OFFICERS_IN_POST]:
        by_unit.setdefault(o.org_id, []).append(o)
    return by_unit


def _recorders(units: list[OrgUnit]) -> int:
    rows = []
    for n in range(RECORDERS_2019 + RETIRED + ADDED_2020):
        start = (
            date(2017, 3, 1) + timedelta(days=n % 900) if n < RECORDERS_2019 + RETIRED else date(2020, 3, 2)
        )
        end = date(2019, 5, 31) if RECORDERS_2019 <= n < RECORDERS_2019 + RETIRED else None
        rows.append(
            Recorder(
                org=units[n % len(units)],
                serial=f"DSJ-{n + 1:06d}",
                model_name="DSJ-V7",
                in_service_from=min(start, date(2019, 5, 1)) if end else start,
                in_service_to=end,
            )
        )
    checked(rows)
    Recorder.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _no_penalty(gov: OrgUnit) -> None:
    """The 2019 list (250 items in force from 1 July 2019) superseding the 2018 one of 180 items."""
    versions = [
        NoPenaltyList(
            org=gov,
            name="2018版",
            published_on=date(2018, 6, 20),
            in_force_from=date(2018, 7, 1),
            superseded_on=date(2019, 7, 1),
        ),
        NoPenaltyList(org=gov, name="2019版", published_on=date(2019, 6, 18), in_force_from=date(2019, 7, 1)),
    ]
    checked(versions)
    NoPenaltyList.objects.bulk_create(versions)
    rows = [
        NoPenaltyItem(
            org=gov,
            list=lst,
            field=FIELDS[n % len(FIELDS)],
            violation=f"{VIOLATIONS[n % 5]}（第{n + 1}项）",
            legal_basis="《中华人民共和国行政处罚法》第三十三条",
            conditions="首次违法、危害后果轻微并及时改正",
            in_force_from=lst.in_force_from,
            in_force_until=lst.superseded_on,
        )
        for lst, count in zip(versions, (180, NO_PENALTY), strict=True)
        for n in range(count)
    ]
    checked(rows)
    NoPenaltyItem.objects.bulk_create(rows, batch_size=1000)


def _working(d: date) -> date:
    from fazhi.workdays import calendar

    return calendar.add_working_days(d, 1)


def _actions(
    rng: random.Random, bodies: dict[int, EnforcementBody], officers: dict[int, list[Officer]]
) -> int:
    """Decisions of 2018–2020, and one major decision for each enforcement matter on the review desk."""
    from fazhi.decisions.models import LegalityReview, SubjectKind

    reviews = list(
        LegalityReview.objects.filter(subject_kind=SubjectKind.ENFORCEMENT, subject_id__isnull=True).order_by(
            "id"
        )
    )
    specs: list[tuple[EnforcementBody, str, date, Any]] = []
    body_list = list(bodies.values())
    for year, n in DECISIONS.items():
        for _ in range(n):
            specs.append((rng.choice(body_list), pick(rng, TYPES), day_in(rng, year), None))
    for r in reviews:
        b = bodies.get(r.org_id) or rng.choice(body_list)
        decided = _working((r.concluded_on or r.received_on) + timedelta(days=rng.randint(1, 10)))
        specs.append((b, ActionType.PENALTY, decided, r))
    actions: list[EnforcementAction] = []
    crew: list[list[int]] = []
    for i, (b, kind, decided, review) in enumerate(specs):
        a = rows.decision(
            rng,
            b,
            kind,
            decided,
            f"{b.org.code}-{decided.year}-{i + 1:05d}",
            f"JL{i + 1:07d}",
            longest_filing=80 if i % 40 else 120,
            is_major=review is not None,
        )
        rows.publicize(rng, a, late_share=0.05, share=0.97)
        pool = officers.get(b.org_id) or next(iter(officers.values()))
        crew.append([o.pk for o in rng.sample(pool, min(2, len(pool)))])
        actions.append(a)

    def passed() -> set[int]:
        return {
            a.pk
            for a, (_, _, _, r) in zip(actions, specs, strict=True)
            if r is not None and r.passes_gate and r.concluded_on <= a.decided_on
        }

    rows.save_decisions(
        actions,
        crew,
        lambda n: (f"示例市{FIELDS[n % 8]}经营部{n % 300}", f"91330381MA2{n % 10**6:06d}"),
        passed,
    )
    for a, (_, _, _, r) in zip(actions, specs, strict=True):
        if r is not None:
            r.subject_id = a.pk
    LegalityReview.objects.bulk_update(reviews, ["subject_id"], batch_size=500)
    return len(actions)


@transaction.atomic
def load(stdout: Any = None, **_: Any) -> int:
    gov = OrgUnit.objects.filter(code="gov").first()
    if gov is None or EnforcementBody.objects.exists():
        return 0
    rng = random.Random(SEED)
    units = _units()
    bodies = _bodies(units)
    for b in bodies.values():
        b.org = next(u for u in units if u.pk == b.org_id)
    officers = _officers(rng, units)
    _recorders(units)
    _no_penalty(gov)
    count = _actions(rng, bodies, officers)
    demo_annual(list(bodies.values()), 2019, date(2020, 1, 20))
    from . import supervision_demo

    published = sorted((b for b in bodies.values() if b.published_on), key=lambda b: b.pk)
    supervision_demo.load(published[:3])
    return loaded("enforcement", "行政执法", "行政执法决定", count, stdout)
