"""Demo of 法治建设综合 (``fazhi demo``): deterministic, idempotent, bulk (``core.demo``). 2019 gives the seed
report: the secretary's 2019-07-04 committee meeting and 12-04 宪法日, the mayor's 05-09 leading-group
meeting, study of 《重大行政决策程序暂行条例》 and 《浙江省行政程序办法》, a training of 206 cadres, the six
indicator values (confirmed by the bureau) and a few advisers 顾而不问 on 31 December."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from fazhi.core.demo import checked, history, loaded, person
from fazhi.orgs.models import OrgUnit, User

from . import models as m

SEED = 20191204
S, MY = "secretary", "mayor"
DUTIES = [
    (S, date(2019, 7, 4), "meeting", "主持召开市委全面依法治市委员会第一次会议，研究法治政府建设等工作"),
    (S, date(2019, 12, 4), "constitution_day", "参加“12·4”国家宪法日活动并致辞"),
    (S, date(2019, 3, 21), "study", "主持市委常委会议学习法律法规和党内法规"),
    (S, date(2019, 9, 12), "study", "主持市委常委会议学习法律法规和党内法规"),
    (S, date(2019, 10, 8), "instruction", "对降低行政败诉率、推进法治建设第一责任人履职等工作作出批示"),
    (
        MY,
        date(2019, 5, 9),
        "meeting",
        "主持召开市法治政府建设工作领导小组（扩大）会议，强调要加强依法行政、规范行政征收程序、降低行政败诉率",
    ),
    (MY, date(2019, 4, 18), "study", "主持市政府常务会议学习重要法律法规"),
    (MY, date(2019, 11, 6), "instruction", "对降低行政败诉率、合法性审查、公证服务改革等工作作出重要指示"),
    (S, date(2020, 6, 18), "meeting", "主持召开市委全面依法治市委员会第二次会议"),
    (MY, date(2020, 4, 9), "meeting", "主持召开市法治政府建设工作领导小组会议"),
]
STUDY = [
    ("市政府常务会议", date(2019, 4, 18), ["《重大行政决策程序暂行条例》"]),
    ("市政府常务会议", date(2019, 8, 22), ["《浙江省行政程序办法》"]),
    ("市委常委会议", date(2019, 9, 12), ["《中华人民共和国宪法》", "《中国共产党党内法规制定条例》"]),
    ("市政府常务会议", date(2020, 5, 14), ["《中华人民共和国民法典》"]),
]
TRAININGS = [
    ("全市领导干部法治专题培训班（征收拆改）", date(2019, 10, 24), date(2019, 10, 25), 206, Decimal("12")),
    ("行政执法人员公共法律知识培训", date(2020, 9, 10), date(2020, 9, 11), 180, Decimal("8")),
]
EXAMS = [
    ("领导干部学法用法知识考试", date(2019, 11, 20), 412, 405),
    ("行政执法人员培训考试", date(2019, 12, 10), 386, 351),
]
#: indicator key -> (value, owner unit code); list-type indicators get their items
VALUES = {
    "business.online_rate": (100, "d27"),
    "business.mobile_rate": (100, "d27"),
    "business.startup_hours": (8, "d21"),
    "business.investment_approval_days": (90, "d01"),
    "business.commitment_items": (79, "d25"),
    "business.commitment_negative_items": (89, "d25"),
}
FIRMS = ["浙江某某律师事务所", "示例市某某律师事务所", "某某（温州）律师事务所"]
# (unit code, consulted in the last half of 2019?) — the False ones are 顾而不问 on 2019-12-31
ADVISERS = [
    ("gov", True),
    ("sfj", True),
    ("d05", True),
    ("d08", False),
    ("d09", True),
    ("d12", False),
    ("d21", True),
    ("d24", True),
    ("d25", True),
    ("t01", False),
    ("t02", True),
    ("t05", True),
]
RECTIFICATIONS = [
    ("d05", "行政执法案卷评查发现的程序问题整改", date(2019, 6, 30), date(2019, 6, 20)),
    ("d08", "法律顾问作用发挥不充分问题整改", date(2019, 9, 30), date(2019, 10, 15)),
    ("d24", "行政机关负责人出庭应诉率偏低问题整改", date(2019, 12, 31), date(2019, 12, 26)),
    ("t01", "合法性审查机制落实不到位问题整改", date(2020, 3, 31), None),
    ("d12", "规范性文件备案不及时问题整改", date(2020, 6, 30), None),
]

#: The 2020 法治政府建设工作要点 (seed report 四): five directions, each led by a unit.
PLAN_2020 = [
    (
        "继续强化组织统筹协调",
        "sfj",
        "加强党委领导，完善法治政府建设考核指标体系，开展法治政府建设进展情况督促检查，打通法治建设“最后一公里”。",
    ),
    (
        "继续强化决策制度体系构建",
        "sfj",
        "完善重大行政决策目录管理，提升规范性文件制定水准，统筹推进公共法律服务平台和法治示范乡镇、民主法治示范村建设。",
    ),
    (
        "继续强化科技助推职能转变",
        "d27",
        "将数字化变革融入法治政府建设，规范自由裁量权，推进“一件事”改革，以法治保障营商环境优化。",
    ),
    (
        "继续强化行政执法规范",
        "d21",
        "推进执法结果公开、过程公开，深化综合行政执法体制改革，推动行政执法公示等“三项制度”全覆盖。",
    ),
    (
        "继续强化矛盾纠纷化解",
        "sfj",
        "加强基层依法治理，做大做强行政复议，严格执行行政诉讼败诉责任调查制度，推动案件总量和败诉率双下降。",
    ),
]


#: The 2019 法治政府建设工作要点: (title, lead unit, co-units, status, progress notes).
PLAN_2019 = [
    (
        "深化法治政府建设示范创建",
        "sfj",
        ["gov", "d27"],
        m.PlanStatus.DONE,
        [
            (date(2019, 6, 28), "完成示范创建自评", "in_progress"),
            (date(2019, 12, 20), "通过省级评估", "done"),
        ],
    ),
    (
        "健全重大行政决策程序制度",
        "sfj",
        ["d01"],
        m.PlanStatus.DONE,
        [(date(2019, 9, 30), "公布年度重大行政决策事项目录", "done")],
    ),
    (
        "推进综合行政执法体制改革",
        "d21",
        ["sfj", "d05"],
        m.PlanStatus.IN_PROGRESS,
        [(date(2019, 10, 15), "完成执法事项划转清单", "in_progress")],
    ),
    (
        "落实行政机关负责人出庭应诉制度",
        "sfj",
        ["d24"],
        m.PlanStatus.LATE,
        [(date(2019, 11, 30), "部分单位负责人出庭率未达要求", "late")],
    ),
    ("推进“最多跑一次”改革向纵深发展", "d27", ["d25"], m.PlanStatus.NOT_STARTED, []),
]
#: The 2019 督查 and its findings: (unit, problem, due, completed) — one overdue.
INSPECTION = ("2019年度法治政府建设全面督查", date(2019, 11, 12))
FINDINGS = [
    ("d09", "行政执法公示信息更新不及时", date(2019, 12, 15), date(2019, 12, 10)),
    ("d12", "规范性文件合法性审查记录不完整", date(2019, 12, 31), date(2020, 1, 20)),
    ("t02", "乡镇法制审核人员未配备到位", date(2020, 1, 31), None),
]
#: The 2019 考核 indicator tree: (first-level title, weight, [(second-level, weight, max score)]).
ASSESSMENT_TREE = [
    ("依法全面履行政府职能", 30, [("权责清单动态调整", 15, 15), ("“最多跑一次”改革落实", 15, 15)]),
    ("依法科学民主决策", 30, [("重大行政决策程序执行", 20, 20), ("法律顾问作用发挥", 10, 10)]),
    ("严格规范公正文明执法", 25, [("行政执法三项制度", 15, 15), ("执法案卷评查", 10, 10)]),
    ("依法有效化解社会矛盾", 15, [("行政机关负责人出庭应诉", 10, 10), ("行政复议纠错整改", 5, 5)]),
]
ASSESSED = ["d01", "d05", "d08", "d09", "d12", "d21", "d24", "d25", "d27", "t01", "t02", "t05"]
PARTICIPANTS = TRAININGS[0][3]  # the 2019 training's list: as many names as it had participants


def _plan_2019(units: dict[str, OrgUnit], bureau: User | None) -> int:
    items = [
        m.PlanItem(
            org=units[code],
            year=2019,
            title=t,
            content="",
            due_on=date(2019, 12, 31),
            order=(i + 1) * 10,
            status=status,
        )
        for i, (t, code, _co, status, _notes) in enumerate(PLAN_2019)
    ]
    checked(items)
    m.PlanItem.objects.bulk_create(items)
    through = m.PlanItem.co_units.through
    through.objects.bulk_create(
        through(planitem_id=p.pk, orgunit_id=units[c].pk)
        for p, (_t, _l, co, _s, _n) in zip(items, PLAN_2019, strict=True)
        for c in co
    )
    notes = [
        m.PlanProgress(item=p, date=d, note=n, status=st, author=bureau)
        for p, (*_, rows) in zip(items, PLAN_2019, strict=True)
        for d, n, st in rows
    ]
    checked(notes)
    m.PlanProgress.objects.bulk_create(notes)
    return len(items) + len(notes)


def _inspection(units: dict[str, OrgUnit]) -> int:
    title, on = INSPECTION
    i = m.Inspection(
        org=units["sfj"],
        title=title,
        date=on,
        subject="对各单位法治政府建设工作要点落实情况开展全面督查",
        status=m.InspectionStatus.CLOSED,
        closed_on=date(2019, 12, 31),
    )
    checked([i])
    i.save()
    history(
        m.InspectionChange,
        [i],
        lambda r: [
            ("create", "", m.InspectionStatus.OPEN, r.date),
            ("close", m.InspectionStatus.OPEN, m.InspectionStatus.CLOSED, r.closed_on),
        ],
    )
    findings = [m.Finding(inspection=i, org=units[c], text=t) for c, t, _d, _c in FINDINGS]
    checked(findings)
    m.Finding.objects.bulk_create(findings)
    rects = [
        m.Rectification(
            org=f.org,
            title=f.text,
            due_on=due,
            completed_on=done,
            status=m.RectificationStatus.DONE if done else m.RectificationStatus.OPEN,
            evidence="已完成整改并报送整改报告" if done else "",
            finding=f,
        )
        for f, (_c, _t, due, done) in zip(findings, FINDINGS, strict=True)
    ]
    checked(rects)
    m.Rectification.objects.bulk_create(rects)
    return 1 + len(findings) + len(rects)


def _assessment(rng: random.Random, units: dict[str, OrgUnit]) -> int:
    a = m.Assessment(org=units["sfj"], year=2019, title="法治政府建设考核")
    checked([a])
    a.save()
    leaves: list[m.AssessmentItem] = []
    for i, (title, weight, children) in enumerate(ASSESSMENT_TREE):
        parent = m.AssessmentItem(
            assessment=a, title=title, weight=Decimal(weight), max_score=Decimal(weight), order=i * 100
        )
        parent.save()
        for j, (ct, w, top) in enumerate(children):
            leaf = m.AssessmentItem(
                assessment=a,
                parent=parent,
                title=ct,
                weight=Decimal(w),
                max_score=Decimal(top),
                order=i * 100 + j + 1,
            )
            leaf.save()
            leaves.append(leaf)
    scores = [
        m.AssessmentScore(
            item=leaf,
            org=units[code],
            score=(leaf.max_score * Decimal(rng.randint(70, 100)) / 100).quantize(Decimal("0.1")),
        )
        for code in ASSESSED
        for leaf in leaves
    ]
    checked(scores)
    m.AssessmentScore.objects.bulk_create(scores)
    return 1 + len(leaves) + len(scores)


def _participants(rng: random.Random, training: m.Training, units: dict[str, OrgUnit]) -> int:
    """The training's list of made-up cadres; the first names are the demo's enforcement officers (matched
    by ID number), so their certificates' annual hours read from the list."""
    from django.apps import apps

    officers: list[tuple[str, str, OrgUnit]] = []
    if apps.is_installed("fazhi.enforcement"):
        from fazhi.enforcement.models import Officer

        officers = [
            (o.name, o.id_number, o.org) for o in Officer.objects.select_related("org").order_by("id")[:20]
        ]
    pool = [u for code, u in sorted(units.items()) if code != "gov"]
    rows = [
        m.TrainingParticipant(training=training, name=name, org=org, id_number=idn, hours=training.hours)
        for name, idn, org in officers
    ]
    for n in range(len(rows), PARTICIPANTS):
        p = person(rng, 5000 + n)
        rows.append(
            m.TrainingParticipant(
                training=training,
                name=p["name"],
                org=pool[n % len(pool)],
                id_number=p["id_number"] if n % 3 == 0 else "",
                hours=training.hours,
            )
        )
    checked(rows)
    m.TrainingParticipant.objects.bulk_create(rows)
    return len(rows)


def _holders(gov: OrgUnit) -> dict[str, m.OfficeHolder]:
    rows = {
        S: m.OfficeHolder(
            org=gov,
            post=S,
            title="市委书记",
            person="陈某",
            term_from=date(2017, 1, 1),
            duty_list="《党政主要负责人履行推进法治建设第一责任人职责清单》所列党委主要负责人职责",
            law_report_on=date(2020, 1, 16),
        ),
        MY: m.OfficeHolder(
            org=gov,
            post=MY,
            title="市长",
            person="李某",
            term_from=date(2017, 1, 1),
            duty_list="《党政主要负责人履行推进法治建设第一责任人职责清单》所列政府主要负责人职责",
            law_report_on=date(2020, 1, 16),
        ),
    }
    checked(list(rows.values()))
    m.OfficeHolder.objects.bulk_create(rows.values())
    return rows


def _advisers(
    rng: random.Random, units: dict[str, OrgUnit]
) -> tuple[list[m.LegalAdviser], list[m.Consultation]]:
    advisers, talks = [], []
    for i, (code, _consulted) in enumerate(ADVISERS):
        firm = FIRMS[i % len(FIRMS)]
        advisers.append(
            m.LegalAdviser(
                org=units[code],
                name=f"{firm}（{'张王刘陈杨赵黄周吴徐孙胡'[i]}律师）",
                kind=m.AdviserKind.PERSON,
                firm=firm,
                contract_from=date(2018, 1, 1),
                contract_until=date(2020, 12, 31),
                fee=Decimal(rng.choice([30000, 50000, 80000])),
            )
        )
    checked(advisers)
    m.LegalAdviser.objects.bulk_create(advisers)
    kinds = [k for k, _ in m.MatterKind.choices]
    for a, (_, consulted) in zip(advisers, ADVISERS, strict=True):
        days = [date(2019, 1, 10) + timedelta(days=rng.randrange(150)) for _ in range(2)]
        if consulted:
            days += [date(2019, 7, 1) + timedelta(days=rng.randrange(180)) for _ in range(rng.randint(2, 6))]
        days += [date(2020, 1, 6) + timedelta(days=rng.randrange(300)) for _ in range(rng.randint(1, 4))]
        talks += [
            m.Consultation(
                org=a.org, adviser=a, date=d, matter_kind=rng.choice(kinds), summary="法律咨询意见"
            )
            for d in sorted(days)
        ]
    checked(talks)
    m.Consultation.objects.bulk_create(talks)
    return advisers, talks


def _values(units: dict[str, OrgUnit], bureau: User | None) -> list[m.IndicatorValue]:
    indicators = {i.key: i for i in m.Indicator.objects.all()}
    values, items = [], []
    for key, (value, code) in VALUES.items():
        ind = indicators[key]
        if ind.owner_id is None:
            m.Indicator.objects.filter(pk=ind.pk).update(owner=units[code])
        values.append(
            m.IndicatorValue(
                org=units[code],
                indicator=ind,
                year=2019,
                value=Decimal(value),
                source=f"{units[code].name}报送",
                status=m.ValueStatus.CONFIRMED,
                confirmed_on=date(2020, 1, 15),
                confirmed_by=bureau,
            )
        )
    checked(values)
    m.IndicatorValue.objects.bulk_create(values)
    for v in values:
        if v.indicator.is_list:
            noun = "告知承诺制事项" if v.indicator.key == "business.commitment_items" else "负面清单事项"
            items += [m.IndicatorItem(value=v, title=f"{noun}第{n}项") for n in range(1, int(v.value) + 1)]
    m.IndicatorItem.objects.bulk_create(items)
    history(
        m.ValueChange,
        values,
        lambda v: [
            ("create", "", m.ValueStatus.ENTERED, date(2020, 1, 8)),
            ("confirm", m.ValueStatus.ENTERED, m.ValueStatus.CONFIRMED, v.confirmed_on),
        ],
    )
    return values


@transaction.atomic
def load(stdout: Any = None, **_: Any) -> int:
    gov = OrgUnit.objects.filter(code="gov").first()
    if gov is None or m.OfficeHolder.objects.filter(org=gov, post=S).exists():
        return 0
    rng = random.Random(SEED)
    codes = (
        {c for c, _ in ADVISERS}
        | {c for c, *_ in RECTIFICATIONS}
        | {code for _, code in VALUES.values()}
        | {"gov", "sfj", "d21", "d27"}
        | {c for _t, c, *_ in PLAN_2019}
        | {c for _t, _l, co, *_ in PLAN_2019 for c in co}
        | {c for c, *_ in FINDINGS}
        | set(ASSESSED)
    )
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    bureau = User.objects.filter(username="bureau").first()
    holders = _holders(gov)
    duties = [
        m.LeadershipDuty(org=gov, person_post=holders[p], date=d, kind=k, subject=s) for p, d, k, s in DUTIES
    ]
    sfj = units["sfj"]
    study = [m.StudySession(org=gov, meeting=mt, date=d, laws=laws) for mt, d, laws in STUDY]
    trainings = [
        m.Training(
            org=sfj,
            title=t,
            start_on=a,
            end_on=b,
            organiser="市委依法治市办、市司法局",
            participants=n,
            hours=h,
        )
        for t, a, b, n, h in TRAININGS
    ]
    exams = [m.Exam(org=sfj, title=t, date=d, takers=n, passed=p) for t, d, n, p in EXAMS]
    rects = [
        m.Rectification(
            org=units[c],
            title=t,
            due_on=due,
            completed_on=done,
            status=m.RectificationStatus.DONE if done else m.RectificationStatus.OPEN,
            evidence="已完成整改并报送整改报告" if done else "",
        )
        for c, t, due, done in RECTIFICATIONS
    ]
    plan = [
        m.PlanItem(
            org=units[code], year=2020, title=t, content=c, due_on=date(2020, 12, 31), order=(i + 1) * 10
        )
        for i, (t, code, c) in enumerate(PLAN_2020)
    ]
    for rows in (duties, study, trainings, exams, rects, plan):
        checked(rows)
        type(rows[0]).objects.bulk_create(rows)
    history(
        m.RectificationChange,
        rects,
        lambda r: (
            [("create", "", m.RectificationStatus.OPEN, None)]
            + (
                [("complete", m.RectificationStatus.OPEN, m.RectificationStatus.DONE, r.completed_on)]
                if r.completed_on
                else []
            )
        ),
    )
    advisers, talks = _advisers(rng, units)
    values = _values(units, bureau)
    extra = (
        _plan_2019(units, bureau)
        + _inspection(units)
        + _assessment(rng, units)
        + _participants(rng, trainings[0], units)
    )
    count = extra + (
        len(duties)
        + len(study)
        + len(trainings)
        + len(exams)
        + len(rects)
        + len(advisers)
        + len(talks)
        + len(values)
    )
    return loaded("governance", "法治建设综合", "法治建设记录", count, stdout)
