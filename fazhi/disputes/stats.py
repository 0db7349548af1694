"""Figures of 行政争议化解 (FIGURES.md): counts and a rate declared once, computed in one SQL aggregate,
with drill-downs and a breakdown by unit or channel (``fazhi.core.figures.FigureSet``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.core.figures import CountFigure, FigureQuery, FigureSet, Period, RateFigure, date_range
from fazhi.core.lists import unit_scope_q as scope_q

from .models import Channel, Dispute

_closed, _closed_params = date_range("closed_on")
_opened, _ = date_range("opened_on")


def _resolved(p: Period) -> Q:
    return _closed(p) & Q(resolved=True)


def _definitions() -> list[CountFigure | RateFigure]:
    defs: list[CountFigure | RateFigure] = [
        CountFigure("disputes.handled", "办结行政争议", _closed, _closed_params),
        CountFigure(
            "disputes.resolved", "化解成功", _resolved, lambda p: [*_closed_params(p), ("resolved", "1")]
        ),
    ]
    for code, label in Channel.choices:
        defs.append(
            CountFigure(
                f"disputes.resolved_by_channel.{code}",
                f"化解成功（{label}）",
                lambda p, code=code: _resolved(p) & Q(channel=code),
                lambda p, code=code: [*_closed_params(p), ("resolved", "1"), ("channel", code)],
            )
        )
    defs.append(
        RateFigure(
            "disputes.resolution_rate", "化解率", "disputes.resolved", "disputes.handled", "以办结数为基数"
        )
    )
    return defs


def _scoped(query: FigureQuery) -> QuerySet[Dispute]:
    return Dispute.objects.filter(scope_q(query.org))


FIGURES = FigureSet(
    module="disputes",
    queryset=_scoped,
    list_url="disputes:dispute_list",
    figures=_definitions,
    dimensions={"org": "事权单位", "channel": "化解渠道"},
    parties="parties",
    parties_in=lambda p: _opened(p) | _closed(p),  # opened or closed in the period
)
figures = FIGURES.compute
breakdown = FIGURES.breakdown
