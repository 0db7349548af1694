"""Figures of 重大行政决策 · 合法性审查 (FIGURES.md): counted over the review queue, with the catalogue
items beside them; each figure drills down to the list that shows exactly what it counts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse

from fazhi.core.figures import CountFigure, Figure, FigureQuery, FigureSet, Period, date_range

from . import contract_stats
from .filters import scope_q
from .models import LegalityReview, MajorDecision, Opinion, SubjectKind

_concluded, _concluded_params = date_range("concluded_on")


def overdue_q() -> Q:
    """Concluded after the due date (the list's 超期 filter; open reviews count once concluded)."""
    return Q(due_on__isnull=False, concluded_on__gt=F("due_on"))


def _definitions() -> list[CountFigure]:
    defs = [
        CountFigure(
            "decisions.legality_reviewed", "经合法性审查的事项", _concluded, _concluded_params, unit="项"
        )
    ]
    for code, label in SubjectKind.choices:
        defs.append(
            CountFigure(
                f"decisions.legality_reviewed_by_kind.{code}",
                f"合法性审查（{label}）",
                lambda p, code=code: _concluded(p) & Q(subject_kind=code),
                lambda p, code=code: [*_concluded_params(p), ("subject_kind", code)],
                unit="项",
            )
        )
    for code, label in Opinion.choices:
        defs.append(
            CountFigure(
                f"decisions.legality_opinion.{code}",
                f"审查意见为{label}",
                lambda p, code=code: _concluded(p) & Q(opinion=code),
                lambda p, code=code: [*_concluded_params(p), ("opinion", code)],
                unit="项",
            )
        )
    defs.append(
        CountFigure(
            "decisions.reviews_overdue",
            "超期出具审查意见",
            lambda p: _concluded(p) & overdue_q(),
            lambda p: [*_concluded_params(p), ("overdue", "1")],
            unit="项",
        )
    )
    return defs


def _scoped(query: FigureQuery) -> QuerySet[LegalityReview]:
    return LegalityReview.objects.filter(scope_q(query.org))


def _decisions(query: FigureQuery) -> QuerySet[MajorDecision]:
    return MajorDecision.objects.filter(scope_q(query.org))


def _extra(query: FigureQuery) -> list[Figure]:
    """Counts over the decisions (their own list page): catalogue items of the year, decisions made."""
    year = query.period.start.year
    p: Period = query.period
    scope = [("scope", str(query.org.pk))] if query.org is not None else []
    url = reverse("decisions:decision_list")
    counts = _decisions(query).aggregate(
        items=Count("id", filter=Q(catalog__year=year, year=year)),
        decided=Count("id", filter=Q(decided_on__gte=p.start, decided_on__lte=p.end)),
    )
    return [
        *contract_stats.figures(query),
        Figure(
            "decisions.catalog_items",
            "列入重大行政决策目录的事项",
            counts["items"],
            "项",
            url + "?" + "&".join(f"{k}={v}" for k, v in [("year", year), ("in_catalog", "1"), *scope]),
        ),
        Figure(
            "decisions.decided",
            "作出的重大行政决策",
            counts["decided"],
            "项",
            url
            + "?"
            + "&".join(f"{k}={v}" for k, v in [("decided_from", p.start), ("decided_to", p.end), *scope]),
        ),
    ]


def _labels(dimension: str) -> dict[Any, str]:
    if dimension == "subject_kind":
        return dict(SubjectKind.choices)
    if dimension == "opinion":
        return dict(Opinion.choices)
    return {}


FIGURES = FigureSet(
    module="decisions",
    queryset=_scoped,
    list_url="decisions:review_list",
    figures=_definitions,
    dimensions={"org": "送审单位", "subject_kind": "事项类别", "opinion": "审查意见"},
    dimension_labels=_labels,
    extra=_extra,
)
figures = FIGURES.compute
breakdown = FIGURES.breakdown
