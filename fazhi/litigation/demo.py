"""Demo litigation cases 2018–2020 for the 示例市 county (``fazhi demo``).

Deterministic (``random.Random(SEED)``), idempotent (skips when its cases exist), bulk inserts.
2019 reproduces the seed report: 573 concluded, 50 lost (败诉率 8.73%); head appearances vary by unit
so the quarterly circular has a ranking.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.pii import make_credit_code, make_id_card
from fazhi.orgs.models import OrgUnit

from .models import (
    CO_DEFENDANT_KINDS,
    LOSS_OUTCOMES,
    ActCategory,
    CoDefendant,
    CourtSession,
    HeadPost,
    Instance,
    JudgmentKind,
    LitigationCase,
    LossAccountability,
    Outcome,
    Plaintiff,
    Status,
    StatusChange,
)

SEED = 20190573
# Concluded cases per year and how many of them were lost; 2019 is the seed report's figure.
PLAN = {2018: (548, 55), 2019: (573, 50), 2020: (531, 41)}
OPEN_2020 = 24
MARKER = "(2019)浙0381行初1号"
NON_LOSS = [
    (Outcome.CLAIM_REJECTED, 45),
    (Outcome.SUIT_DISMISSED, 18),
    (Outcome.WITHDRAWN, 27),
    (Outcome.MEDIATED, 5),
    (Outcome.OTHER, 5),
]
LOSS = [
    (Outcome.REVOKED, 45),
    (Outcome.CONFIRMED_ILLEGAL, 25),
    (Outcome.ORDERED_TO_PERFORM, 15),
    (Outcome.ALTERED, 5),
    (Outcome.CONFIRMED_VOID, 4),
    (Outcome.COMPENSATION, 6),
]
CAUSES = {
    ActCategory.PENALTY: "不服行政处罚决定",
    ActCategory.COERCION: "不服强制拆除决定",
    ActCategory.LICENSING: "不服不予行政许可决定",
    ActCategory.EXPROPRIATION: "不服房屋征收补偿决定",
    ActCategory.REGISTRATION: "不服不动产登记行为",
    ActCategory.INFO_DISCLOSURE: "政府信息公开答复",
    ActCategory.AGREEMENT: "行政协议纠纷",
    ActCategory.INACTION: "要求履行法定职责",
    ActCategory.OTHER: "其他行政行为",
}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红海燕"
ABSENCE = ["参加上级重要会议", "公务出差", "因病请假", "同日另案出庭", "负责人岗位调整"]
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _day(rng: random.Random, year: int, first_month: int = 1) -> date:
    start = date(year, first_month, 1)
    return start + timedelta(days=rng.randrange((date(year, 12, 31) - start).days + 1))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _plaintiffs(rng: random.Random, n: int) -> list[Plaintiff]:
    out = []
    for _ in range(rng.choice((1, 1, 1, 2))):
        n += 1
        if rng.random() < 0.8:
            birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50))
            out.append(
                Plaintiff(
                    kind="person",
                    name=_name(rng),
                    id_number=make_id_card("330381", birth, n),
                    phone=f"13{rng.randrange(10**9):09d}",
                )
            )
        else:
            body = "9133038" + "".join(rng.choice(USCC) for _ in range(10))
            out.append(
                Plaintiff(
                    kind="organization",
                    name=f"示例市{_name(rng)}贸易有限公司",
                    id_number=make_credit_code(body),
                    phone=f"0577-6{rng.randrange(10**7):07d}",
                )
            )
    return out


def _units() -> tuple[list[tuple[OrgUnit, int]], dict[str, OrgUnit]]:
    codes = (
        [f"d{i:02d}" for i in range(1, 46)]
        + [f"e{i:02d}" for i in range(1, 6)]
        + [f"t{i:02d}" for i in range(1, 24)]
    )
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[*codes, "gov", "court", "court2"])}
    heavy = {"d05": 14, "d09": 12, "d24": 12, "d11": 8, "d08": 7, "d21": 7, "gov": 6}
    weighted = [(units[c], heavy.get(c, 3 if c.startswith("t") else 1)) for c in codes if c in units]
    weighted.append((units["gov"], heavy["gov"]))
    return weighted, units


@transaction.atomic
def load(stdout: Any = None, **_: Any) -> int:
    if LitigationCase.objects.filter(court_case_number=MARKER).exists():
        return 0
    rng = random.Random(SEED)
    weighted, units = _units()
    head_propensity = {u.pk: rng.choice((0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0)) for u, _ in weighted}
    specs: list[dict[str, Any]] = []
    for year, (n, lost) in PLAN.items():
        loss_idx = set(rng.sample(range(n), lost))
        for i in range(n):
            concluded = _day(rng, year, first_month=3 if year == 2018 else 1)
            served = concluded - timedelta(days=rng.randint(35, 150))
            outcome = _pick(rng, LOSS if i in loss_idx else NON_LOSS)
            specs.append(
                {"concluded": concluded, "served": served, "outcome": outcome, "second": rng.random() < 0.15}
            )
    for _ in range(OPEN_2020):
        specs.append(
            {
                "concluded": None,
                "served": date(2020, 12, 1) + timedelta(days=rng.randrange(31)),
                "outcome": "",
                "second": False,
            }
        )
    specs.sort(key=lambda s: (s["served"], s["concluded"] or date.max))
    seq: dict[tuple[int, str], int] = {}
    cases: list[LitigationCase] = []
    for s in specs:
        org, _w = rng.choices(weighted, weights=[w for _, w in weighted])[0]
        act = rng.choice(list(ActCategory))
        kind_code = "行终" if s["second"] else "行初"
        key = (s["served"].year, kind_code)
        seq[key] = seq.get(key, 0) + 1
        court_code = "浙03" if s["second"] else "浙0381"
        outcome = s["outcome"]
        jk = (
            ""
            if not outcome
            else (
                JudgmentKind.RULING
                if outcome in (Outcome.SUIT_DISMISSED, Outcome.WITHDRAWN, Outcome.MEDIATED)
                else JudgmentKind.JUDGMENT
            )
        )
        answer = s["served"] + timedelta(days=rng.randint(5, 15)) if outcome or rng.random() < 0.6 else None
        if answer and s["concluded"] and answer > s["concluded"]:
            answer = s["concluded"]
        case = LitigationCase(
            org=org,
            court=units["court2" if s["second"] else "court"],
            court_case_number=f"({s['served'].year}){court_code}{kind_code}{seq[key]}号",
            instance=Instance.SECOND if s["second"] else Instance.FIRST,
            cause=CAUSES[act],
            act_category=act,
            served_on=s["served"],
            answer_filed_on=answer,
            agents=f"{_name(rng)}、{_name(rng)}（律师）",
            judgment_kind=jk,
            outcome=outcome,
            concluded_on=s["concluded"],
            judgment_served_on=(s["concluded"] + timedelta(days=rng.randint(1, 6))) if outcome else None,
        )
        if not outcome:
            case.status = Status.ANSWERED if answer else Status.SERVED
        elif outcome in (Outcome.WITHDRAWN, Outcome.MEDIATED) or s["second"]:
            case.status, case.appeal_filed, case.appeal_decided_on = (
                Status.FINAL,
                False,
                case.judgment_served_on,
            )
        else:
            case.status, case.appeal_filed = Status.FINAL, False
            case.appeal_decided_on = case.judgment_served_on + timedelta(days=rng.randint(3, 10))
        case._sessions = _session_specs(rng, case, head_propensity[org.pk])  # type: ignore[attr-defined]
        if case._sessions and case.status == Status.ANSWERED:  # type: ignore[attr-defined]
            case.status = Status.IN_TRIAL
        cases.append(case)
    _link_appeals(cases)
    for case in cases:
        case.refresh_deadlines()  # bulk_create skips save(), which keeps the stored due dates
    LitigationCase.objects.bulk_create(cases, batch_size=500)
    _children(rng, cases, units)
    linked = _link_reconsideration(rng, cases)
    record(
        "litigation.demo_load",
        object_type="litigation.demo",
        object_repr="行政应诉演示数据",
        changes={"cases": len(cases), "linked_reconsideration": linked},
    )
    if stdout is not None:
        stdout.write(f"  行政诉讼案件 {len(cases)} 件")
    return len(cases)


def _session_specs(rng: random.Random, case: LitigationCase, propensity: float) -> list[CourtSession]:
    if case.outcome in (Outcome.WITHDRAWN,) and rng.random() < 0.7:
        return []
    start = case.answer_filed_on or case.served_on
    end = case.concluded_on or date(2020, 12, 31)
    if (end - start).days < 3 or (case.outcome == "" and rng.random() < 0.5):
        return []
    out = []
    for _ in range(1 if rng.random() < 0.85 else 2):
        held = start + timedelta(days=rng.randint(1, (end - start).days - 1))
        if rng.random() < propensity:
            post = _pick(
                rng,
                [
                    (HeadPost.PRINCIPAL, 25),
                    (HeadPost.DEPUTY, 40),
                    (HeadPost.IN_CHARGE, 30),
                    (HeadPost.OTHER, 5),
                ],
            )
            out.append(
                CourtSession(
                    held_on=held,
                    head_appeared=True,
                    head_name=_name(rng),
                    head_post=post,
                    notice_received_on=held - timedelta(days=rng.randint(3, 15)),
                )
            )
        else:
            out.append(
                CourtSession(
                    held_on=held,
                    head_appeared=False,
                    absence_reason=rng.choice(ABSENCE),
                    substitute=f"{_name(rng)}（工作人员）",
                    notice_received_on=held - timedelta(days=rng.randint(3, 15)),
                )
            )
    return sorted(out, key=lambda s: s.held_on)


def _link_appeals(cases: list[LitigationCase]) -> None:
    """Link each second-instance case to an earlier first-instance judgment of the same unit."""
    pool = [c for c in cases if c.instance == Instance.FIRST and c.judgment_kind == JudgmentKind.JUDGMENT]
    used: set[int] = set()
    for c in cases:
        if c.instance != Instance.SECOND:
            continue
        for i, first in enumerate(pool):
            if i in used or first.org_id != c.org_id or not first.judgment_served_on:
                continue
            if first.judgment_served_on + timedelta(days=10) <= c.served_on:
                used.add(i)
                c._previous = first  # type: ignore[attr-defined]
                first.status, first.appeal_filed = Status.APPEALED, True
                first.appeal_decided_on = first.judgment_served_on + timedelta(days=5)
                break


def _children(rng: random.Random, cases: list[LitigationCase], units: dict[str, OrgUnit]) -> None:
    plaintiffs, sessions, accs, history, links = [], [], [], [], []
    n = 0
    co_pool = [u for _code, u in sorted(units.items()) if u.kind in CO_DEFENDANT_KINDS]
    for c in cases:
        ps = _plaintiffs(rng, n)
        n += len(ps)
        for p in ps:
            p.case = c
        plaintiffs += ps
        for s in c._sessions:  # type: ignore[attr-defined]
            s.case = c
            sessions.append(s)
        if c.outcome in LOSS_OUTCOMES:
            opened = c.concluded_on + timedelta(days=rng.randint(7, 30))
            closed = opened + timedelta(days=rng.randint(20, 60)) if opened.year < 2020 else None
            accs.append(
                LossAccountability(
                    case=c,
                    org_id=c.org_id,
                    opened_on=opened,
                    closed_on=closed,
                    conclusion="已查明败诉原因，责成整改" if closed else "",
                    responsible_persons=_name(rng) if closed else "",
                )
            )
        history.append(
            StatusChange(case=c, from_status="", to_status=Status.SERVED, action="create", on=c.served_on)
        )
        if c.status != Status.SERVED:
            history.append(
                StatusChange(
                    case=c,
                    from_status=Status.SERVED,
                    to_status=c.status,
                    action="demo",
                    on=c.appeal_decided_on or c.answer_filed_on,
                )
            )
        if getattr(c, "_previous", None) is not None:
            c.previous_instance = c._previous  # type: ignore[attr-defined]
            links.append(c)
        if rng.random() < 0.03 and co_pool:
            # co-defendant: two bodies that acted together (联合执法); confirmed, as the bureau entered it.
            # Never the government or a court (issue 8 item 9).
            other = co_pool[c.pk % len(co_pool)]  # not from rng: the rest of the demo stays as it was
            if other.pk != c.org_id:
                c._co = CoDefendant(  # type: ignore[attr-defined]
                    case=c, org=other, state=CoDefendant.State.CONFIRMED, confirmed_at=c.created_at
                )
    Plaintiff.objects.bulk_create(plaintiffs, batch_size=1000)
    CourtSession.objects.bulk_create(sessions, batch_size=1000)
    LossAccountability.objects.bulk_create(accs, batch_size=1000)
    StatusChange.objects.bulk_create(history, batch_size=1000)
    LitigationCase.objects.bulk_update(links, ["previous_instance"], batch_size=500)
    CoDefendant.objects.bulk_create([c._co for c in cases if hasattr(c, "_co")])


def _link_reconsideration(rng: random.Random, cases: list[LitigationCase]) -> int:
    """复议后起诉: link some first-instance cases to a concluded reconsideration case of the same unit
    (at most one litigation case per reconsideration case). Nothing when no reconsideration demo exists."""
    from fazhi.reconsideration.models import ReconsiderationCase

    pool: dict[int, list[Any]] = {}
    for r in (
        ReconsiderationCase.objects.filter(concluded_on__isnull=False)
        .order_by("concluded_on", "id")
        .only("id", "org_id", "concluded_on")
    ):
        pool.setdefault(r.org_id, []).append(r)
    linked = []
    for c in cases:
        if c.instance != Instance.FIRST or rng.random() > 0.12:
            continue
        candidates = [
            r
            for r in pool.get(c.org_id, [])
            if r.concluded_on + timedelta(days=5) <= c.served_on and (c.served_on - r.concluded_on).days <= 60
        ]
        if candidates:
            r = candidates[0]
            pool[c.org_id].remove(r)
            c.related_reconsideration = r
            linked.append(c)
    LitigationCase.objects.bulk_update(linked, ["related_reconsideration"], batch_size=500)
    return len(linked)
