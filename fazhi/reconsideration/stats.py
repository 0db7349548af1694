"""Figures of 行政复议 (FIGURES.md): counts and rates declared once, each with the list filter that
selects its records (``fazhi.core.figures.FigureSet``).

All counts of a period come from one ``aggregate()`` with conditional ``Count(filter=Q())``; a
breakdown is one ``values(dimension).annotate(Count)``. ``sued_after``/``sued_after_rate`` belong
to the litigation module, which owns the link.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fazhi.core.casework import live_q
from fazhi.core.figures import (
    BulletinPart,
    BulletinTable,
    BulletinTableRow,
    CountFigure,
    Figure,
    FigureQuery,
    FigureSet,
    Period,
    RateFigure,
    date_range,
)

from .models import OUTCOME_GROUPS, ActCategory, Field, Outcome, ReconsiderationCase
from .selectors import carried_over_q, overdue_in_period_q

SUBSTANTIVE = (*OUTCOME_GROUPS["corrected"][1], Outcome.MEDIATED, Outcome.WITHDRAWN)
DIMENSIONS = {"org": "被申请人", "field": "管理领域", "act_category": "行为类别"}
BASE = "以审结数为基数"

_concluded, _concluded_params = date_range("concluded_on")


def _in_concluded(q: Q, *params: tuple[str, str]) -> tuple[Any, Any]:
    return (lambda p: _concluded(p) & q), (lambda p: [*_concluded_params(p), *params])


def _definitions() -> list[CountFigure | RateFigure]:
    defs: list[CountFigure | RateFigure] = [
        CountFigure("reconsideration.received", "收到复议申请", *date_range("received_on")),
        CountFigure("reconsideration.accepted", "受理", *date_range("accepted_on")),
        CountFigure("reconsideration.declined", "不予受理", *date_range("declined_on")),
        CountFigure(
            "reconsideration.carried_over",
            "上年度结转",
            lambda p: carried_over_q(p.start),
            lambda p: [("carried_over", p.start.isoformat())],
        ),
        CountFigure("reconsideration.concluded", "审结", _concluded, _concluded_params),
    ]
    for name, label in (
        ("upheld", "维持"),
        ("rejected", "驳回"),
        ("corrected", "纠错"),
        ("withdrawn", "撤回"),
        ("other", "其他方式审结"),
    ):
        defs.append(
            CountFigure(
                f"reconsideration.{name}",
                label,
                *_in_concluded(Q(outcome__in=OUTCOME_GROUPS[name][1]), ("outcome_group", name)),
            )
        )
    defs += [
        CountFigure(
            "reconsideration.mediated",
            "调解结案",
            *_in_concluded(Q(outcome=Outcome.MEDIATED), ("outcome", Outcome.MEDIATED)),
        ),
        CountFigure(
            "reconsideration.substantive",
            "纠错、调解与撤回",
            *_in_concluded(Q(outcome__in=SUBSTANTIVE), *[("outcome", o) for o in SUBSTANTIVE]),
            published=False,
        ),
        CountFigure(
            "reconsideration.overdue",
            "超期",
            lambda p: overdue_in_period_q(p.start, p.end),
            lambda p: [("overdue_from", p.start.isoformat()), ("overdue_to", p.end.isoformat())],
        ),
        RateFigure(
            "reconsideration.correction_rate",
            "直接纠错率",
            "reconsideration.corrected",
            "reconsideration.concluded",
            BASE,
        ),
        RateFigure(
            "reconsideration.substantive_resolution_rate",
            "综合化解率",
            "reconsideration.substantive",
            "reconsideration.concluded",
            BASE,
            numerator_text="reconsideration.corrected+mediated+withdrawn",
        ),
    ]
    return defs


def _scoped(query: FigureQuery) -> QuerySet[ReconsiderationCase]:
    qs = ReconsiderationCase.objects.filter(live_q())  # a voided case is in no figure (issue 15 item 3)
    if query.org is not None:
        return qs.filter(org__path__startswith=query.org.path)
    return qs


def _labels(dimension: str) -> dict[Any, str]:
    return {"field": dict(Field.choices), "act_category": dict(ActCategory.choices)}.get(dimension, {})


def _in_period(p: Period) -> Q:
    q = Q()
    for name in ("received", "accepted", "declined", "concluded"):
        q |= date_range(f"{name}_on")[0](p)
    return q


def _may_count(p: Period) -> Q:
    """Every case some count of the period can select (the aggregate's prefilter): a date in the period,
    or accepted by its end and not concluded before its start (carried over, overdue). Each arm is a
    range or IS NULL on one indexed date, so PostgreSQL reads only these rows (BitmapOr) instead of every
    case of the scope; the last two arms keep ``accepted_on <= end`` for carried_over/overdue."""
    end = Q(accepted_on__lte=p.end)
    return _in_period(p) | (Q(concluded_on__isnull=True) & end) | (Q(concluded_on__gte=p.start) & end)


def party_names(query: FigureQuery) -> list[str]:
    """Names of the parties (申请人、第三人、代理人) of the cases received, accepted, declined or concluded
    in the period, in scope — what a publication must not show (issue 8 item 6)."""
    from .models import Party

    cases = _scoped(query).filter(_in_period(query.period)).values("pk")
    return list(Party.objects.filter(case__in=cases).values_list("name", flat=True).distinct())


def performance_figures(query: FigureQuery) -> list[Figure]:
    """按期履行 of the decisions ordering the respondent to act (README「按期履行」; casefiles.performance)."""
    from fazhi.casefiles.performance import period_figures
    from fazhi.casefiles.registry import for_label

    return period_figures(for_label("reconsideration"), query, _scoped(query))


FIGURES = FigureSet(
    module="reconsideration",
    queryset=_scoped,
    list_url="reconsideration:case_list",
    figures=_definitions,
    dimensions=DIMENSIONS,
    dimension_labels=_labels,
    prefilter=_may_count,
    scope_first=True,
    org_tiebreak="org",
    party_names=party_names,
    extra=performance_figures,
)
figures = FIGURES.compute
breakdown = FIGURES.breakdown


# ---- Its part of the 月度信息快报 (rendered by the reports module) ----

MONTHLY_KEYS = [
    ("reconsideration.received", "收到申请"),
    ("reconsideration.concluded", "审结"),
    ("reconsideration.corrected", "被纠错"),
    ("reconsideration.overdue", "超期"),
]


def monthly_section(period: Period, org: Any, **options: Any) -> BulletinPart:
    """Received, concluded, corrected and overdue cases of the month, in total and by respondent unit."""
    query = FigureQuery(period, org)
    figs = {f.key: f for f in figures(query)}
    by_unit: dict[Any, dict[str, Any]] = {}
    for key, _label in MONTHLY_KEYS:
        for row in breakdown(query, key, "org"):
            unit = by_unit.setdefault(row.org_id or row.label, {"name": row.label})
            unit[key] = row.value
    rows = [
        BulletinTableRow(
            [u["name"], *(u.get(k, 0) for k, _ in MONTHLY_KEYS)],
            highlight=bool(u.get("reconsideration.corrected") or u.get("reconsideration.overdue")),
        )
        for u in sorted(by_unit.values(), key=lambda u: u["name"])
    ]
    paragraph: list[str | Figure] = [
        "行政复议：本月收到申请",
        figs["reconsideration.received"],
        "件，审结",
        figs["reconsideration.concluded"],
        "件，其中直接纠错",
        figs["reconsideration.corrected"],
        "件；超期",
        figs["reconsideration.overdue"],
        "件。",
    ]
    table = BulletinTable(
        "行政复议案件（按被申请人）",
        ["被申请人", *(label for _, label in MONTHLY_KEYS)],
        rows,
        ["合计", *(figs[k].value for k, _ in MONTHLY_KEYS)],
    )
    return BulletinPart([paragraph], [table])
