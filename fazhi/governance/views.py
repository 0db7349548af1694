"""Pages of 法治建设综合, declared (``core.pages.RecordPages``): a list, detail and 登记 page per record
kind, the step forms of 整改 and 指标确认, and the overview of a year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from fazhi.audit.services import record
from fazhi.core.actions import errors_to_form
from fazhi.core.dates import today
from fazhi.core.excel import export_response
from fazhi.core.pages import RecordPages, audit_timeline, timeline
from fazhi.core.permissions import business_required, writer_required

from . import actions, filters, forms, selectors, services, stats


def _pages(
    noun: str,
    scoped: Any,
    related: Any,
    fs: Any,
    wf: Any,
    form: Any,
    create: Any,
    created: str,
    extra: Any = None,
) -> Any:
    # a record kind without status history rows: its audit events only
    register = not wf.transitions or wf.history is None
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
        extra=extra,
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


def _training_extra(request: HttpRequest, t: Any) -> dict[str, Any]:
    """The participant list (its first rows; the whole list is the export)."""
    rows = t.participant_rows.select_related("org").order_by("id")
    return {"participants": list(rows[:PARTICIPANTS_SHOWN]), "participant_count": rows.count()}


PARTICIPANTS_SHOWN = 50
training_list, training_detail, training_create, training_action = _pages(
    "training",
    s.trainings_for,
    s.with_org,
    filters.TrainingFilterSet,
    actions.TRAININGS,
    forms.TrainingForm,
    services.create_training,
    "已登记专题培训",
    extra=_training_extra,
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


def _plan_extra(request: HttpRequest, p: Any) -> dict[str, Any]:
    return {"progress": list(p.progress.select_related("author"))}


plan_list, plan_detail, plan_create, plan_action = _pages(
    "plan",
    s.plan_items_for,
    s.with_co_units,
    filters.PlanItemFilterSet,
    actions.PLAN,
    forms.PlanItemForm,
    services.create_plan_item,
    "已登记工作要点",
    extra=_plan_extra,
)


def _inspection_extra(request: HttpRequest, i: Any) -> dict[str, Any]:
    """The findings with their rectification tasks (the tasks the user may see) and overdue flags."""
    visible = s.rectifications_for(request.user).filter(finding__inspection=i).select_related("finding__org")
    return {"rectifications": list(visible.order_by("due_on", "id")), "today": today()}


inspection_list, inspection_detail, inspection_create, inspection_action = _pages(
    "inspection",
    s.inspections_for,
    s.with_org,
    filters.InspectionFilterSet,
    actions.INSPECTIONS,
    forms.InspectionForm,
    services.create_inspection,
    "已登记督查",
    extra=_inspection_extra,
)


def _assessment_extra(request: HttpRequest, a: Any) -> dict[str, Any]:
    leaves, rows = s.score_table(request.user, a)
    office = request.user.has_role("bureau") and s.own_assessment(request.user, a)
    return {
        "items": _tree_rows(a, leaves),
        "leaves": leaves,
        "rows": rows,
        "score_form": forms.ScoreForm(request.user, leaves) if office else None,
    }


assessment_list, assessment_detail, assessment_create, assessment_action = _pages(
    "assessment",
    s.assessments_for,
    s.with_org,
    filters.AssessmentFilterSet,
    actions.ASSESSMENTS,
    forms.AssessmentForm,
    services.create_assessment,
    "已登记考核 {title}",
    extra=_assessment_extra,
)


@business_required
@writer_required
@require_POST
def assessment_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """录入得分 of one unit on the page (``services.enter_scores``; the bureau's)."""
    a = get_object_or_404(s.assessments_for(request.user), pk=pk)
    leaves = list(a.items.filter(children__isnull=True).order_by("order", "id"))
    form = forms.ScoreForm(request.user, leaves, request.POST)
    if form.is_valid():
        try:
            services.enter_scores(
                a, actor=request.user, org=form.cleaned_data["org"], scores=form.scores(), request=request
            )
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, f"已录入{form.cleaned_data['org'].name}的得分")
            return redirect("governance:assessment_detail", pk=a.pk)
    return _with_form(request, a, form)


def _tree_rows(a: Any, leaves: list[Any]) -> list[Any]:
    """The indicator tree in order, each item knowing whether it is a leaf (no query per item)."""
    ids = {it.pk for it in leaves}
    items = list(a.items.all())
    for it in items:
        it.is_leaf = it.pk in ids
    return items


def _with_form(request: HttpRequest, a: Any, form: Any) -> HttpResponse:
    leaves, rows = s.score_table(request.user, a)
    return render(
        request,
        "governance/assessment_detail.html",
        {
            "r": a,
            "items": _tree_rows(a, leaves),
            "leaves": leaves,
            "rows": rows,
            "score_form": form,
            "timeline": audit_timeline(a),
            "action_forms": [],
        },
        status=400,
    )


@business_required
@require_GET
def assessment_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The score table as xlsx (the units the user may see), audited."""
    a = get_object_or_404(s.assessments_for(request.user), pk=pk)
    leaves, rows = s.score_table(request.user, a)
    record("governance.export", actor=request.user, obj=a, request=request, changes={"rows": len(rows)})
    headers = [
        "名次",
        "单位",
        *[f"{it.title}（满分{it.max_score}，权重{it.weight}）" for it in leaves],
        "总分",
    ]
    body = [[r["rank"], r["org__name"], *r["scores"], r["total"]] for r in rows]
    return export_response(f"{a.year}年{a.title}得分表.xlsx", headers, body)


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
