"""What 法治建设综合 writes into the annual report (``core.registry.ReportPart``): section 三 from the duty
records (one paragraph per office holder, seed style), the business-environment and study paragraphs of
section 一 from the confirmed indicator values and the study records, and suggestions for section 二 from
measured weaknesses. Every sentence keeps its link: a figure placeholder or a ``[text](/url)`` record link."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse

from fazhi.core.lists import unit_scope_q
from fazhi.core.registry import ReportPart

from . import models as m
from .rules import idle_months_of, setting
from .selectors import idle_q
from .stats import confirmed_values

ORDINALS = "一二三四五六七八九十"
#: The order acts are told in a paragraph: meetings and the 宪法日 first, then study, 述法, 批示.
KIND_ORDER = [
    m.DutyKind.MEETING,
    m.DutyKind.CONSTITUTION_DAY,
    m.DutyKind.STUDY,
    m.DutyKind.REPORT,
    m.DutyKind.INSTRUCTION,
    m.DutyKind.OTHER,
]
POST_ORDER = [m.Post.SECRETARY, m.Post.MAYOR, m.Post.OTHER]


def cn_day(d: date, with_year: bool) -> str:
    """2019年7月4日, or 7月4日 once the paragraph has named the year (the seed's style)."""
    return f"{d.year}年{d.month}月{d.day}日" if with_year else f"{d.month}月{d.day}日"


def _url(name: str, params: list[tuple[str, Any]] | None = None, pk: int | None = None) -> str:
    url = reverse(f"governance:{name}", args=[pk] if pk else [])
    return f"{url}?{urlencode(params)}" if params else url


def _year(year: int) -> list[tuple[str, str]]:
    return [("date_from", f"{year}-01-01"), ("date_to", f"{year}-12-31")]


def holder_paragraph(holder: m.OfficeHolder, duties: list[m.LeadershipDuty], year: int, n: int) -> str:
    """（一）市委书记…切实履行法治建设第一责任人职责。市委书记于2019年7月4日主持召开…；于12月4日…。"""
    groups: dict[tuple[str, str], list[m.LeadershipDuty]] = defaultdict(list)
    for d in duties:
        groups[(d.kind, d.subject)].append(d)
    ordered = sorted(groups.values(), key=lambda ds: (KIND_ORDER.index(ds[0].kind), ds[0].date))
    clauses, named_year = [], False
    for ds in ordered:
        if len(ds) == 1:
            d = ds[0]
            text, url = f"于{cn_day(d.date, not named_year)}{d.subject}", _url("duty_detail", pk=d.pk)
            named_year = True
        else:
            params = [("person_post", holder.pk), ("kind", ds[0].kind), *_year(year)]
            text, url = f"多次{ds[0].subject}", _url("duty_list", params)
        clauses.append(f"[{text}]({url})")
    lead = (
        f"（{ORDINALS[n]}）{holder.title}高度重视法治政府建设和依法行政工作，切实履行法治建设第一责任人职责。"
    )
    return f"{lead}{holder.title}{'；'.join(clauses)}。"


def leaders(year: int, org: Any) -> list[str]:
    """Section 三: one paragraph per office holder with duty records in ``year`` (secretary, then mayor)."""
    duties = (
        m.LeadershipDuty.objects.filter(unit_scope_q(org), date__year=year)
        .select_related("person_post")
        .order_by("date", "id")
    )
    by_holder: dict[int, list[m.LeadershipDuty]] = defaultdict(list)
    for d in duties:
        by_holder[d.person_post_id].append(d)
    holders = sorted(
        {d.person_post_id: d.person_post for d in duties}.values(),
        key=lambda h: (POST_ORDER.index(h.post), h.term_from, h.pk),
    )
    return [holder_paragraph(h, by_holder[h.pk], year, i) for i, h in enumerate(holders)]


BUSINESS = [
    ("business.online_rate", "浙江政务服务事项网办实现率达到{{business.online_rate}}"),
    ("business.mobile_rate", "掌办实现率达到{{business.mobile_rate}}"),
    ("business.startup_hours", "实现常态化企业开办{{business.startup_hours}}个工作小时内完成"),
    ("business.investment_approval_days", "企业投资项目审批“最多{{business.investment_approval_days}}天”"),
    ("business.commitment_items", "梳理确认告知承诺制项目清单{{business.commitment_items}}项"),
    ("business.commitment_negative_items", "告知承诺制负面清单{{business.commitment_negative_items}}项"),
]


def _names(units: list[tuple[int, str]], year: int, params: list[tuple[str, Any]]) -> str:
    """Unit names, each linked to the year's plan items it leads."""
    return "、".join(f"[{name}]({_url('plan_list', [*params, ('org', pk)])})" for pk, name in units)


def planning(year: int, org: Any) -> list[str]:
    """Section 一(一) from the year's 工作要点 (count and lead units) and the meetings the first responsible
    persons chaired (LeadershipDuty 主持会议), each sentence linked to its records."""
    items = list(
        m.PlanItem.objects.filter(unit_scope_q(org), year=year).select_related("org").order_by("order", "id")
    )
    meetings = list(
        m.LeadershipDuty.objects.filter(unit_scope_q(org), date__year=year, kind=m.DutyKind.MEETING)
        .select_related("person_post")
        .order_by("date", "id")
    )
    lines = []
    if items:
        year_params: list[tuple[str, Any]] = [("year", year)]
        leads = list(dict.fromkeys((p.org_id, p.org.name) for p in items))
        done = sum(1 for p in items if p.status == m.PlanStatus.DONE)
        lines.append(
            f"坚持科学部署。年初制定[{year}年法治政府建设工作要点{len(items)}项]({_url('plan_list', year_params)})，"
            f"作为全年工作“风向标”，明确由{_names(leads, year, year_params)}"
            f"{'等' if len(leads) > 1 else ''}牵头推进，"
            f"[已完成{done}项]({_url('plan_list', [*year_params, ('status', m.PlanStatus.DONE)])})。"
        )
    if meetings:
        acts, named_year = [], False
        for d in meetings:
            day = cn_day(d.date, not named_year)
            named_year = True
            acts.append(f"[{d.person_post.title}于{day}{d.subject}]({_url('duty_detail', pk=d.pk)})")
        params = [("kind", m.DutyKind.MEETING), *_year(year)]
        lines.append(
            f"强化会议推动。全年[召开法治建设专题会议{len(meetings)}次]({_url('duty_list', params)})，"
            f"{'；'.join(acts)}。"
        )
    if not lines:
        return []
    return [
        "（一）坚持统筹谋划，法治建设保障更加有力",
        *(f"{ORDINALS[i]}是{line}" for i, line in enumerate(lines)),
    ]


def measures(year: int, org: Any) -> list[str]:
    """Section 一: the year's plan and meetings, a subsection on law study and training, one on the business
    environment from the confirmed indicators (the composer numbers the "（一）" headings after the other
    modules')."""
    out: list[str] = planning(year, org)
    studies = list(m.StudySession.objects.filter(unit_scope_q(org), date__year=year).order_by("date", "id"))
    trainings = list(
        m.Training.objects.filter(unit_scope_q(org), start_on__year=year).order_by("start_on", "id")
    )
    lines = []
    if studies:
        laws = "".join(f"[{t}]({_url('study_detail', pk=s.pk)})" for s in studies for t in s.laws[:1])
        lines.append(f"落实会议学法制度。全年相继学习{laws}等重要法律法规。")
    if trainings:
        t = max(trainings, key=lambda t: t.participants)
        link = f"[{t.title}]({_url('training_detail', pk=t.pk)})"
        lines.append(f"加强法治培训。举办{link}，组织{t.participants}名领导干部及执法人员集中培训学习。")
    if lines:
        out += [
            "（一）坚持梯队建设，法治素养持续提升",
            *(f"{ORDINALS[i]}是{line}" for i, line in enumerate(lines)),
        ]
    present = confirmed_values(year, org)
    clauses = [text for key, text in BUSINESS if key in present]
    if clauses:
        out += [
            "（一）优化法治化营商环境",
            f"一是加速营商环境优化。深化“最多跑一次”改革，{'，'.join(clauses)}。",
        ]
    return out


def litigation_units(year: int, org: Any) -> list[dict[str, Any]]:
    """Per defendant unit: cases heard and with a qualifying head appearing, cases concluded and lost in
    ``year`` — the litigation module's own figure definitions, counted in one aggregate query grouped by
    unit (not a query per unit), each with the drill-downs of the unit's cases."""
    from django.apps import apps
    from django.db.models import Count

    if not apps.is_installed("fazhi.litigation"):
        return []
    from fazhi.core.figures import CountFigure, FigureQuery
    from fazhi.litigation.stats import FIGURES as LIT

    query = FigureQuery.for_year(year, org)
    p = query.period
    keys = {
        "heard": "litigation.heard",
        "appeared": "litigation.head_appeared",
        "concluded": "litigation.concluded",
        "lost": "litigation.lost",
    }
    defs = {d.key: d for d in LIT.definitions() if isinstance(d, CountFigure)}
    rows = (
        LIT.queryset(query)
        .values("org_id", "org__name", "org__path")
        .annotate(**{a: Count("id", filter=defs[k].where(p)) for a, k in keys.items()})
        .order_by("org__path")
    )
    out = []
    for r in rows:
        unit = [("org", str(r["org_id"]))]
        out.append(
            {
                **r,
                "heard_url": LIT.drilldown([*defs[keys["heard"]].params(p), *unit], query),
                "lost_url": LIT.drilldown([*defs[keys["lost"]].params(p), *unit], query),
            }
        )
    return out


def _pct(x: float) -> str:
    return f"{x * 100:.2f}".rstrip("0").rstrip(".") + "%"


def _listed(rows: list[tuple[str, str]]) -> str:
    shown = "、".join(f"[{name}]({url})" for name, url in rows[:3])
    return shown + ("等" if len(rows) > 3 else "")


def litigation_suggestions(year: int, org: Any) -> list[str]:
    """Units whose head-appearance rate is below ``head_appearance_min`` and units whose loss rate is above
    ``loss_rate_max`` (settings ``FAZHI_GOVERNANCE``), each named with a link to its cases."""
    low_bar, high_bar, least = (
        float(setting("head_appearance_min")),
        float(setting("loss_rate_max")),
        int(setting("min_cases")),
    )
    low, high = [], []
    for r in litigation_units(year, org):
        if r["heard"] >= least and r["appeared"] / r["heard"] < low_bar:
            low.append((r["org__name"], r["heard_url"]))
        if r["concluded"] >= least and r["lost"] / r["concluded"] > high_bar:
            high.append((r["org__name"], r["lost_url"]))
    out = []
    if low:
        out.append(
            f"行政机关负责人出庭应诉不够积极。{year}年，{_listed(low)}{len(low)}个单位"
            f"开庭审理案件的负责人出庭应诉率低于{_pct(low_bar)}，“出庭不出声”“出庭不出人”现象仍有发生。"
        )
    if high:
        out.append(
            f"部分单位行政诉讼败诉率偏高。{year}年，{_listed(high)}{len(high)}个单位"
            f"审结案件的败诉率高于{_pct(high_bar)}，依法行政水平有待提升。"
        )
    return out


def shortcomings(year: int, org: Any) -> list[str]:
    """Suggestions for section 二 from measured weaknesses (the editor accepts or rewrites them)."""
    lines: list[str] = []
    end = date(year, 12, 31)
    idle = m.LegalAdviser.objects.filter(unit_scope_q(org)).filter(idle_q(end)).select_related("org")
    units = list(dict.fromkeys(a.org.name for a in idle.order_by("org__path", "id")))
    if units:
        shown = "、".join(units[:3]) + ("等" if len(units) > 3 else "")
        link = f"[{shown}{len(units)}个单位]({_url('adviser_list', [('idle_on', end.isoformat())])})"
        lines.append(
            f"法律顾问作用发挥不充分。截至{year}年12月31日，{link}聘请的法律顾问近"
            f"{idle_months_of(org)}个月无咨询记录，对聘请的法律顾问“顾而不问”现象时有存在。"
        )
    late = m.Rectification.objects.filter(unit_scope_q(org), due_on__year=year).exclude(
        completed_on__isnull=False, completed_on__lte=F("due_on")
    )
    count = late.count()
    if count:
        params = [("due_from", f"{year}-01-01"), ("due_to", f"{year}-12-31"), ("on_time", "0")]
        lines.append(
            f"整改落实有待加强。{year}年到期的整改任务中，"
            f"[{count}项未按期完成]({_url('rectification_list', params)})，督查整改的刚性有待提升。"
        )
    lines += litigation_suggestions(year, org)
    return [f"{ORDINALS[i]}是{line}" for i, line in enumerate(lines[: len(ORDINALS)])]


def plans(year: int, org: Any) -> list[str]:
    """Section 四: the next year's 工作要点, one paragraph each, its lead sentence linked to the item."""
    items = m.PlanItem.objects.filter(unit_scope_q(org), year=year + 1).order_by("order", "id")
    return [
        f"（{ORDINALS[i]}）[{p.title}]({_url('plan_detail', pk=p.pk)})。{p.content}".rstrip()
        for i, p in enumerate(items[: len(ORDINALS)])
    ]


PARTS = [
    ReportPart("measures", measures, order=80),
    ReportPart("shortcomings", shortcomings, order=80),
    ReportPart("leaders", leaders, order=80),
    ReportPart("plans", plans, order=80),
]
