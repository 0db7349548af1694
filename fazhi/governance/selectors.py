"""Scoped reads of 法治建设综合: a record outside the user's scope is a 404."""

from __future__ import annotations

import operator
from datetime import date
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import Rank

from . import models as m
from .rules import government_windows, idle_window, setting


def holders_for(user: Any) -> QuerySet[m.OfficeHolder]:
    return m.OfficeHolder.objects.visible_to(user)


def duties_for(user: Any) -> QuerySet[m.LeadershipDuty]:
    return m.LeadershipDuty.objects.visible_to(user)


def advisers_for(user: Any) -> QuerySet[m.LegalAdviser]:
    return m.LegalAdviser.objects.visible_to(user)


def consultations_for(user: Any) -> QuerySet[m.Consultation]:
    return m.Consultation.objects.visible_to(user)


def values_for(user: Any) -> QuerySet[m.IndicatorValue]:
    return m.IndicatorValue.objects.visible_to(user)


def rectifications_for(user: Any) -> QuerySet[m.Rectification]:
    return m.Rectification.objects.visible_to(user)


def studies_for(user: Any) -> QuerySet[m.StudySession]:
    return m.StudySession.objects.visible_to(user)


def trainings_for(user: Any) -> QuerySet[m.Training]:
    return m.Training.objects.visible_to(user)


def exams_for(user: Any) -> QuerySet[m.Exam]:
    return m.Exam.objects.visible_to(user)


def plan_items_for(user: Any) -> QuerySet[m.PlanItem]:
    return m.PlanItem.objects.visible_to(user)


def inspections_for(user: Any) -> QuerySet[m.Inspection]:
    return m.Inspection.objects.visible_to(user)


def assessments_for(user: Any) -> QuerySet[m.Assessment]:
    """The assessments of the user's scope, and those in which a unit of the user's scope was scored (a unit
    sees the assessment and its own scores, never the others')."""
    scored = m.AssessmentScore.objects.visible_to(user).filter(item__assessment=OuterRef("pk"))
    own = m.Assessment.objects.visible_to(user).values("pk")
    return m.Assessment.objects.filter(Q(pk__in=own) | Q(Exists(scored)))


def own_assessment(user: Any, a: m.Assessment) -> bool:
    """The assessment is of the user's scope (the office's), not only one where its unit was scored."""
    return m.Assessment.objects.visible_to(user).filter(pk=a.pk).exists()


def with_co_units(qs: QuerySet) -> QuerySet:
    return qs.select_related("org").prefetch_related("co_units")


def weighted() -> ExpressionWrapper:
    """A score's points in the total: score ÷ 满分 × 权重."""
    return ExpressionWrapper(
        F("score") * F("item__weight") / F("item__max_score"),
        output_field=DecimalField(max_digits=12, decimal_places=4),
    )


def ranking(user: Any, assessment: m.Assessment) -> list[dict[str, Any]]:
    """Each unit's total and rank among all units assessed, in SQL (one query), then the rows of the units
    the user may see (a unit: its own row, with its rank among all)."""
    from fazhi.orgs.scope import scope_root

    root = scope_root(user)
    if root is None:
        return []
    rows = (
        m.AssessmentScore.objects.filter(item__assessment=assessment)
        .values("org_id", "org__name", "org__path")
        .annotate(total=Sum(weighted()))
        .annotate(rank=Window(Rank(), order_by=F("total").desc()))
        .order_by("rank", "org__path")
    )
    return [
        {**r, "total": Decimal(r["total"]).quantize(Decimal("0.01"))}
        for r in rows
        if r["org__path"].startswith(root.path)
    ]


def score_table(user: Any, assessment: m.Assessment) -> tuple[list[m.AssessmentItem], list[dict[str, Any]]]:
    """The leaf items and, per unit the user may see, its scores by item, total and rank (two queries)."""
    leaves = list(assessment.items.filter(children__isnull=True).order_by("order", "id"))
    scores: dict[int, dict[int, Decimal]] = {}
    for org_id, item_id, score in (
        m.AssessmentScore.objects.visible_to(user)
        .filter(item__assessment=assessment)
        .values_list("org_id", "item_id", "score")
    ):
        scores.setdefault(org_id, {})[item_id] = score
    rows = ranking(user, assessment)
    for r in rows:
        r["scores"] = [scores.get(r["org_id"], {}).get(it.pk) for it in leaves]
    return leaves, rows


def training_hours(id_numbers: list[str], year: int) -> dict[str, Decimal]:
    """Hours of training per officer (by ID number) in ``year``, from the participant lists of the trainings
    that started in that year (one query): what the enforcement certificate's annual hours read."""
    rows = (
        m.TrainingParticipant.objects.filter(id_number__in=[n for n in id_numbers if n])
        .filter(training__start_on__year=year)
        .values("id_number")
        .annotate(hours=Sum("hours"))
    )
    return {r["id_number"]: r["hours"] for r in rows}


def participants_for(user: Any) -> QuerySet[m.TrainingParticipant]:
    """The participant rows of the trainings the user may see."""
    return m.TrainingParticipant.objects.filter(training__in=trainings_for(user).values("pk"))


def with_training(qs: QuerySet) -> QuerySet:
    return qs.select_related("org", "training")


def hours_by_year(id_number: str) -> list[tuple[int, Decimal]]:
    """An officer's training hours per year (newest first) from the participant lists matched by ID number
    (one query); the enforcement officer page shows them beside the certificate."""
    from django.db.models.functions import ExtractYear

    if not id_number:
        return []
    rows = (
        m.TrainingParticipant.objects.filter(id_number=id_number)
        .annotate(y=ExtractYear("training__start_on"))
        .values("y")
        .annotate(hours=Sum("hours"))
        .order_by("-y")
    )
    return [(r["y"], r["hours"]) for r in rows]


def with_org(qs: QuerySet) -> QuerySet:
    return qs.select_related("org")


def with_holder(qs: QuerySet) -> QuerySet:
    return qs.select_related("org", "person_post")


def with_adviser(qs: QuerySet) -> QuerySet:
    return qs.select_related("org", "adviser")


def with_indicator(qs: QuerySet) -> QuerySet:
    return qs.select_related("org", "indicator", "confirmed_by")


def idle_q_months(on: date, months: int | None = None) -> Q:
    """顾而不问 on ``on`` with one window (RULES: ``rules.idle_window``): under contract that day, no
    consultation in the ``months`` before it."""
    start, end = idle_window(on, months)
    consulted = m.Consultation.objects.filter(adviser=OuterRef("pk"), date__gt=start, date__lte=end)
    return Q(contract_from__lte=on, contract_until__gte=on) & ~Q(Exists(consulted))


def _own_units(path: str, governments: list[str]) -> Q:
    """Advisers of the government at ``path`` itself: its subtree less the governments below it."""
    q = Q(org__path__startswith=path)
    for lower in governments:
        if lower != path and lower.startswith(path):
            q &= ~Q(org__path__startswith=lower)
    return q


def idle_q(on: date) -> Q:
    """顾而不问 on ``on``, each adviser with the window of its own government (its unit's nearest government:
    ``GovernmentSettings.idle_months``, else the platform's). A count over an upper government's subtree is
    therefore the sum of its governments' own counts. One query for the governments' windows."""
    default = int(setting("idle_months"))
    rows = government_windows()
    paths = [path for path, _ in rows]
    by_months: dict[int, list[Q]] = {}
    for path, months in rows:
        if months and months != default:
            by_months.setdefault(months, []).append(_own_units(path, paths))
    if not by_months:
        return idle_q_months(on, default)
    parts = []
    elsewhere = Q()
    for months, units in sorted(by_months.items()):
        own = reduce(operator.or_, units)
        parts.append(own & idle_q_months(on, months))
        elsewhere &= ~own
    q = reduce(operator.or_, parts)
    return q | (elsewhere & idle_q_months(on, default))


def idle_advisers(user: Any, on: date) -> QuerySet[m.LegalAdviser]:
    return advisers_for(user).filter(idle_q(on)).select_related("org").order_by("org__path", "id")
