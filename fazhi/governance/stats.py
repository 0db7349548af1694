"""Figures of 法治建设综合 and the business environment (FIGURES.md ``governance.*``, ``business.*``): a
``FigureSet`` per record kind (one aggregate each, drill-downs to the kind's list), joined into the module's
one provider; sums and entered indicator values are ``measured`` figures whose drill-down lists their sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import F, Q, Sum
from django.db.models.functions import Length
from django.urls import reverse

from fazhi.core.figures import (
    BreakdownRow,
    CountFigure,
    Figure,
    FigureProvider,
    FigureQuery,
    FigureSet,
    Period,
    RateFigure,
    compute_all,
    date_range,
    rate,
    scalars,
)
from fazhi.core.lists import unit_scope_q

from . import models as m
from .selectors import idle_q

_date, _date_params = date_range("date")
_start, _start_params = date_range("start_on", "start")
_due, _due_params = date_range("due_on", "due")


def _scoped(model: Any) -> Callable[[FigureQuery], Any]:
    return lambda query: model.objects.filter(unit_scope_q(query.org))


def _list(name: str, params: list[tuple[str, str]], query: FigureQuery) -> str:
    scope = [("scope", str(query.org.pk))] if query.org is not None else []
    return reverse(f"governance:{name}") + "?" + urlencode([*params, *scope])


def _duties() -> list[CountFigure | RateFigure]:
    out: list[CountFigure | RateFigure] = [
        CountFigure("governance.duties", "第一责任人履职记录", _date, _date_params, unit="次")
    ]
    for code, label in m.DutyKind.choices:
        out.append(
            CountFigure(
                f"governance.duties_by_kind.{code}",
                f"履职记录（{label}）",
                lambda p, code=code: _date(p) & Q(kind=code),
                lambda p, code=code: [*_date_params(p), ("kind", code)],
                unit="次",
            )
        )
    return out


def _in_force(p: Period) -> Q:
    return Q(contract_from__lte=p.end, contract_until__gte=p.end)


def _advisers() -> list[CountFigure | RateFigure]:
    return [
        CountFigure(
            "governance.advisers",
            "聘期内法律顾问",
            _in_force,
            lambda p: [("in_force_on", p.end.isoformat())],
            unit="名",
        ),
        CountFigure(
            "governance.idle_advisers",
            "顾而不问的法律顾问",
            lambda p: idle_q(p.end),
            lambda p: [("idle_on", p.end.isoformat())],
            unit="名",
        ),
    ]


def _consultations() -> list[CountFigure | RateFigure]:
    return [CountFigure("governance.consultations", "法律顾问咨询", _date, _date_params)]


def _on_time(p: Period) -> Q:
    return _due(p) & Q(completed_on__lte=F("due_on"))


def _overdue(p: Period) -> Q:
    """Due in the period and not completed by its due date (still open, or completed late)."""
    return _due(p) & (Q(completed_on__isnull=True) | Q(completed_on__gt=F("due_on")))


def _rectifications() -> list[CountFigure | RateFigure]:
    return [
        CountFigure("governance.rectifications_due", "到期整改任务", _due, _due_params),
        CountFigure(
            "governance.rectifications_overdue",
            "逾期未完成整改",
            _overdue,
            lambda p: [*_due_params(p), ("on_time", "0")],
        ),
        CountFigure(
            "governance.rectifications_on_time",
            "按期完成整改",
            _on_time,
            lambda p: [*_due_params(p), ("on_time", "1")],
        ),
        RateFigure(
            "governance.rectification_on_time_rate",
            "整改按期完成率",
            "governance.rectifications_on_time",
            "governance.rectifications_due",
            "以到期整改任务数为基数",
        ),
    ]


def _year_extra(query: FigureQuery) -> list[Figure]:
    """The sums and averages a ``FigureSet`` cannot compile, in one statement (``core.figures.scalars``):
    training participants, exam takers and passes, and the year's assessments with their average — the
    mean of the units' totals (Σ score ÷ 满分 × 权重 per unit and assessment) over the year's assessments of
    the scope and the units of the scope. An assessment belongs to a year, not a date, so it is counted here
    and not in the module's compiled counts (a year is no period bound the compiled SQL can move)."""
    from .selectors import weighted

    p = query.period
    scope = unit_scope_q(query.org)
    trainings = m.Training.objects.filter(scope).filter(_start(p))
    exams = m.Exam.objects.filter(scope).filter(_date(p))
    totals = (
        m.AssessmentScore.objects.filter(
            scope, unit_scope_q(query.org, "item__assessment__org"), item__assessment__year=p.start.year
        )
        .values("item__assessment_id", "org_id")
        .annotate(t=Sum(weighted()))
    )
    n = scalars(
        participants=("SUM", trainings, "participants"),
        takers=("SUM", exams, "takers"),
        passed=("SUM", exams, "passed"),
        assessments=m.Assessment.objects.filter(scope).filter(_assessment_year(p)),
        average=("AVG", totals, "t"),
    )
    takers, passed = int(n["takers"] or 0), int(n["passed"] or 0)
    exam_url = _list("exam_list", _date_params(p), query)
    assessment_url = _list("assessment_list", _assessment_params(p), query)
    average = round(float(n["average"]), 2) if n["average"] is not None else None
    return [
        Figure(
            "governance.training_participants",
            "参训人数",
            int(n["participants"] or 0),
            "人",
            _list("training_list", _start_params(p), query),
            measured=True,
        ),
        Figure("governance.exam_takers", "参考人数", takers, "人", exam_url, measured=True),
        Figure(
            "governance.exam_pass_rate",
            "考试合格率",
            rate(passed, takers),
            "%",
            exam_url,
            "以参考人数为基数",
            measured=True,
        ),
        Figure("governance.assessments", "法治建设考核", n["assessments"], "项", assessment_url),
        Figure("governance.assessment_average", "考核平均分", average, "分", assessment_url, measured=True),
    ]


def confirmed_values(year: int, org: Any = None) -> dict[str, m.IndicatorValue]:
    """The confirmed value of each indicator for ``year`` in the scope of ``org``: the one of the highest
    unit (shortest tree path) where units below entered theirs too."""
    rows = (
        m.IndicatorValue.objects.filter(unit_scope_q(org), year=year, status=m.ValueStatus.CONFIRMED)
        .select_related("indicator")
        .annotate(depth=Length("org__path"))
        .order_by("indicator__order", "depth", "id")
    )
    out: dict[str, m.IndicatorValue] = {}
    for v in rows:
        out.setdefault(v.indicator.key, v)
    return out


def indicator_figure(v: m.IndicatorValue, query: FigureQuery) -> Figure:
    ind = v.indicator
    value: int | float = (
        float(v.value) / 100
        if ind.unit == m.IndicatorUnit.PERCENT
        else int(v.value)
        if v.value == int(v.value)
        else float(v.value)
    )
    params = [("year", str(v.year)), ("indicator", ind.key), ("status", m.ValueStatus.CONFIRMED)]
    return Figure(ind.key, ind.label, value, ind.unit, _list("value_list", params, query), measured=True)


def _assessment_year(p: Period) -> Q:
    return Q(year=p.start.year)


def _assessment_params(p: Period) -> list[tuple[str, str]]:
    return [("year", str(p.start.year))]


def _indicator_extra(query: FigureQuery) -> list[Figure]:
    return [indicator_figure(v, query) for v in confirmed_values(query.period.start.year, query.org).values()]


SETS = [
    FigureSet(
        "governance",
        _scoped(m.LeadershipDuty),
        "governance:duty_list",
        _duties,
        {"org": "单位", "kind": "类别"},
    ),
    FigureSet(
        "governance",
        _scoped(m.StudySession),
        "governance:study_list",
        lambda: [CountFigure("governance.study_sessions", "会议学法", _date, _date_params, unit="次")],
        {"org": "单位"},
    ),
    FigureSet(
        "governance",
        _scoped(m.Training),
        "governance:training_list",
        lambda: [CountFigure("governance.trainings", "专题培训", _start, _start_params, unit="期")],
        {"org": "单位"},
        extra=_year_extra,
    ),
    FigureSet(
        "governance",
        _scoped(m.Exam),
        "governance:exam_list",
        lambda: [CountFigure("governance.exams", "法治考试", _date, _date_params, unit="场")],
    ),
    FigureSet("governance", _scoped(m.LegalAdviser), "governance:adviser_list", _advisers, {"org": "单位"}),
    FigureSet(
        "governance",
        _scoped(m.Consultation),
        "governance:consultation_list",
        _consultations,
        {"org": "单位", "matter_kind": "事项类别"},
    ),
    FigureSet(
        "governance",
        _scoped(m.Rectification),
        "governance:rectification_list",
        _rectifications,
        {"org": "单位"},
    ),
    FigureSet("governance", _scoped(m.IndicatorValue), "governance:value_list", list, extra=_indicator_extra),
]


# 顾而不问 counts over a window that ends on the period's last day but does not start on its first, so
# its aggregate is compiled on every call (``core.figure_sql``): it runs on its own, the others as one.
_ADVISERS = next(s for s in SETS if s.list_url == "governance:adviser_list")


def compute(query: FigureQuery) -> list[Figure]:
    return compute_all([s for s in SETS if s is not _ADVISERS], query) + _ADVISERS.compute(query)


def breakdown(query: FigureQuery, key: str, dimension: str = "org") -> list[BreakdownRow]:
    for s in SETS:
        if any(d.key == key for d in s.definitions()):
            return s.breakdown(query, key, dimension)
    return []


PROVIDER = FigureProvider(
    module="governance",
    compute=compute,
    breakdown=breakdown,
    dimensions={"org": "单位", "kind": "类别", "matter_kind": "事项类别"},
)


def figures_for(user: Any, year: int) -> dict[str, Figure]:
    """The year's figures in the user's scope (the overview page)."""
    from fazhi.orgs.scope import scope_root

    return {f.key: f for f in compute(FigureQuery.for_year(year, scope_root(user)))}
