"""Demo disputes 2018–2020 (``fazhi demo``): deterministic, idempotent, bulk inserts.

2019 reproduces the seed report: 572 handled, 372 resolved (化解率 65.03%).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.models import NumberSequence
from fazhi.core.pii import make_id_card
from fazhi.orgs.models import OrgUnit

from .models import Channel, Dispute, DisputeParty, Source, Status, StatusChange
from .services import DEFAULT_PATTERN, NUMBER_KIND

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
CHANNEL_BY_SOURCE = {
    Source.PRE_LITIGATION: [
        (Channel.RESPONSIBLE_AGENCY, 60),
        (Channel.COURT, 25),
        (Channel.RECONSIDERATION_BODY, 15),
    ],
    Source.LITIGATION: [(Channel.COURT, 80), (Channel.RESPONSIBLE_AGENCY, 20)],
    Source.RECONSIDERATION: [(Channel.RECONSIDERATION_BODY, 85), (Channel.RESPONSIBLE_AGENCY, 15)],
    Source.PETITION: [(Channel.RESPONSIBLE_AGENCY, 90), (Channel.RECONSIDERATION_BODY, 10)],
}
HOW = ["协调后撤回起诉", "行政机关自行纠正", "达成和解协议", "调解结案", "释法明理后息诉罢访"]
SUMMARIES = [
    "征收补偿标准争议",
    "行政处罚决定争议",
    "工伤认定争议",
    "不动产登记争议",
    "政府信息公开争议",
    "违法建筑拆除争议",
    "社会保险待遇争议",
    "行政许可争议",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭"


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


@transaction.atomic
def load(stdout: Any = None, **_: Any) -> int:
    gov = OrgUnit.objects.filter(code="gov").first()
    if (
        gov is None
        or Dispute.objects.filter(
            number=DEFAULT_PATTERN.format(abbr=gov.short_name, year=2019, seq=1)
        ).exists()
    ):
        return 0
    rng = random.Random(SEED)
    codes = [f"d{i:02d}" for i in range(1, 46)] + [f"t{i:02d}" for i in range(1, 24)]
    units = list(OrgUnit.objects.filter(code__in=codes).order_by("code"))
    weights = [
        6 if u.code in ("d05", "d09", "d24", "d08") else (3 if u.code.startswith("t") else 1) for u in units
    ]
    specs: list[tuple[date, date | None, bool | None]] = []
    for year, (n, resolved) in PLAN.items():
        ok = set(rng.sample(range(n), resolved))
        for i in range(n):
            closed = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            opened = max(date(2018, 1, 2), closed - timedelta(days=rng.randint(10, 120)))
            specs.append((opened, max(closed, opened), i in ok))
    specs += [(date(2020, 10, 1) + timedelta(days=rng.randrange(90)), None, None) for _ in range(OPEN_2020)]
    specs.sort(key=lambda s: (s[0], s[1] or date.max))
    from fazhi.litigation.models import LitigationCase

    lit_by_org: dict[int, list[Any]] = {}
    for c in LitigationCase.objects.only("id", "org_id", "served_on").order_by("served_on"):
        lit_by_org.setdefault(c.org_id, []).append(c)
    seq: dict[int, int] = {}
    disputes: list[Dispute] = []
    for opened, closed, resolved in specs:
        org = rng.choices(units, weights=weights)[0]
        source = _pick(rng, SOURCES)
        seq[opened.year] = seq.get(opened.year, 0) + 1
        related = None
        if source == Source.LITIGATION:
            earlier = [c for c in lit_by_org.get(org.pk, []) if c.served_on <= opened]
            related = earlier[-1] if earlier else None
        disputes.append(
            Dispute(
                org=org,
                number=DEFAULT_PATTERN.format(abbr=gov.short_name, year=opened.year, seq=seq[opened.year]),
                numbering_government=gov,
                source=source,
                channel=_pick(rng, CHANNEL_BY_SOURCE[source]),
                summary=rng.choice(SUMMARIES),
                opened_on=opened,
                closed_on=closed,
                resolved=resolved,
                related_litigation=related,
                status=Status.CLOSED if closed else Status.OPEN,
                how_resolved=rng.choice(HOW) if resolved else "",
            )
        )
    Dispute.objects.bulk_create(disputes, batch_size=500)
    parties, history = [], []
    for i, d in enumerate(disputes):
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
        parties.append(
            DisputeParty(
                dispute=d,
                name=rng.choice(SURNAMES) + rng.choice("伟芳娜敏静丽强磊军洋"),
                id_number=make_id_card("330381", birth, i),
                phone=f"13{rng.randrange(10**9):09d}",
            )
        )
        history.append(StatusChange(dispute=d, to_status=Status.OPEN, action="create", on=d.opened_on))
        if d.closed_on:
            history.append(
                StatusChange(
                    dispute=d,
                    from_status=Status.OPEN,
                    to_status=Status.CLOSED,
                    action="close",
                    on=d.closed_on,
                )
            )
    DisputeParty.objects.bulk_create(parties, batch_size=1000)
    StatusChange.objects.bulk_create(history, batch_size=1000)
    for year, last in seq.items():
        NumberSequence.objects.update_or_create(org=gov, kind=NUMBER_KIND, year=year, defaults={"last": last})
    record(
        "disputes.demo_load",
        object_type="disputes.demo",
        object_repr="行政争议化解演示数据",
        changes={"disputes": len(disputes)},
    )
    if stdout is not None:
        stdout.write(f"  行政争议 {len(disputes)} 件")
    return len(disputes)
