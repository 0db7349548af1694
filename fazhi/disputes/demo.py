"""Demo disputes 2018–2020 (``fazhi demo``): deterministic, idempotent, bulk inserts (``core.demo``).

2019 reproduces the seed report: 572 handled, 372 resolved (化解率 65.03%).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from fazhi.core.demo import checked, day_in, history, loaded, number_in_order, person, pick
from fazhi.orgs.models import OrgUnit

from .actions import bulk_history
from .models import Channel, Dispute, DisputeParty, Source, Status, StatusChange
from .services import NUMBERING

SEED = 20190572
# Disputes closed per year and how many of them were resolved; 2019 is the seed report's figure.
PLAN = {2018: (515, 318), 2019: (572, 372), 2020: (598, 409)}
OPEN_2020 = 31
SOURCES = [
    (Source.PRE_LITIGATION, 40),
    (Source.LITIGATION, 30),
    (Source.RECONSIDERATION, 20),
    (Source.PETITION, 10),
]
COURT, BODY, AGENCY = Channel.COURT, Channel.RECONSIDERATION_BODY, Channel.RESPONSIBLE_AGENCY
CHANNEL_BY_SOURCE = {
    Source.PRE_LITIGATION: [(AGENCY, 60), (COURT, 25), (BODY, 15)],
    Source.LITIGATION: [(COURT, 80), (AGENCY, 20)],
    Source.RECONSIDERATION: [(BODY, 85), (AGENCY, 15)],
    Source.PETITION: [(AGENCY, 90), (BODY, 10)],
}
HOW = "协调后撤回起诉 行政机关自行纠正 达成和解协议 调解结案 释法明理后息诉罢访".split()
SUMMARIES = [
    f"{what}争议"
    for what in "征收补偿标准 行政处罚决定 工伤认定 不动产登记 政府信息公开 违法建筑拆除 社会保险待遇 行政许可".split()
]
BUSY = {"d05": 6, "d09": 6, "d24": 6, "d08": 6}  # units with many disputes; townships 3, others 1


def _dates(rng: random.Random) -> list[tuple[date, date | None, bool | None]]:
    """(opened, closed, resolved) of every demo dispute, in order of opening."""
    specs: list[tuple[date, date | None, bool | None]] = []
    for year, (n, resolved) in PLAN.items():
        ok = set(rng.sample(range(n), resolved))
        for i in range(n):
            closed = day_in(rng, year)
            opened = max(date(2018, 1, 2), closed - timedelta(days=rng.randint(10, 120)))
            specs.append((opened, max(closed, opened), i in ok))
    specs += [(date(2020, 10, 1) + timedelta(days=rng.randrange(90)), None, None) for _ in range(OPEN_2020)]
    return sorted(specs, key=lambda s: (s[0], s[1] or date.max))


@transaction.atomic
def load(stdout: Any = None, **_: Any) -> int:
    gov = OrgUnit.objects.filter(code="gov").first()
    first = NUMBERING.default_pattern.format(abbr=gov.short_name, year=2019, seq=1) if gov else ""
    if gov is None or Dispute.objects.filter(number=first).exists():
        return 0
    rng = random.Random(SEED)
    codes = [f"d{i:02d}" for i in range(1, 46)] + [f"t{i:02d}" for i in range(1, 24)]
    units = list(OrgUnit.objects.filter(code__in=codes).order_by("code"))
    weights = [BUSY.get(u.code, 3 if u.code.startswith("t") else 1) for u in units]
    from fazhi.litigation.models import LitigationCase

    cases: dict[int, list[Any]] = {}
    for c in LitigationCase.objects.only("id", "org_id", "served_on").order_by("served_on"):
        cases.setdefault(c.org_id, []).append(c)
    disputes: list[Dispute] = []
    for opened, closed, resolved in _dates(rng):
        org = rng.choices(units, weights=weights)[0]
        source = pick(rng, SOURCES)
        earlier = (
            [c for c in cases.get(org.pk, []) if c.served_on <= opened] if source == Source.LITIGATION else []
        )
        disputes.append(
            Dispute(
                org=org,
                source=source,
                channel=pick(rng, CHANNEL_BY_SOURCE[source]),
                summary=rng.choice(SUMMARIES),
                opened_on=opened,
                closed_on=closed,
                resolved=resolved,
                related_litigation=earlier[-1] if earlier else None,
                status=Status.CLOSED if closed else Status.OPEN,
                how_resolved=rng.choice(HOW) if resolved else "",
            )
        )
    number_in_order(disputes, gov=gov, kind=NUMBERING.kind, pattern=NUMBERING.default_pattern, on="opened_on")
    checked(disputes)  # the model's rules (事权单位, choices, dates) on the bulk path as well
    Dispute.objects.bulk_create(disputes, batch_size=500)
    parties = [DisputeParty(dispute=d, **person(rng, i)) for i, d in enumerate(disputes)]
    DisputeParty.objects.bulk_create(parties, batch_size=1000)
    history(StatusChange, disputes, bulk_history)
    return loaded("disputes", "行政争议化解", "行政争议", len(disputes), stdout)
