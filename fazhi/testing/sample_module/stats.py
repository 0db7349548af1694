"""The one figure of the sample module, declared as the real modules declare theirs."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.core.figures import CountFigure, FigureQuery, FigureSet, RateFigure, date_range

from .models import SampleRecord


def _scoped(query: FigureQuery) -> QuerySet[SampleRecord]:
    qs = SampleRecord.objects.all()
    return qs if query.org is None else qs.filter(org__path__startswith=query.org.path)


def _definitions() -> list[CountFigure | RateFigure]:
    return [CountFigure("sample.registered", "登记样例", *date_range("registered_on"))]


FIGURES = FigureSet(
    module="sample",
    queryset=_scoped,
    list_url="sample:record_list",
    figures=_definitions,
    dimensions={"org": "单位"},
)
