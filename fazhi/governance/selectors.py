"""Scoped reads of 法治建设综合: a record outside the user's scope is a 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from . import models as m
from .rules import idle_window


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


def with_org(qs: QuerySet) -> QuerySet:
    return qs.select_related("org")


def with_holder(qs: QuerySet) -> QuerySet:
    return qs.select_related("org", "person_post")


def with_adviser(qs: QuerySet) -> QuerySet:
    return qs.select_related("org", "adviser")


def with_indicator(qs: QuerySet) -> QuerySet:
    return qs.select_related("org", "indicator", "confirmed_by")


def idle_q(on: date) -> Q:
    """顾而不问 on ``on`` (RULES: ``rules.idle_window``): under contract that day, no consultation in the window."""
    start, end = idle_window(on)
    consulted = m.Consultation.objects.filter(adviser=OuterRef("pk"), date__gt=start, date__lte=end)
    return Q(contract_from__lte=on, contract_until__gte=on) & ~Q(Exists(consulted))


def idle_advisers(user: Any, on: date) -> QuerySet[m.LegalAdviser]:
    return advisers_for(user).filter(idle_q(on)).select_related("org").order_by("org__path", "id")
