"""Figures of 行政规范性文件 (FIGURES.md): counts and a rate declared once over the documents, computed in one
SQL aggregate, each drilling down to the document list filtered to exactly what it counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import F, Q, QuerySet

from fazhi.core.figures import CountFigure, FigureQuery, FigureSet, Period, RateFigure, date_range
from fazhi.core.lists import unit_scope_q

from . import rules
from .models import NormativeDocument, Status, in_force_q

_published, _published_params = date_range("published_on")
_filed, _filed_params = date_range("filed_on")
_ended, _ended_params = date_range("ended_on")


def _in_force_params(p: Period) -> list[tuple[str, str]]:
    return [("in_force_on", p.end.isoformat())]


def _next_year(p: Period) -> tuple[Any, Any]:
    return p.end + timedelta(days=1), rules.add_years(p.end, 1)


def _expiring(p: Period) -> Q:
    start, end = _next_year(p)
    return in_force_q(p.end) & Q(valid_until__gte=start, valid_until__lte=end)


def _expiring_params(p: Period) -> list[tuple[str, str]]:
    start, end = _next_year(p)
    return [
        *_in_force_params(p),
        ("valid_until_from", start.isoformat()),
        ("valid_until_to", end.isoformat()),
    ]


def _definitions() -> list[CountFigure | RateFigure]:
    return [
        CountFigure("normative.issued", "公布行政规范性文件", _published, _published_params),
        CountFigure("normative.in_force", "期末有效的规范性文件", in_force_q_end, _in_force_params),
        CountFigure("normative.expiring_next_year", "次年到期的规范性文件", _expiring, _expiring_params),
        CountFigure("normative.filed", "报送备案的规范性文件", _filed, _filed_params),
        CountFigure(
            "normative.filed_on_time",
            "按时报送备案的规范性文件",
            lambda p: _filed(p) & Q(filed_on__lte=F("filing_due")),
            lambda p: [*_filed_params(p), ("on_time", "1")],
        ),
        RateFigure(
            "normative.filed_on_time_rate",
            "按时备案率",
            "normative.filed_on_time",
            "normative.filed",
            "以报送备案数为基数",
        ),
        CountFigure(
            "normative.repealed_in_cleanup",
            "经清理废止或宣布失效的规范性文件",
            lambda p: _ended(p) & Q(cleanup__isnull=False),
            lambda p: [*_ended_params(p), ("by_cleanup", "1")],
        ),
    ]


def in_force_q_end(p: Period) -> Q:
    return in_force_q(p.end)


def _scoped(query: FigureQuery) -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.filter(unit_scope_q(query.org))


def _labels(dimension: str) -> dict[Any, str]:
    return dict(Status.choices) if dimension == "status" else {}


FIGURES = FigureSet(
    module="normative",
    queryset=_scoped,
    list_url="normative:document_list",
    figures=_definitions,
    dimensions={"org": "起草单位"},
    dimension_labels=_labels,
)
figures = FIGURES.compute
breakdown = FIGURES.breakdown
