"""Figures of 行政争议化解 (FIGURES.md) as one SQL aggregate, with drill-downs and a breakdown by unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from fazhi.reports.figures import BreakdownRow, Figure, FigureQuery, Period, rate

from .filters import scope_q
from .models import Channel, Dispute


def _drill(params: dict[str, Any], org: Any) -> str:
    if org is not None:
        params = {**params, "scope": org.pk}
    return reverse("disputes:dispute_list") + "?" + urlencode(params)


@dataclass(frozen=True)
class CountDef:
    key: str
    label: str
    q: Q
    params: dict[str, Any]


def _definitions(p: Period) -> list[CountDef]:
    closed = Q(closed_on__gte=p.start, closed_on__lte=p.end)
    cp = {"closed_from": p.start.isoformat(), "closed_to": p.end.isoformat()}
    defs = [
        CountDef("disputes.handled", "办结行政争议", closed, cp),
        CountDef("disputes.resolved", "化解成功", closed & Q(resolved=True), {**cp, "resolved": "1"}),
    ]
    for code, label in Channel.choices:
        defs.append(
            CountDef(
                f"disputes.resolved_by_channel.{code}",
                f"化解成功（{label}）",
                closed & Q(resolved=True, channel=code),
                {**cp, "resolved": "1", "channel": code},
            )
        )
    return defs


def figures(query: FigureQuery) -> list[Figure]:
    defs = _definitions(query.period)
    row = Dispute.objects.filter(scope_q(query.org)).aggregate(
        **{d.key.replace(".", "__"): Count("id", filter=d.q) for d in defs}
    )
    values = {d.key: row[d.key.replace(".", "__")] or 0 for d in defs}
    out = [Figure(d.key, d.label, values[d.key], "件", _drill(d.params, query.org)) for d in defs]
    resolved = next(d for d in defs if d.key == "disputes.resolved")
    out.append(
        Figure(
            "disputes.resolution_rate",
            "化解率",
            rate(values["disputes.resolved"], values["disputes.handled"]),
            "%",
            _drill(resolved.params, query.org),
            base="以办结数为基数",
            numerator="disputes.resolved",
            denominator="disputes.handled",
        )
    )
    return out


def breakdown(query: FigureQuery, key: str, dimension: str = "org") -> list[BreakdownRow]:
    """A count per unit concerned ("org") or per channel ("channel"), with drill-downs."""
    d = next((d for d in _definitions(query.period) if d.key == key), None)
    if d is None or dimension not in ("org", "channel"):
        return []
    qs = Dispute.objects.filter(scope_q(query.org)).filter(d.q)
    if dimension == "org":
        rows = qs.values("org_id", "org__name").annotate(n=Count("id")).order_by("-n", "org__name")
        return [
            BreakdownRow(
                r["org__name"], r["n"], _drill({**d.params, "org": r["org_id"]}, query.org), r["org_id"]
            )
            for r in rows
        ]
    labels = dict(Channel.choices)
    rows = qs.values("channel").annotate(n=Count("id")).order_by("-n", "channel")
    return [
        BreakdownRow(
            labels.get(r["channel"], r["channel"]),
            r["n"],
            _drill({**d.params, "channel": r["channel"]}, query.org),
        )
        for r in rows
    ]


def party_names(query: FigureQuery) -> list[str]:
    """Parties' names of the disputes opened or closed in the period, in scope (issue 8 item 6:
    a publication must not name them)."""
    from .models import DisputeParty

    p = query.period
    in_period = Q(opened_on__gte=p.start, opened_on__lte=p.end) | Q(
        closed_on__gte=p.start, closed_on__lte=p.end
    )
    disputes = Dispute.objects.filter(scope_q(query.org)).filter(in_period).values("pk")
    return list(DisputeParty.objects.filter(dispute__in=disputes).values_list("name", flat=True).distinct())
