"""Pages of 法治建设综合, declared (``core.pages.RecordPages``): a list, detail and 登记 page per record
kind, the step forms of 整改 and 指标确认, and the overview of a year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core.dates import today
from fazhi.core.pages import RecordPages, audit_timeline, timeline
from fazhi.core.permissions import business_required

from . import actions, filters, forms, selectors, services, stats


def _pages(
    noun: str, scoped: Any, related: Any, fs: Any, wf: Any, form: Any, create: Any, created: str
) -> Any:
    register = not wf.transitions  # a record kind without status steps: its audit events only
    return RecordPages(
        "governance",
        noun,
        scoped,
        related,
        fs,
        wf,
        form=form,
        create=create,
        created=created,
        context_name="r",
        history=audit_timeline if register else timeline,
    ).views()


s = selectors
holder_list, holder_detail, holder_create, holder_action = _pages(
    "holder",
    s.holders_for,
    s.with_org,
    filters.HolderFilterSet,
    actions.HOLDERS,
    forms.HolderForm,
    services.create_holder,
    "已登记第一责任人 {person}",
)
duty_list, duty_detail, duty_create, duty_action = _pages(
    "duty",
    s.duties_for,
    s.with_holder,
    filters.DutyFilterSet,
    actions.DUTIES,
    forms.DutyForm,
    services.create_duty,
    "已登记履职记录",
)
adviser_list, adviser_detail, adviser_create, adviser_action = _pages(
    "adviser",
    s.advisers_for,
    s.with_org,
    filters.AdviserFilterSet,
    actions.ADVISERS,
    forms.AdviserForm,
    services.create_adviser,
    "已登记法律顾问 {name}",
)
consultation_list, consultation_detail, consultation_create, consultation_action = _pages(
    "consultation",
    s.consultations_for,
    s.with_adviser,
    filters.ConsultationFilterSet,
    actions.CONSULTATIONS,
    forms.ConsultationForm,
    services.create_consultation,
    "已登记咨询记录",
)
value_list, value_detail, value_create, value_action = _pages(
    "value",
    s.values_for,
    s.with_indicator,
    filters.ValueFilterSet,
    actions.VALUE_WORKFLOW,
    forms.ValueForm,
    services.create_value,
    "已填报指标值（待司法局确认）",
)
rectification_list, rectification_detail, rectification_create, rectification_action = _pages(
    "rectification",
    s.rectifications_for,
    s.with_org,
    filters.RectificationFilterSet,
    actions.WORKFLOW,
    forms.RectificationForm,
    services.create_rectification,
    "已登记整改任务",
)
study_list, study_detail, study_create, study_action = _pages(
    "study",
    s.studies_for,
    s.with_org,
    filters.StudyFilterSet,
    actions.STUDY,
    forms.StudyForm,
    services.create_study,
    "已登记会议学法",
)
training_list, training_detail, training_create, training_action = _pages(
    "training",
    s.trainings_for,
    s.with_org,
    filters.TrainingFilterSet,
    actions.TRAININGS,
    forms.TrainingForm,
    services.create_training,
    "已登记专题培训",
)
exam_list, exam_detail, exam_create, exam_action = _pages(
    "exam",
    s.exams_for,
    s.with_org,
    filters.ExamFilterSet,
    actions.EXAMS,
    forms.ExamForm,
    services.create_exam,
    "已登记考试",
)


plan_list, plan_detail, plan_create, plan_action = _pages(
    "plan",
    s.plan_items_for,
    s.with_org,
    filters.PlanItemFilterSet,
    actions.PLAN,
    forms.PlanItemForm,
    services.create_plan_item,
    "已登记工作要点",
)


@business_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """法治建设综合 of a year in the user's scope: the figures with their drill-downs and the 顾而不问 list."""
    try:
        year = int(request.GET.get("year") or today().year - 1)
    except ValueError:
        year = today().year - 1
    year = min(max(year, 2000), 2100)
    on = min(date(year, 12, 31), today())
    return render(
        request,
        "governance/overview.html",
        {
            "year": year,
            "figures": stats.figures_for(request.user, year),
            "idle": list(selectors.idle_advisers(request.user, on)[:50]),
            "on": on,
        },
    )
