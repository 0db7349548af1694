"""Demo cases of 示例市 for 2018–2020 (plus a few current ones) — ``fazhi demo``.

The 2019 figures equal the seed report (Ruian 2019): 146 accepted (受理; 153 received — received and
accepted are different figures, FIGURES.md); 144 concluded = 93 upheld, 14 rejected, 8 corrected,
27 withdrawn, 2 other. Randomness is seeded, so every run builds the same
cases; the loader does nothing when the 2019 cases exist. Rows are written with ``bulk_create`` (this
is fixture loading, not a user action) and one audit event records the load.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from fazhi.audit.services import record
from fazhi.core.dates import today as local_today
from fazhi.core.models import NumberPattern, NumberSequence
from fazhi.core.pii import make_credit_code, make_id_card
from fazhi.core.services import format_number, next_number
from fazhi.orgs.models import OrgUnit, User
from fazhi.workdays import calendar

from . import deadlines
from .models import (
    ActCategory,
    Channel,
    CorrectionRequest,
    Field,
    Hearing,
    Outcome,
    Party,
    Procedure,
    ReconsiderationCase,
    StatusChange,
    Suspension,
)
from .models import Status as S
from .services.cases import DEFAULT_PATTERN, NUMBER_KIND

SEED = 20190331
#: The seed report's 2019 outcome mix (FIGURES.md): 93 / 14 / 8 / 27 / 2.
OUTCOMES_2019 = (
    [Outcome.UPHELD] * 93
    + [Outcome.REJECTED_CLAIM] * 9
    + [Outcome.REJECTED_APPLICATION] * 5
    + [Outcome.REVOKED] * 4
    + [Outcome.ALTERED]
    + [Outcome.CONFIRMED_ILLEGAL] * 2
    + [Outcome.ORDERED_TO_PERFORM]
    + [Outcome.WITHDRAWN] * 27
    + [Outcome.TERMINATED] * 2
)
OTHER_YEARS_WEIGHTS = {
    Outcome.UPHELD: 62,
    Outcome.REJECTED_CLAIM: 7,
    Outcome.REJECTED_APPLICATION: 3,
    Outcome.REVOKED: 4,
    Outcome.ALTERED: 1,
    Outcome.CONFIRMED_ILLEGAL: 2,
    Outcome.ORDERED_TO_PERFORM: 1,
    Outcome.WITHDRAWN: 18,
    Outcome.MEDIATED: 1,
    Outcome.TERMINATED: 1,
}
#: respondent code → (weight, field, typical act categories, typical contested acts)
RESPONDENTS: dict[str, tuple[int, str, list[str], list[str]]] = {
    "d05": (
        30,
        Field.PUBLIC_SECURITY,
        [ActCategory.PENALTY, ActCategory.COERCION, ActCategory.INACTION],
        ["治安管理处罚决定", "行政拘留决定", "道路交通安全违法行为处罚", "不予立案通知"],
    ),
    "d09": (
        14,
        Field.NATURAL_RESOURCES,
        [ActCategory.PENALTY, ActCategory.CONFIRMATION, ActCategory.INFO_DISCLOSURE],
        ["土地违法行政处罚", "不动产权属确认", "政府信息公开答复"],
    ),
    "d21": (
        12,
        Field.MARKET,
        [ActCategory.PENALTY, ActCategory.INACTION],
        ["举报处理告知书", "虚假宣传行政处罚", "食品安全行政处罚"],
    ),
    "d08": (
        10,
        Field.HR_SOCIAL,
        [ActCategory.CONFIRMATION, ActCategory.INACTION],
        ["工伤认定决定", "不予认定工伤决定", "劳动保障监察投诉处理"],
    ),
    "d11": (
        8,
        Field.HOUSING,
        [ActCategory.LICENSING, ActCategory.EXPROPRIATION, ActCategory.INFO_DISCLOSURE],
        ["房屋征收补偿决定", "建设工程规划许可", "政府信息公开答复"],
    ),
    "d24": (
        8,
        Field.URBAN,
        [ActCategory.PENALTY, ActCategory.COERCION],
        ["违法建筑限期拆除决定", "占道经营行政处罚"],
    ),
    "d10": (4, Field.ENVIRONMENT, [ActCategory.PENALTY], ["环境违法行政处罚"]),
    "d12": (3, Field.TRANSPORT, [ActCategory.PENALTY], ["超限运输行政处罚"]),
    "d17": (
        3,
        Field.HEALTH,
        [ActCategory.PENALTY, ActCategory.LICENSING],
        ["医疗机构执业许可", "卫生行政处罚"],
    ),
    "d14": (2, Field.AGRICULTURE, [ActCategory.PENALTY], ["农业行政处罚"]),
    "d25": (
        2,
        Field.OTHER,
        [ActCategory.LICENSING, ActCategory.INFO_DISCLOSURE],
        ["行政许可决定", "政府信息公开答复"],
    ),
}
TOWNSHIP_ACTS = ["违法建筑强制拆除", "土地承包经营纠纷处理决定", "政府信息公开答复", "村民宅基地审批"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志海燕红"
COMPANIES = [
    "瑞丰贸易有限公司",
    "永安建设工程有限公司",
    "东方汽车配件有限公司",
    "南滨餐饮管理有限公司",
    "锦湖物业服务有限公司",
    "云江农业开发有限公司",
    "飞云鞋业有限公司",
]


@dataclass
class Plan:
    received: date
    org: str
    outcome: str = ""
    concluded: date | None = None
    declined: bool = False
    transferred: bool = False
    status: str = S.CONCLUDED
    extension: int = 0
    suspension: tuple[date, date | None] | None = None
    copy_sent: bool = True
    answered: bool = True
    extras: dict[str, Any] = field(default_factory=dict)


class Builder:
    def __init__(self, units: dict[str, OrgUnit], actor: User | None) -> None:
        self.rng = random.Random(SEED)
        self.units = units
        self.actor = actor
        self.codes = list(RESPONDENTS) + [f"t{i:02d}" for i in range(1, 24)]
        self.weights = [RESPONDENTS[c][0] for c in RESPONDENTS] + [1] * 23

    # -- dates ---------------------------------------------------------------------------------
    def working_day(self, start: date, end: date) -> date:
        span = (end - start).days
        d = start + timedelta(days=self.rng.randint(0, span))
        return calendar.next_working_day_on_or_after(d)

    def respondent(self) -> str:
        return self.rng.choices(self.codes, self.weights)[0]

    def outcome(self) -> str:
        return self.rng.choices(list(OTHER_YEARS_WEIGHTS), list(OTHER_YEARS_WEIGHTS.values()))[0]

    def concluded_plan(self, received: date, earliest: date, latest: date, outcome: str) -> Plan:
        """A case accepted after a few working days and decided between ``earliest`` and ``latest``."""
        plan = Plan(received=received, org=self.respondent(), outcome=outcome)
        accepted = calendar.add_working_days(received, self.rng.randint(1, 5))
        lo = max(earliest, accepted + timedelta(days=10 if outcome == Outcome.WITHDRAWN else 20))
        due = calendar.calendar_deadline(accepted, 60)
        hi = min(latest, due)
        if lo > hi:  # needs the Art 62 extension to fit
            plan.extension = 30
            hi = min(latest, calendar.calendar_deadline(accepted, 90))
        plan.concluded = lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))
        plan.extras["accepted"] = accepted
        return plan


def _plans(b: Builder) -> list[Plan]:
    rng = b.rng
    plans: list[Plan] = []
    # 2018: concluded within 2018, and 16 received late in 2018 that are concluded in 2019.
    for _ in range(112):
        r = b.working_day(date(2018, 1, 2), date(2018, 10, 15))
        plans.append(b.concluded_plan(r, r, date(2018, 12, 28), b.outcome()))
    for _ in range(3):
        plans.append(
            Plan(
                received=b.working_day(date(2018, 2, 1), date(2018, 11, 30)),
                org=b.respondent(),
                declined=True,
                status=S.DECLINED,
            )
        )
    outcomes_2019 = list(OUTCOMES_2019)
    rng.shuffle(outcomes_2019)
    for _ in range(16):
        r = b.working_day(date(2018, 11, 20), date(2018, 12, 21))
        plans.append(b.concluded_plan(r, date(2019, 1, 2), date(2019, 3, 29), outcomes_2019.pop()))
    # 2019: 153 received = 128 concluded in 2019 + 18 concluded in 2020 + 5 declined + 2 transferred;
    # 146 accepted (受理, the seed's 「受理复议申请146件」) = 128 + 18, all accepted within 2019.
    for _ in range(128):
        r = b.working_day(date(2019, 1, 2), date(2019, 10, 18))
        plans.append(b.concluded_plan(r, r, date(2019, 12, 31), outcomes_2019.pop()))
    if outcomes_2019:
        raise RuntimeError("2019 outcome list not used up")
    for _ in range(11):
        r = b.working_day(date(2019, 11, 4), date(2019, 12, 20))
        plans.append(b.concluded_plan(r, date(2020, 1, 2), date(2020, 3, 31), b.outcome()))
    # Seven more accepted late in 2019 and decided in 2020 (FIGURES.md: accepted = 146, received more).
    # Drawn from their own generator so the cases above keep exactly the dates they always had.
    extra = Builder(b.units, b.actor)
    extra.rng = random.Random(SEED + 2019)
    for _ in range(7):
        r = extra.working_day(date(2019, 11, 4), date(2019, 12, 13))
        plans.append(extra.concluded_plan(r, date(2020, 1, 2), date(2020, 3, 31), extra.outcome()))
    for i in range(7):
        r = b.working_day(date(2019, 1, 2), date(2019, 12, 20))
        plans.append(
            Plan(
                received=r,
                org=b.respondent(),
                declined=i < 5,
                transferred=i >= 5,
                status=S.DECLINED if i < 5 else S.TRANSFERRED,
            )
        )
    # 2020: concluded within the year, some declined, three left open and long overdue.
    for _ in range(138):
        r = b.working_day(date(2020, 1, 6), date(2020, 10, 16))
        plans.append(b.concluded_plan(r, r, date(2020, 12, 31), b.outcome()))
    for _ in range(4):
        plans.append(
            Plan(
                received=b.working_day(date(2020, 1, 6), date(2020, 11, 30)),
                org=b.respondent(),
                declined=True,
                status=S.DECLINED,
            )
        )
    for status in (S.ACCEPTED, S.UNDER_REVIEW, S.UNDER_REVIEW):
        r = b.working_day(date(2020, 8, 3), date(2020, 9, 30))
        p = Plan(received=r, org=b.respondent(), status=status, answered=status == S.UNDER_REVIEW)
        p.extras["accepted"] = calendar.add_working_days(r, 3)
        plans.append(p)
    # Two 2019 decisions came late (reconsideration.overdue); the outcome mix is unchanged.
    late = [
        p
        for p in plans
        if p.concluded
        and p.received.year == 2019
        and p.concluded.year == 2019
        and not p.extension
        and p.received < date(2019, 9, 1)
    ][-2:]
    for p in late:
        p.concluded = calendar.calendar_deadline(p.extras["accepted"], 60) + timedelta(
            days=rng.randint(3, 10)
        )
    # Suspensions (Art 39) on a few 2019 cases; the decision deadline moves by the suspended days.
    suspended = [p for p in plans if p.concluded and p.concluded.year == 2019 and p.received.year == 2019][:4]
    for p in suspended:
        start = p.extras["accepted"] + timedelta(days=15)
        if start < p.concluded - timedelta(days=12):
            p.suspension = (start, start + timedelta(days=10))
    return plans


def _party(b: Builder, role: str = Party.Role.APPLICANT) -> Party:
    rng = b.rng
    if rng.random() < 0.2 and role == Party.Role.APPLICANT:
        body = f"91330381MA{rng.randint(0, 9999999):07d}"
        return Party(
            role=role,
            kind=Party.Kind.ORGANIZATION,
            name="示例市" + rng.choice(COMPANIES),
            id_number=make_credit_code(body),
            phone=f"0577-6{rng.randint(1000000, 9999999)}",
        )
    birth = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return Party(
        role=role,
        kind=Party.Kind.PERSON,
        name=name,
        id_number=make_id_card("330381", birth, rng.randint(1, 999)),
        phone=f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}",
    )


def _act(b: Builder, code: str) -> tuple[str, str, str]:
    if code in RESPONDENTS:
        _, fld, cats, acts = RESPONDENTS[code]
        return fld, b.rng.choice(cats), b.rng.choice(acts)
    act = b.rng.choice(TOWNSHIP_ACTS)
    cat = {"违法建筑强制拆除": ActCategory.COERCION, "政府信息公开答复": ActCategory.INFO_DISCLOSURE}.get(
        act, ActCategory.CONFIRMATION
    )
    fld = (
        Field.URBAN
        if cat == ActCategory.COERCION
        else Field.NATURAL_RESOURCES
        if "土地" in act or "宅基地" in act
        else Field.OTHER
    )
    return fld, cat, act


def _after_working_days(start: date, n: int) -> date:
    """An invented event date n working days after ``start`` (demo history, not a deadline).

    The "current" cases sit around the real today, which may lie in a year whose holiday arrangement
    is not entered yet; the loader must not crash then. Event dates are made up anyway, so fall back
    to counting weekdays — the *deadlines* are computed by ``deadlines`` and show 日历缺失 there."""
    try:
        return calendar.add_working_days(start, n)
    except calendar.CalendarMissing:
        d, counted = start, 0
        while counted < n:
            d += timedelta(days=1)
            counted += d.weekday() < 5
        return d


def _working_day_on_or_after(d: date) -> date:
    """Like ``calendar.next_working_day_on_or_after`` for invented event dates (see above)."""
    try:
        return calendar.next_working_day_on_or_after(d)
    except calendar.CalendarMissing:
        while d.weekday() >= 5:
            d += timedelta(days=1)
        return d


def _build_case(
    b: Builder, plan: Plan, gov: OrgUnit, pattern: str, seq: int, today: date
) -> tuple[ReconsiderationCase, list[Any]]:
    rng = b.rng
    fld, cat, act = _act(b, plan.org)
    r = plan.received
    case = ReconsiderationCase(
        org=b.units[plan.org],
        number=format_number(pattern, year=r.year, seq=seq, abbr=gov.short_name),
        numbering_government=gov,
        year=r.year,
        seq=seq,
        status=plan.status,
        channel=rng.choice([Channel.WINDOW] * 6 + [Channel.POST] * 2 + [Channel.ONLINE] * 2),
        procedure=Procedure.ORDINARY if plan.extension or rng.random() < 0.85 else Procedure.SIMPLIFIED,
        contested_act=f"{b.units[plan.org].name}作出的{act}",
        act_category=cat,
        field=fld,
        act_date=r - timedelta(days=rng.randint(5, 55)),
        request=f"请求撤销{act}",
        received_on=r,
        is_major=rng.random() < 0.05,
        created_by=b.actor,
        updated_by=b.actor,
        extension_days=plan.extension,
    )
    rows: list[Any] = [_party(b)]
    if rng.random() < 0.15:
        rows.append(_party(b, Party.Role.THIRD_PARTY))
    if rng.random() < 0.25:
        rows.append(_party(b, Party.Role.AGENT))
    hist = [StatusChange(action="receive", to_status=S.RECEIVED, on=r, actor=b.actor)]
    case.acceptance_due = deadlines.compute_acceptance_due(case, [])
    if plan.declined or plan.transferred:
        on = _after_working_days(r, rng.randint(2, 5))
        if plan.declined:
            case.declined_on, case.decline_reason = on, "申请不符合受理条件（超过法定申请期限）"
        else:
            case.transferred_on, case.transfer_to = on, "示例地区行政公署"
        hist.append(
            StatusChange(
                action="decline" if plan.declined else "transfer",
                from_status=S.RECEIVED,
                to_status=plan.status,
                on=on,
                actor=b.actor,
            )
        )
        return case, rows + hist
    accepted = plan.extras["accepted"]
    if (
        case.procedure == Procedure.SIMPLIFIED
        and plan.concluded
        and plan.concluded > calendar.calendar_deadline(accepted, 30)
    ):
        case.procedure = Procedure.ORDINARY
    case.accepted_on = accepted
    hist.append(
        StatusChange(
            action="accept", from_status=S.RECEIVED, to_status=S.ACCEPTED, on=accepted, actor=b.actor
        )
    )
    case.copy_sent_on = _after_working_days(accepted, rng.randint(1, 3))
    hist.append(
        StatusChange(
            action="send_copy",
            from_status=S.ACCEPTED,
            to_status=S.ACCEPTED,
            on=case.copy_sent_on,
            actor=b.actor,
        )
    )
    if plan.answered:
        case.answered_on = _after_working_days(
            case.copy_sent_on, rng.randint(2, 5 if case.procedure == Procedure.SIMPLIFIED else 9)
        )
        if plan.concluded and case.answered_on > plan.concluded:
            case.answered_on = plan.concluded
        hist.append(
            StatusChange(
                action="record_answer",
                from_status=S.ACCEPTED,
                to_status=S.UNDER_REVIEW,
                on=case.answered_on,
                actor=b.actor,
            )
        )
    suspensions = []
    if plan.suspension:
        s = Suspension(
            suspended_on=plan.suspension[0], resumed_on=plan.suspension[1], reason="申请人因病不能参加复议"
        )
        suspensions.append(s)
        hist.append(
            StatusChange(
                action="suspend",
                from_status=S.UNDER_REVIEW,
                to_status=S.SUSPENDED,
                on=s.suspended_on,
                actor=b.actor,
            )
        )
        if s.resumed_on:
            hist.append(
                StatusChange(
                    action="resume",
                    from_status=S.SUSPENDED,
                    to_status=S.UNDER_REVIEW,
                    on=s.resumed_on,
                    actor=b.actor,
                )
            )
    if plan.extension:
        case.extended_on = _after_working_days(accepted, 30)
        case.extension_reason = "案情复杂，需进一步调查取证"
        hist.append(
            StatusChange(
                action="extend",
                from_status=S.UNDER_REVIEW,
                to_status=S.UNDER_REVIEW,
                on=case.extended_on,
                actor=b.actor,
            )
        )
    if case.is_major and case.answered_on:
        held = _after_working_days(case.answered_on, 8)
        if plan.concluded is None or held < plan.concluded:
            rows.append(
                Hearing(
                    held_on=held,
                    notified_on=_after_working_days(case.answered_on, 1),
                    place="示例市行政复议听证室",
                    summary="双方当事人到场陈述、质证",
                )
            )
    if plan.concluded:
        case.concluded_on, case.outcome = plan.concluded, plan.outcome
        hist.append(
            StatusChange(
                action="conclude",
                from_status=S.UNDER_REVIEW,
                to_status=S.CONCLUDED,
                on=plan.concluded,
                note=Outcome(plan.outcome).label,
                actor=b.actor,
            )
        )
    case.decision_due = deadlines.compute_decision_due(case, suspensions, today)
    return case, rows + suspensions + hist


def _current(b: Builder, gov: OrgUnit, today: date) -> None:
    """A handful of cases around today so the workbench shows 即将到期/已超期 items (normal services' data)."""
    specs = [  # (days ago received, respondent, status)
        (2, "d05", S.RECEIVED),
        (6, "d09", S.RECEIVED),
        (20, "d05", S.ACCEPTED),
        (45, "d21", S.UNDER_REVIEW),
        (58, "d05", S.UNDER_REVIEW),
        (75, "d08", S.UNDER_REVIEW),
        (30, "t03", S.SUSPENDED),
    ]
    for ago, code, status in specs:
        r = _working_day_on_or_after(today - timedelta(days=ago))
        if r > today:
            r = today
        seq, number = next_number(gov, NUMBER_KIND, r.year, DEFAULT_PATTERN)
        plan = Plan(
            received=r, org=code, status=status, answered=status != S.ACCEPTED and status != S.SUSPENDED
        )
        plan.extras["accepted"] = min(today, _after_working_days(r, 2))
        if status == S.SUSPENDED:
            plan.suspension = (min(today, r + timedelta(days=12)), None)
        case, rows = _build_case(b, plan, gov, DEFAULT_PATTERN, seq, today)
        case.number = number
        for name in ("copy_sent_on", "answered_on"):
            if getattr(case, name) and getattr(case, name) > today:
                setattr(case, name, today)
        if status == S.RECEIVED:
            case.accepted_on = case.copy_sent_on = case.answered_on = case.decision_due = None
            rows = [x for x in rows if not isinstance(x, StatusChange) or x.action == "receive"]
        if status == S.SUSPENDED:
            case.status_before_suspension = S.ACCEPTED
        case.save()
        _save_rows(case, rows)


def _save_rows(case: ReconsiderationCase, rows: list[Any]) -> None:
    for row in rows:
        row.case = case
    for model in (Party, StatusChange, Suspension, Hearing, CorrectionRequest):
        batch = [r for r in rows if isinstance(r, model)]
        if batch:
            model.objects.bulk_create(batch)


def _approvals(gov: OrgUnit) -> None:
    """The head's approval behind every step that needs one (延期, 中止, the decision …; issue 15 item 4)."""
    from fazhi.casefiles.approvals import approvals_for_history
    from fazhi.casefiles.models import Approval
    from fazhi.core.actions import approval_steps

    head = User.objects.filter(username="head").first() or User.objects.filter(username="bureau").first()
    if head is None:
        return
    steps = [t.name for t in approval_steps("reconsideration")]
    rows = StatusChange.objects.filter(case__org__path__startswith=gov.path, action__in=steps).select_related(
        "case", "actor"
    )
    Approval.objects.bulk_create(approvals_for_history(ReconsiderationCase, rows, head), batch_size=1000)


@transaction.atomic
def load(stdout: Any = None) -> int:
    """Add the demo cases once; returns the number of cases created (0 when already loaded)."""
    gov = OrgUnit.objects.filter(code="gov").first()
    if (
        gov is None
        or ReconsiderationCase.objects.filter(received_on__year=2019, org__path__startswith=gov.path).exists()
    ):
        return 0
    units = {
        u.code: u
        for u in OrgUnit.objects.filter(code__in=list(RESPONDENTS) + [f"t{i:02d}" for i in range(1, 24)])
    }
    actor = User.objects.filter(username="bureau").first()
    b = Builder(units, actor)
    today = local_today()
    row = NumberPattern.objects.filter(org=gov, kind=NUMBER_KIND).first()
    pattern = row.pattern if row else DEFAULT_PATTERN
    plans = sorted(_plans(b), key=lambda p: p.received)
    seqs: dict[int, int] = {}
    built = []
    for plan in plans:
        seqs[plan.received.year] = seqs.get(plan.received.year, 0) + 1
        built.append(_build_case(b, plan, gov, pattern, seqs[plan.received.year], today))
    cases = ReconsiderationCase.objects.bulk_create([c for c, _ in built])
    for case, (_, rows) in zip(cases, built, strict=True):
        for r in rows:
            r.case = case
    for model in (Party, StatusChange, Suspension, Hearing):
        model.objects.bulk_create([r for _, rows in built for r in rows if isinstance(r, model)])
    for year, last in seqs.items():
        NumberSequence.objects.update_or_create(org=gov, kind=NUMBER_KIND, year=year, defaults={"last": last})
    _current(b, gov, today)
    _approvals(gov)
    total = ReconsiderationCase.objects.filter(org__path__startswith=gov.path).count()
    record(
        "reconsideration.demo_load",
        actor=actor,
        object_type="reconsideration.reconsiderationcase",
        object_repr="行政复议演示数据",
        changes={"cases": total},
    )
    if stdout is not None:
        stdout.write(f"  行政复议案件 {total} 件")
    return total
