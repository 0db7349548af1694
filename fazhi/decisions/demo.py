"""Demo 重大行政决策 and 合法性审查 (``fazhi demo``), written through the services so every rule holds.

2019 gives the seed report: the catalogue holds 管道燃气特许经营 and 村(社区)规模优化调整, and the review
desk concluded 258 matters (近260, FIGURES ``decisions.legality_reviewed``). The catalogue decisions go
through every step and the hard gate by the services; the desk's other matters are bulk rows (as the other
modules' demos). Deterministic, idempotent.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.models import NumberSequence
from fazhi.orgs.models import OrgUnit, User
from fazhi.workdays import calendar

from . import contract_demo, services
from .models import (
    LegalityReview,
    MaterialWait,
    MeetingResult,
    Opinion,
    ReviewStatus,
    ReviewStatusChange,
    Step,
    SubjectKind,
)

SEED = 20190258
REVIEWED = {2018: 231, 2019: 258}
#: 2019's desk matters of fixed kinds: FIGURES ``enforcement.major_reviews_filed`` (「已备案登记执法决定法制审核
#: 207件」, linked by the enforcement demo) and enough normative drafts for the normative demo's 21 documents.
FIXED_KINDS = {2019: {SubjectKind.ENFORCEMENT: 207, SubjectKind.NORMATIVE: 34}}
#: (title, sponsor code, consultation days, shortened-consultation reason)
CATALOG_2019 = [
    ("管道燃气特许经营", "d11", 30, ""),
    ("村(社区)规模优化调整", "d06", 20, "按省定时间节点推进，征求意见期限缩短"),
    ("城市公共交通发展规划", "d12", 30, ""),
]
KINDS = [
    (SubjectKind.NORMATIVE, 20),
    (SubjectKind.CONTRACT, 35),
    (SubjectKind.ENFORCEMENT, 20),
    (SubjectKind.OTHER, 25),
]
TITLES = {
    SubjectKind.NORMATIVE: "关于{}的实施办法（送审稿）",
    SubjectKind.CONTRACT: "{}合作协议",
    SubjectKind.ENFORCEMENT: "{}重大行政处罚决定",
    SubjectKind.OTHER: "关于{}的请示",
}
TOPICS = [
    "农村宅基地管理",
    "老旧小区改造",
    "城市道路占用",
    "政府投资项目",
    "国有土地出让",
    "生活垃圾分类",
    "养老服务补贴",
]


def _working(d: date) -> date:
    return calendar.next_working_day_on_or_after(d)


def _full_decision(
    bureau: User, units: dict[str, OrgUnit], title: str, code: str, days: int, reason: str, k: int
) -> None:
    d = services.create_decision(
        actor=bureau,
        data=services.DecisionData(
            title,
            units[code],
            2019,
            in_catalog=True,
            planned_meeting_on=date(2019, 6, 20) + timedelta(days=30 * k),
        ),
    )
    start = date(2019, 3, 1) + timedelta(days=20 * k)
    steps: list[dict[str, Any]] = [
        {"step": Step.PUBLIC_PARTICIPATION, "date": start + timedelta(days=days), "started_on": start,
         "ended_on": start + timedelta(days=days), "comments_received": 40 + k, "comments_adopted": 12, "reason": reason},
        {"step": Step.EXPERT_REVIEW, "date": start + timedelta(days=days + 5), "experts": "法律顾问、行业专家5名", "conclusion": "方案可行"},
        {"step": Step.RISK_ASSESSMENT, "date": start + timedelta(days=days + 8), "risk_level": "low", "conclusion": "风险可控"},
    ]  # fmt: skip
    for data in steps:
        d = services.record_step(actor=bureau, decision=d, data=data)
    received = _working(start + timedelta(days=days + 10))
    review = services.create_review(
        actor=bureau,
        data=services.ReviewData(
            SubjectKind.DECISION, f"{title}决策草案", units[code], received, subject_id=d.pk
        ),
    )
    services.act(
        "conclude",
        actor=bureau,
        review=review,
        data={
            "date": calendar.add_working_days(received, 8),
            "opinion": Opinion.LAWFUL,
            "legal_basis": "国务院令第713号",
        },
    )
    meeting = calendar.add_working_days(received, 12)
    d = services.record_step(
        actor=bureau,
        decision=d,
        data={
            "step": Step.COLLECTIVE_DECISION,
            "date": meeting,
            "meeting": "市政府常务会议",
            "result": MeetingResult.AGREE,
        },
    )
    services.record_step(
        actor=bureau,
        decision=d,
        data={"step": Step.PUBLICATION, "date": meeting + timedelta(days=7), "channel": "市政府门户网站"},
    )


@transaction.atomic
def load(stdout: Any = None, **_: Any) -> int:
    bureau = User.objects.filter(username="bureau").first()
    gov = OrgUnit.objects.filter(code="gov").first()
    # The bureau's demo account acts where it exists; otherwise the system (None), audited as 系统.
    if gov is None or LegalityReview.objects.filter(org__path__startswith=gov.path).exists():
        return 0
    units = {u.code: u for u in OrgUnit.objects.filter(code__regex=r"^d\d\d$")}
    for k, (title, code, days, reason) in enumerate(CATALOG_2019):
        _full_decision(bureau, units, title, code, days, reason, k)
    catalog = services.catalog_for(gov, 2019, bureau)
    services.publish_catalog(actor=bureau, catalog=catalog, on=date(2019, 2, 28))
    count = len(CATALOG_2019) + _bulk_reviews(gov)
    contract_demo.load(bureau, stdout)
    record(
        "decisions.demo_load",
        object_type="decisions.demo",
        object_repr="重大行政决策演示数据",
        changes={"reviews": count},
    )
    if stdout is not None:
        stdout.write(f"  重大行政决策 {len(CATALOG_2019)} 项，合法性审查 {count} 项")
    return count


def _kinds(rng: random.Random, n: int, fixed: dict[str, int]) -> list[str]:
    """The subject kinds of ``n`` desk matters: ``fixed`` counts of some kinds, the rest by weight."""
    others = [(k, w) for k, w in KINDS if k not in fixed]
    kinds = [k for k, count in fixed.items() for _ in range(count)]
    kinds += [
        rng.choices([k for k, _ in others], weights=[w for _, w in others])[0] for _ in range(n - len(kinds))
    ]
    if fixed:
        rng.shuffle(kinds)
    return kinds


def _bulk_reviews(gov: OrgUnit) -> int:
    """The rest of the desk's concluded matters, written in bulk (the CHECK constraints still hold every
    row; the cached due dates come from ``refresh_deadlines``), numbered after the ones made above."""
    rng = random.Random(SEED)
    senders = list(OrgUnit.objects.filter(code__regex=r"^(d\d\d|t\d\d)$").order_by("code"))
    reviews: list[LegalityReview] = []
    waits: list[tuple[int, date, date]] = []
    for year, total in REVIEWED.items():
        seq = NumberSequence.objects.filter(org=gov, kind=services.REVIEW_KIND, year=year).first()
        last = seq.last if seq else 0
        n = total - (len(CATALOG_2019) if year == 2019 else 0)
        kinds = _kinds(rng, n, FIXED_KINDS.get(year, {}))
        for i in range(n):
            kind = kinds[i]
            received = _working(date(year, 1, 2) + timedelta(days=rng.randrange(300)))
            waited = 0
            if i % 9 == 0:
                asked = calendar.add_working_days(received, 3)
                back = calendar.add_working_days(asked, 4)
                waits.append((len(reviews), asked, back))
                waited = calendar.working_days_between(asked, back)
            opinion = rng.choices(list(Opinion), weights=[80, 17, 3])[0]
            last += 1
            r = LegalityReview(
                org=rng.choice(senders),
                number=services.REVIEW_PATTERN.format(abbr=gov.short_name, year=year, seq=last),
                numbering_government=gov,
                subject_kind=kind,
                title=TITLES[kind].format(rng.choice(TOPICS)),
                received_on=received,
                status=ReviewStatus.CONCLUDED,
                waited_days=waited,
                concluded_on=calendar.add_working_days(received, rng.randint(3, 16) + waited),
                opinion=opinion,
                reasons="" if opinion == Opinion.LAWFUL else "部分条款缺乏上位法依据",
                legal_basis="《中华人民共和国立法法》",
            )
            r.refresh_deadlines()
            reviews.append(r)
        NumberSequence.objects.update_or_create(
            org=gov, kind=services.REVIEW_KIND, year=year, defaults={"last": last}
        )
    LegalityReview.objects.bulk_create(reviews, batch_size=500)
    MaterialWait.objects.bulk_create(
        [
            MaterialWait(review=reviews[i], requested_on=a, received_on=b, note="补充起草说明")
            for i, a, b in waits
        ]
    )
    ReviewStatusChange.objects.bulk_create(
        [
            ReviewStatusChange(
                review=r,
                from_status=ReviewStatus.REVIEWING,
                to_status=r.status,
                action="conclude",
                on=r.concluded_on,
            )
            for r in reviews
        ],
        batch_size=500,
    )
    return len(reviews)
