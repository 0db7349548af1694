"""行政执法 of each county of the province demo (``fazhi demo --province``, issue 16 item 5): one published
enforcement body per department and township, its officers in post with certificates — a share of them
lapsed on 30 June 2019 that varies by county, so 持证率 ranks the counties apart — and ``per_year`` decisions
in each year 2018–2020 whose publicity rate also varies by county. Deterministic (seeded by the county's
code); its bodies and decisions are shaped, checked and written by ``generated_rows`` (as the demo's). The
county is any object with ``index``, ``government`` and ``respondents`` (``core.province_demo.DemoCounty``)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from fazhi.core.demo import checked, day_in, pick
from fazhi.core.pii import make_id_card

from . import generated_rows as rows
from .models import Certificate, EnforcementBody, Officer

YEARS = (2018, 2019, 2020)
OFFICERS_PER_BODY = 6
LAPSED_ON = date(2019, 6, 30)


def lapsed_share(index: int) -> float:
    """The share of a county's officers whose certificate lapsed mid-2019 (0 %–25 %: varied 持证率)."""
    return 0.05 * (index % 6)


def load_county(county: Any, per_year: int = 40) -> int:
    """Bodies, officers, certificates and decisions of one county (the caller holds the transaction)."""
    rng = random.Random(f"demo:{county.government.code}:enforcement")
    bodies = [
        rows.body(unit, k, date(2017, 3, 1) + timedelta(days=k), "“三定”规定")
        for k, unit in enumerate(county.respondents)
    ]
    rows.save_bodies(bodies)
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
            kind = pick(rng, rows.TYPES)
            a = rows.decision(
                rng,
                body,
                kind,
                day_in(rng, year),
                f"{body.org.code}-{year}-{i + 1:05d}",
                f"FSJL{county.index:02d}{year}{i:05d}",
            )
            rows.publicize(rng, a, late_share)
            actions.append(a)
            crew_of.append(rng.sample(crews[body.org_id], 2))
    fields = rows.FIELDS
    rows.save_decisions(
        actions,
        crew_of,
        lambda n: (
            f"示范{fields[n % len(fields)]}经营部{county.index}-{n}",
            f"91350{county.index:03d}MA{n:07d}",
        ),
    )
    return len(actions)
