"""Figures of 行政应诉 (FIGURES.md) as SQL aggregates, with drill-downs; the bulletin and circular data.

Each count is defined once, in ``_definitions``: a Q over cases and the list-page parameters that
select the same records (``filters.apply``), so a drill-down shows exactly what was counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.core import figure_sql
from fazhi.core.casework import live_q
from fazhi.core.figures import (
    BulletinPart,
    BulletinTable,
    BulletinTableRow,
    CountFigure,
    Figure,
    FigureQuery,
    FigureSet,
    Params,
    Period,
    RateFigure,
    Tally,
    date_range,
    rate,
)

from . import deadlines
from .filters import scope_q, session_exists
from .models import (
    QUALIFYING_POSTS,
    CourtSession,
    HeadPost,
    JudgmentKind,
    LitigationCase,
    LossAccountability,
    Outcome,
    loss_q,
)


def judgments_q() -> Q:
    """Concluded by a judgment (判决), not a ruling, withdrawal or mediation (FIGURES litigation.judgments)."""
    return Q(judgment_kind=JudgmentKind.JUDGMENT) & ~Q(outcome__in=[Outcome.WITHDRAWN, Outcome.MEDIATED])


def _drill(params: dict[str, Any], org: Any) -> str:
    if org is not None:
        params = {**params, "scope": org.pk}
    return reverse("litigation:case_list") + "?" + urlencode(params)


def _range(field_name: str, prefix: str) -> tuple[Callable[[Period], Q], Callable[[Period], Params]]:
    return date_range(field_name, prefix)


_concluded, _concluded_params = date_range("concluded_on")


def _in_concluded(q: Q, *params: tuple[str, str]) -> dict[str, Any]:
    return {
        "where": lambda p: _concluded(p) & q,
        "params": lambda p: [*_concluded_params(p), *params],
    }


SESSION_KEYS = {
    # key -> filter on CourtSession (cases counted once, per RULES §3 "per case, not per session")
    "litigation.heard": Q(),
    "litigation.head_appeared": Q(head_appeared=True, head_post__in=sorted(QUALIFYING_POSTS)),
    "litigation.principal_head_appeared": Q(head_appeared=True, head_post=HeadPost.PRINCIPAL),
}


def _sessions(query: FigureQuery) -> QuerySet[CourtSession]:
    p = query.period
    # A voided case's sessions count nowhere (issue 15 item 3).
    sessions = CourtSession.objects.filter(held_on__gte=p.start, held_on__lte=p.end).filter(
        live_q("case__status")
    )
    if query.org is not None:
        sessions = sessions.filter(case__org__path__startswith=query.org.path)
    return sessions


# Session counts are taken from the sessions table so the (held_on, case) index serves them; each
# equals the count over cases of ``session_exists`` (the drill-down's definition).
SESSIONS = Tally("sessions", _sessions, lambda q: Count("case_id", distinct=True, filter=q))


def _session_figure(key: str, label: str, prefix: str, **kind: bool) -> CountFigure:
    return CountFigure(
        key,
        label,
        lambda p: Q(session_exists(p.start, p.end, **kind)),
        _range("held_on", prefix)[1],
        tally=SESSIONS,
        tally_where=lambda p: SESSION_KEYS[key],
    )


def _definitions() -> list[CountFigure | RateFigure]:
    return [
        CountFigure("litigation.received", "新收（收到起诉状副本）", *date_range("served_on")),
        CountFigure("litigation.concluded", "审结", _concluded, _concluded_params),
        CountFigure("litigation.lost", "败诉", **_in_concluded(loss_q(), ("loss", "1"))),
        CountFigure("litigation.judgments", "判决结案", **_in_concluded(judgments_q(), ("judgments", "1"))),
        CountFigure(
            "litigation.withdrawn",
            "原告撤诉",
            **_in_concluded(Q(outcome=Outcome.WITHDRAWN), ("outcome", Outcome.WITHDRAWN)),
        ),
        _session_figure("litigation.heard", "开庭审理", "heard"),
        _session_figure("litigation.head_appeared", "负责人出庭应诉", "head", qualifying=True),
        _session_figure(
            "litigation.principal_head_appeared", "正职负责人出庭应诉", "principal", principal=True
        ),
        CountFigure(
            "litigation.accountability_opened",
            "启动败诉责任调查",
            *_range("opened_on", "acc"),
            queryset=lambda query: LossAccountability.objects.filter(scope_q(query.org)),
        ),
        RateFigure(
            "litigation.loss_rate", "败诉率", "litigation.lost", "litigation.concluded", "以审结数为基数"
        ),
        RateFigure(
            "litigation.loss_rate_judgments",
            "实体判决败诉率",
            "litigation.lost",
            "litigation.judgments",
            "以判决结案数为基数",
        ),
        RateFigure(
            "litigation.head_appearance_rate",
            "负责人出庭应诉率",
            "litigation.head_appeared",
            "litigation.heard",
            "以开庭审理案件数为基数（按案件计）",
        ),
    ]


def _served_or_concluded(p: Period) -> Q:
    return date_range("served_on")[0](p) | _concluded(p)


def recon_figures(query: FigureQuery) -> list[Figure]:
    """reconsideration.sued_after(_rate): reconsideration cases concluded in Y that a litigation case links to."""
    from fazhi.reconsideration.models import ReconsiderationCase as Recon

    def aggregate(query: FigureQuery) -> tuple[QuerySet[Recon], dict[str, Any]]:
        p = query.period
        recon = Recon.objects.filter(concluded_on__gte=p.start, concluded_on__lte=p.end)
        if query.org is not None:
            recon = recon.filter(org__path__startswith=query.org.path)
        linked_ids = LitigationCase.objects.filter(live_q(), related_reconsideration__isnull=False).values(
            "related_reconsideration_id"
        )
        return recon, {"concluded": Count("id"), "sued": Count("id", filter=Q(id__in=linked_ids))}

    p = query.period
    row = figure_sql.aggregate(("litigation", "sued_after"), query, aggregate)
    params: dict[str, Any] = {"recon_from": p.start.isoformat(), "recon_to": p.end.isoformat()}
    if query.org is not None:
        params["recon_scope"] = query.org.pk
    drill = _drill(params, None)
    return [
        Figure("reconsideration.sued_after", "复议后起诉", row["sued"], "件", drill),
        Figure(
            "reconsideration.sued_after_rate",
            "复议后起诉率",
            rate(row["sued"], row["concluded"]),
            "%",
            drill,
            base="以复议审结数为基数",
            numerator="reconsideration.sued_after",
            denominator="reconsideration.concluded",
        ),
    ]


def party_names(query: FigureQuery) -> list[str]:
    """Plaintiffs' names of the cases served or concluded in the period, in scope (issue 8 item 6:
    a publication must not name them)."""
    from .models import Plaintiff

    cases = LitigationCase.objects.filter(live_q(), scope_q(query.org)).filter(
        _served_or_concluded(query.period)
    )
    return list(
        Plaintiff.objects.filter(case__in=cases.values("pk")).values_list("name", flat=True).distinct()
    )


FIGURES = FigureSet(
    module="litigation",
    queryset=lambda query: LitigationCase.objects.filter(live_q(), scope_q(query.org)),
    list_url="litigation:case_list",
    figures=_definitions,
    dimensions={"org": "被告单位"},
    prefilter=_served_or_concluded,
    extra=recon_figures,
    party_names=party_names,
)
figures = FIGURES.compute
breakdown = FIGURES.breakdown


# ---- 月度信息快报 and 季度通报 data (rendered by the reports module) ----


@dataclass(frozen=True)
class UnitMonthRow:
    org_id: int
    org_name: str
    received: int
    concluded: int
    lost: int
    overdue: int


@dataclass(frozen=True)
class MonthlyBulletin:
    period: Period
    received: int
    concluded: int
    lost: int
    loss_rate: float | None
    overdue: int
    by_unit: list[UnitMonthRow]
    figures: dict[str, Figure]


def overdue_cases(period: Period, org: Any = None) -> list[LitigationCase]:
    """Cases with an answer or appeal period ending in ``period`` that was not met by its last day."""
    window = period.start - timedelta(days=60)
    qs = (
        LitigationCase.objects.filter(live_q(), scope_q(org))
        .filter(
            Q(served_on__gte=window, served_on__lte=period.end)
            | Q(judgment_served_on__gte=window, judgment_served_on__lte=period.end)
        )
        .select_related("org")
    )
    out = []
    for case in qs:
        for d in deadlines.case_deadlines(case, period.end):
            if d.due and period.start <= d.due <= period.end and (d.done_on is None or d.done_on > d.due):
                out.append(case)
                break
    return out


def monthly_bulletin(period: Period, org: Any = None) -> MonthlyBulletin:
    """月度信息快报: new, concluded, lost and overdue cases of the month, in total and by defendant unit."""
    query = FigureQuery(period, org)
    figs = {f.key: f for f in figures(query)}
    p = period
    per_unit = (
        LitigationCase.objects.filter(live_q(), scope_q(org))
        .values("org_id", "org__name", "org__sort_order")
        .annotate(
            received=Count("id", filter=Q(served_on__gte=p.start, served_on__lte=p.end)),
            concluded=Count("id", filter=Q(concluded_on__gte=p.start, concluded_on__lte=p.end)),
            lost=Count("id", filter=Q(concluded_on__gte=p.start, concluded_on__lte=p.end) & loss_q()),
        )
        .filter(Q(received__gt=0) | Q(concluded__gt=0))
    )
    overdue = overdue_cases(period, org)
    overdue_by: dict[int, int] = {}
    names: dict[int, tuple[str, int]] = {}
    for c in overdue:
        overdue_by[c.org_id] = overdue_by.get(c.org_id, 0) + 1
        names[c.org_id] = (c.org.name, c.org.sort_order)
    rows: dict[int, UnitMonthRow] = {}
    for r in per_unit:
        rows[r["org_id"]] = UnitMonthRow(
            r["org_id"],
            r["org__name"],
            r["received"],
            r["concluded"],
            r["lost"],
            overdue_by.get(r["org_id"], 0),
        )
        names[r["org_id"]] = (r["org__name"], r["org__sort_order"])
    for oid, n in overdue_by.items():
        if oid not in rows:
            rows[oid] = UnitMonthRow(oid, names[oid][0], 0, 0, 0, n)
    ordered = sorted(rows.values(), key=lambda r: (names[r.org_id][1], r.org_id))
    return MonthlyBulletin(
        period=period,
        received=figs["litigation.received"].value,
        concluded=figs["litigation.concluded"].value,
        lost=figs["litigation.lost"].value,
        loss_rate=figs["litigation.loss_rate"].value,
        overdue=len(overdue),
        by_unit=ordered,
        figures=figs,
    )


@dataclass(frozen=True)
class UnitHeadRow:
    rank: int
    org_id: int
    org_name: str
    heard: int
    head_appeared: int
    principal_appeared: int
    rate: float | None
    drilldown: str


@dataclass(frozen=True)
class QuarterlyHeadAppearance:
    period: Period
    heard: int
    head_appeared: int
    rate: float | None
    rows: list[UnitHeadRow]  # ranked: highest rate first; equal rates share a rank


def quarterly_head_appearance(period: Period, org: Any = None) -> QuarterlyHeadAppearance:
    """季度通报: 负责人出庭应诉率 per defendant unit (per case, RULES §3), ranked."""
    p = period
    per_unit = (
        LitigationCase.objects.filter(live_q(), scope_q(org))
        .filter(session_exists(p.start, p.end))
        .values("org_id", "org__name")
        .annotate(
            heard=Count("id"),
            head=Count("id", filter=Q(session_exists(p.start, p.end, qualifying=True))),
            principal=Count("id", filter=Q(session_exists(p.start, p.end, principal=True))),
        )
    )
    raw = sorted(per_unit, key=lambda r: (-(rate(r["head"], r["heard"]) or 0), -r["heard"], r["org__name"]))
    rows: list[UnitHeadRow] = []
    prev_rate: float | None = None
    rank = 0
    for i, r in enumerate(raw, start=1):
        rt = rate(r["head"], r["heard"])
        if rt != prev_rate:
            rank, prev_rate = i, rt
        drill = _drill(
            {"head_from": p.start.isoformat(), "head_to": p.end.isoformat(), "org": r["org_id"]}, None
        )
        rows.append(
            UnitHeadRow(rank, r["org_id"], r["org__name"], r["heard"], r["head"], r["principal"], rt, drill)
        )
    heard = sum(r.heard for r in rows)
    head = sum(r.head_appeared for r in rows)
    return QuarterlyHeadAppearance(period, heard, head, rate(head, heard), rows)


def today_overdue_count(org: Any, today: date) -> int:
    """Open cases whose answer or appeal period has passed (for the dashboard)."""
    qs = LitigationCase.objects.filter(live_q(), scope_q(org)).filter(
        Q(answer_filed_on__isnull=True) | Q(status="judged")
    )
    return sum(1 for c in qs if deadlines.is_overdue(c, today))


# ---- Its parts of the 月度信息快报 and the 季度通报 (rendered by the reports module) ----


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def monthly_section(period: Period, org: Any, **options: Any) -> BulletinPart:
    m = monthly_bulletin(period, org)
    f = m.figures
    paragraph: list[str | Figure] = [
        "行政诉讼：本月新收案件",
        f["litigation.received"],
        "件，审结",
        f["litigation.concluded"],
        "件，其中败诉",
        f["litigation.lost"],
        "件，败诉率",
        f["litigation.loss_rate"],
        f"；答辩、上诉期限超期{m.overdue}件。",
    ]
    table = BulletinTable(
        "行政诉讼案件（按被告单位）",
        ["被告单位", "新收", "审结", "败诉", "超期"],
        [
            BulletinTableRow(
                [r.org_name, r.received, r.concluded, r.lost, r.overdue], highlight=bool(r.lost or r.overdue)
            )
            for r in m.by_unit
        ],
        ["合计", m.received, m.concluded, m.lost, m.overdue],
    )
    return BulletinPart([paragraph], [table])


def quarterly_section(period: Period, org: Any, threshold: float = 0.8, **options: Any) -> BulletinPart:
    """季度通报: the rate of the quarter, the units below ``threshold`` named, and the ranking."""
    q = quarterly_head_appearance(period, org)
    low = [r for r in q.rows if r.rate is not None and r.rate < threshold]
    paragraphs: list[list[str | Figure]] = [
        [
            f"本季度，开庭审理的行政诉讼案件{q.heard}件，行政机关负责人出庭应诉{q.head_appeared}件，"
            f"负责人出庭应诉率{_pct(q.rate)}（按案件计，以开庭审理案件数为基数）。"
        ]
    ]
    if low:
        paragraphs.append(
            [
                f"出庭应诉率低于{_pct(threshold)}的单位："
                + "、".join(r.org_name for r in low)
                + "。请上述单位认真落实行政机关负责人出庭应诉制度。"
            ]
        )
    else:
        paragraphs.append([f"各单位出庭应诉率均不低于{_pct(threshold)}。"])
    table = BulletinTable(
        "负责人出庭应诉情况排名",
        ["排名", "被告单位", "开庭审理", "负责人出庭", "正职出庭", "出庭应诉率"],
        [
            BulletinTableRow(
                [r.rank, r.org_name, r.heard, r.head_appeared, r.principal_appeared, _pct(r.rate)],
                highlight=r in low,
                drilldown=r.drilldown,
            )
            for r in q.rows
        ],
        ["", "合计", q.heard, q.head_appeared, sum(r.principal_appeared for r in q.rows), _pct(q.rate)],
    )
    return BulletinPart(paragraphs, [table])
