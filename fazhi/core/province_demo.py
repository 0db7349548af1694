"""The province demo (issue 16 item 5): ``fazhi demo --province`` adds, next to 示例市, a fictional province
示范省 with ``cities`` cities and ``counties`` counties each (3 × 4 by default), every county the county
shape in small — its government, 司法局, departments, townships and a court — with its own accounts and
2018–2020 reconsideration and litigation cases generated with varied 纠错率 and 败诉率, so that roll-ups,
rankings and the submission board have something to show. Each county also gets 行政执法 data
(``fazhi.enforcement.province_demo``: bodies, certified officers, 2018–2020 decisions with varied 持证率 and
公示 rates), and its 2019 annual report is walked through the reports app's steps to a stage of
``REPORT_PLAN`` — not started, drafting, approved, submitted on time or late (after 31 March 2020, 督察规定
Art 24), returned by the city with comments, published — so the submission board shows every status.

The rows come from the benchmark province's generator (``fazhi.core.province_rows``), written with
``bulk_create``; cached due dates are computed as the services compute them. Accounts (one password):
``bureau_<code>`` (the government's 司法局) and ``leader_<code>`` (the government) for the province
(``sfs``), each city (``sfs1``…) and each county (``sfs1a``…); ``clerk_<code>`` for each county's 公安局.
Idempotent: a database that already has the province is left as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

PROVINCE = "sfs"
FIRST_YEAR, LAST_YEAR = 2018, 2020
CITY_NAMES = ["东州", "西州", "南州", "北州", "中州"]
COUNTY_LETTERS = "abcdefgh"
DEPARTMENTS = ["公安局", "自然资源和规划局", "市场监督管理局", "人力资源和社会保障局", "综合行政执法局"]
TOWNSHIPS = ["城关镇", "新安镇"]


@dataclass
class DemoCounty:
    """What the row generators read of a county (as ``bench.province.County``)."""

    index: int
    government: Any
    bureau: Any
    respondents: list[Any]
    court: Any
    upper_court: Any


@dataclass
class Loaded:
    governments: list[Any] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    cases: int = 0
    decisions: int = 0


def _unit(code: str, name: str, kind: str, parent: Any, order: int, **extra: Any) -> Any:
    from fazhi.orgs.models import OrgUnit

    path = (parent.path if parent else "/") + code + "/"
    return OrgUnit(code=code, name=name, kind=kind, parent=parent, path=path, sort_order=order, **extra)


def load(
    *,
    password_hash: str,
    cities: int = 3,
    counties: int = 4,
    cases: int = 40,
    decisions: int = 40,
    stdout: Any = None,
) -> Loaded:
    """Create the province (once); ``cases`` per county and module over 2018–2020, ``decisions`` 行政执法
    decisions per county and year."""
    from fazhi.orgs.models import OrgUnit

    if OrgUnit.objects.filter(code=PROVINCE).exists():
        return Loaded()
    with transaction.atomic():
        loaded, demo_counties = _units(password_hash, cities, counties)
        loaded.cases = _cases(demo_counties, cases)
        loaded.decisions = _enforcement(demo_counties, decisions)
    _reports(demo_counties)
    return loaded


def _units(password_hash: str, cities: int, counties: int) -> tuple[Loaded, list[DemoCounty]]:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from fazhi.orgs.models import OrgUnit, Role, User

    K, L = OrgUnit.Kind, OrgUnit.Level
    loaded = Loaded()
    province = _unit(PROVINCE, "示范省人民政府", K.GOVERNMENT, None, 600, level=L.PROVINCE, short_name="范省")
    province.save()
    top = [_unit(f"{PROVINCE}-sfj", "示范省司法厅", K.JUSTICE_BUREAU, province, 1, short_name="范司")]
    city_govs = [
        _unit(f"{PROVINCE}{c + 1}", f"{CITY_NAMES[c]}市人民政府", K.GOVERNMENT, province, 10 + c,
              level=L.CITY, short_name=CITY_NAMES[c][0] + "市")
        for c in range(cities)
    ]  # fmt: skip
    province_sfj, *city_govs = OrgUnit.objects.bulk_create(top + city_govs)
    bureaus = {province.code: province_sfj}
    second: list[Any] = []
    county_govs: list[tuple[int, Any]] = []
    for c, city in enumerate(city_govs):
        second.append(_unit(f"{city.code}-sfj", f"{CITY_NAMES[c]}市司法局", K.JUSTICE_BUREAU, city, 1))
        second.append(
            _unit(f"{PROVINCE}-court-{c + 1:02d}", f"{CITY_NAMES[c]}市中级人民法院", K.COURT, None, 700 + c)
        )
        for k in range(counties):
            code = f"{city.code}{COUNTY_LETTERS[k]}"
            name = f"{CITY_NAMES[c]}{'一二三四五六七八'[k]}县"
            gov = _unit(code, f"{name}人民政府", K.GOVERNMENT, city, 10 + k, level=L.COUNTY,
                        short_name=f"{CITY_NAMES[c][0]}{'一二三四五六七八'[k]}")  # fmt: skip
            county_govs.append((c, gov))
            second.append(gov)
    second = OrgUnit.objects.bulk_create(second)
    upper_courts = {}
    for u in second:
        if u.kind == K.JUSTICE_BUREAU:
            bureaus[u.parent.code] = u
        elif u.kind == K.COURT:
            upper_courts[f"{PROVINCE}{int(u.code.rsplit('-', 1)[1])}"] = u
    govs = [u for u in second if u.kind == K.GOVERNMENT]
    third: list[Any] = []
    for gov in govs:
        county = gov.name.removesuffix("人民政府")
        third.append(_unit(f"{gov.code}-sfj", f"{county}司法局", K.JUSTICE_BUREAU, gov, 3))
        third += [
            _unit(f"{gov.code}-d{k + 1:02d}", f"{county}{n}", K.DEPARTMENT, gov, 10 + k)
            for k, n in enumerate(DEPARTMENTS)
        ]
        third += [
            _unit(f"{gov.code}-t{k + 1:02d}", f"{county}{n}", K.TOWNSHIP, gov, 100 + k)
            for k, n in enumerate(TOWNSHIPS)
        ]
        third.append(_unit(f"{gov.code}-court", f"{county}人民法院", K.COURT, None, 800))
    third = OrgUnit.objects.bulk_create(third)
    per = 1 + len(DEPARTMENTS) + len(TOWNSHIPS) + 1
    demo_counties = []
    for i, gov in enumerate(govs):
        block = third[i * per : (i + 1) * per]
        bureaus[gov.code] = block[0]
        upper = upper_courts[gov.parent.code]
        demo_counties.append(DemoCounty(i, gov, block[0], block[1:-1], block[-1], upper))
    # accounts: bureau_/leader_ per government, clerk_ per county's 公安局
    now = timezone.now()
    accounts: list[tuple[Any, str]] = []
    for gov in [province, *city_govs, *govs]:
        accounts.append((User(username=f"bureau_{gov.code}", org=bureaus[gov.code],
                              real_name=f"{bureaus[gov.code].name}工作人员"), Role.BUREAU))  # fmt: skip
        accounts.append(
            (User(username=f"leader_{gov.code}", org=gov, real_name=f"{gov.name}领导"), Role.LEADER)
        )
    for county in demo_counties:
        police = county.respondents[0]
        accounts.append((User(username=f"clerk_{county.government.code}", org=police,
                              real_name=f"{police.name}填报员"), Role.CLERK))  # fmt: skip
    for user, _ in accounts:
        user.password, user.must_change_password, user.password_changed_at = password_hash, False, now
    users = User.objects.bulk_create([u for u, _ in accounts])
    groups = {r: Group.objects.get(name=Role(r).label) for r in (Role.BUREAU, Role.CLERK, Role.LEADER)}
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=u.pk, group_id=groups[r].pk)
            for u, (_, r) in zip(users, accounts, strict=True)
        ]
    )
    loaded.governments = [province, *city_govs, *govs]
    loaded.accounts = [
        (u.username, Role(r).label, u.org.name) for u, (_, r) in zip(users, accounts, strict=True)
    ]
    return loaded, demo_counties


def _cases(counties: list[DemoCounty], n: int) -> int:
    """Reconsideration and litigation cases of each county (varied rates: ``skew`` per county), their cached
    due dates as the services compute them, and the numbering that continues after them."""
    from django.db.models import Max

    from fazhi.core.models import NumberSequence
    from fazhi.core.province_rows import _litigation_rows, _reconsideration_rows
    from fazhi.litigation.models import LitigationCase, Plaintiff
    from fazhi.reconsideration.models import Party, ReconsiderationCase
    from fazhi.reconsideration.services.cases import NUMBER_KIND
    from fazhi.workdays.rules import memoised

    total = 0
    with memoised():
        for county in counties:
            skew = 0.5 + 1.5 * (county.index % 5)  # 0.5 … 6.5: counties rank apart
            for rows, model, party_model, module in (
                (_reconsideration_rows, ReconsiderationCase, Party, "reconsideration"),
                (_litigation_rows, LitigationCase, Plaintiff, "litigation"),
            ):
                rng = random.Random(f"demo:{county.government.code}:{module}")
                # court numbers (unique platform-wide) carry the province's own 简称, apart from 示例市's
                extra = {"court_prefix": "范"} if module == "litigation" else {}
                pairs = list(rows(rng, county, n, FIRST_YEAR, LAST_YEAR, skew, **extra))
                for case, _ in pairs:
                    _due_dates(case)
                saved = model.objects.bulk_create([c for c, _ in pairs])
                parties = []
                for case, ps in zip(saved, (p for _, p in pairs), strict=True):
                    for p in ps:
                        p.case_id = case.pk
                        parties.append(p)
                party_model.objects.bulk_create(parties)
                total += len(saved)
    per_year = (
        ReconsiderationCase.objects.filter(numbering_government__in=[c.government for c in counties])
        .values("numbering_government", "year")
        .annotate(last=Max("seq"))
    )
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(org_id=r["numbering_government"], kind=NUMBER_KIND, year=r["year"], last=r["last"])
            for r in per_year
        ]
    )
    return total


def _enforcement(counties: list[DemoCounty], per_year: int) -> int:
    """行政执法 of each county (when the module is installed), with the deadlines memoised."""
    from django.apps import apps

    if not apps.is_installed("fazhi.enforcement"):
        return 0
    from fazhi.enforcement.province_demo import load_county
    from fazhi.workdays.rules import memoised

    with memoised():
        return sum(load_county(county, per_year) for county in counties)


def _due_dates(case: Any) -> None:
    """The cached due dates as the services store them (no suspensions or corrections are generated)."""
    from fazhi.core.parts import CachedDeadlines

    if isinstance(case, CachedDeadlines):
        case.refresh_deadlines()
        return
    from fazhi.core.dates import today
    from fazhi.reconsideration import deadlines

    case.acceptance_due = deadlines.compute_acceptance_due(case, [])
    case.decision_due = deadlines.compute_decision_due(case, [], today()) if case.accepted_on else None


#: The 2019 annual report of the n-th county (cycling): every stage of the submission board (督察规定 Art 24:
#: reported to the government above and published before 1 April 2020), one report returned with comments.
REPORT_PLAN = (
    "published", "submitted", "returned", "not_started", "late", "approved",
    "drafting", "published", "late", "submitted", "drafting", "not_started",
)  # fmt: skip
REPORT_YEAR = 2019
RETURN_COMMENT = "第二部分“存在的不足”过于笼统，请结合本县行政复议纠错和行政诉讼败诉情况具体分析后重新报送。"


def _reports(counties: list[DemoCounty]) -> None:
    """Each county's 2019 annual report walked through the reports app's own steps (``reports.services``,
    ``actions.WORKFLOW``: audited, checked) to its planned stage, each step dated in early 2020
    (``core.dates.on_day``) so that the board's dates and late flags never depend on today."""
    from fazhi.orgs.models import User
    from fazhi.reports.roles import ensure_reviewer_group

    group = ensure_reviewer_group()
    users = {u.username: u for u in User.objects.filter(username__startswith="bureau_")}
    users |= {u.username: u for u in User.objects.filter(username__startswith="leader_")}
    for county in counties:
        plan = REPORT_PLAN[county.index % len(REPORT_PLAN)]
        if plan == "not_started":
            continue
        code = county.government.code
        leader = users[f"leader_{code}"]
        leader.groups.add(group)  # 保密审查 by someone other than the submitter: the county's leader
        upper = users[f"bureau_{county.government.parent.code}"]
        _walk(county.government, plan, users[f"bureau_{code}"], leader, upper)


def _walk(gov: Any, plan: str, bureau: Any, leader: Any, upper: Any) -> None:
    from datetime import date

    from fazhi.core.actions import TRUSTED, run
    from fazhi.core.dates import on_day
    from fazhi.reports.actions import EDITS, WORKFLOW
    from fazhi.reports.demo import LEADERS, PLANS, SHORTCOMINGS
    from fazhi.reports.models import AnnualReport
    from fazhi.reports.services import create_report, current_problems

    texts = {"shortcomings": SHORTCOMINGS, "leaders": LEADERS, "plans": PLANS}

    def step(day: date, name: str, actor: Any, workflow: Any = WORKFLOW, **data: Any) -> None:
        nonlocal report
        with on_day(day), transaction.atomic():
            run(workflow, name, report, actor=actor, data=data, version=TRUSTED)
        report = AnnualReport.objects.get(pk=report.pk)

    with on_day(date(REPORT_YEAR + 1, 1, 15)):
        report = create_report(actor=bureau, org=gov, year=REPORT_YEAR)
    for section in report.sections.filter(code__in=texts, text__contains="请填写"):
        step(
            date(REPORT_YEAR + 1, 2, 20),
            "section_save",
            bureau,
            EDITS,
            section=section,
            text=texts[section.code],
        )
    if plan == "drafting":
        return
    step(date(REPORT_YEAR + 1, 3, 2), "submit", bureau)
    step(date(REPORT_YEAR + 1, 3, 4), "clear", leader)
    problems = [p.id for p in current_problems(report) if p.kind != "placeholder"]
    if problems:  # the bureau has seen the data problems the checks list (the demo's data are made up)
        step(date(REPORT_YEAR + 1, 3, 5), "acknowledge_checks", bureau, EDITS, problem_ids=problems)
    step(date(REPORT_YEAR + 1, 3, 6), "approve", leader)
    if plan == "approved":
        return
    late = plan == "late"
    step(date(REPORT_YEAR + 1, 4, 15) if late else date(REPORT_YEAR + 1, 3, 20), "report_up", bureau)
    if plan == "returned":
        step(date(REPORT_YEAR + 1, 3, 24), "send_back", upper, comment=RETURN_COMMENT)
    elif plan == "published":
        step(date(REPORT_YEAR + 1, 3, 27), "publish", bureau)
