"""Writes of 重大行政决策 and 合法性审查: create a decision or a review, and the named services over the
transitions of ``actions`` — each validated, saved and audited in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.services import diff, record, snapshot
from fazhi.core import links
from fazhi.core.actions import TRUSTED, run
from fazhi.core.parts import numbering_government, refresh_cached_deadlines
from fazhi.core.services import bump_version, check_version, next_number
from fazhi.orgs.models import OrgUnit, Role
from fazhi.orgs.scope import ensure_can_write
from fazhi.workdays import calendar

from . import rules
from .actions import REVIEW_WORKFLOW, WORKFLOW, decision_history, review_history, review_snapshot
from .models import SUBJECT_LINKS, DecisionCatalog, LegalityReview, MajorDecision, ReviewStatus, SubjectKind

DECISION_KIND, DECISION_PATTERN = "major_decision", "{abbr}决〔{year}〕{seq}号"
REVIEW_KIND, REVIEW_PATTERN = "legality_review", "{abbr}法审〔{year}〕{seq}号"
_NOT_SPONSOR = (OrgUnit.Kind.COURT, OrgUnit.Kind.UPPER)


def _ensure(actor: Any, org: OrgUnit) -> None:
    if actor is not None:  # None: the command-line system (demo), no scope limit, audited as 系统
        ensure_can_write(actor, org)


@dataclass
class DecisionData:
    title: str
    sponsor: OrgUnit
    year: int
    in_catalog: bool = False
    planned_meeting_on: date | None = None
    summary: str = ""


def catalog_for(gov: OrgUnit, year: int, actor: Any = None) -> DecisionCatalog:
    """The government's catalogue of ``year`` (made on its first item)."""
    catalog, _ = DecisionCatalog.objects.get_or_create(
        org=gov, year=year, defaults={"created_by": actor, "updated_by": actor}
    )
    return catalog


@transaction.atomic
def create_decision(*, actor: Any, data: DecisionData | dict[str, Any], request: Any = None) -> MajorDecision:
    """登记重大行政决策 for its sponsor (承办单位); ``in_catalog`` puts it in the year's catalogue (Art 9)."""
    if not isinstance(data, DecisionData):
        data = DecisionData(**data)
    _ensure(actor, data.sponsor)
    errors: dict[str, str] = {}
    if not (data.title or "").strip():
        errors["title"] = "请填写决策事项"
    if data.sponsor.kind in _NOT_SPONSOR:
        errors["sponsor"] = "承办单位应为本级政府或其部门、乡镇（街道）"
    if not 2000 <= int(data.year) <= 2100:
        errors["year"] = "年度应在2000年至2100年之间"
    if errors:
        raise ValidationError(errors)
    gov = numbering_government(data.sponsor)
    _seq, number = next_number(gov, DECISION_KIND, int(data.year), DECISION_PATTERN)
    d = MajorDecision(
        org=data.sponsor,
        number=number,
        numbering_government=gov,
        title=data.title.strip(),
        year=int(data.year),
        catalog=catalog_for(gov, int(data.year), actor) if data.in_catalog else None,
        planned_meeting_on=data.planned_meeting_on,
        summary=(data.summary or "").strip(),
        created_by=actor,
        updated_by=actor,
    )
    d.full_clean()
    d.save()
    decision_history(d, "", "create", None, actor)
    record("decisions.create", actor=actor, obj=d, request=request, changes=snapshot(d))
    return d


@transaction.atomic
def publish_catalog(
    *, actor: Any, catalog: DecisionCatalog, on: date, version: Any = TRUSTED, request: Any = None
) -> DecisionCatalog:
    """公布目录 (Art 9): from then on the portal shows it. Pages pass the version they showed."""
    _ensure(actor, catalog.org)
    locked = DecisionCatalog.objects.select_for_update().get(pk=catalog.pk)
    if version is not TRUSTED:
        check_version(locked, version, required=True)
    if locked.published_on is not None:
        raise ValidationError(f"{locked}已于{locked.published_on}公布")
    before = snapshot(locked)
    locked.published_on = on
    bump_version(locked, actor)
    locked.full_clean()
    locked.save()
    record(
        "decisions.publish_catalog",
        actor=actor,
        obj=locked,
        request=request,
        changes=diff(before, snapshot(locked)),
    )
    return locked


def record_step(
    *, actor: Any, decision: MajorDecision, data: dict[str, Any], version: Any = TRUSTED, request: Any = None
) -> MajorDecision:
    """Record one statutory step (``actions.WORKFLOW`` record_step; the hard gate for 集体讨论决定)."""
    return run(WORKFLOW, "record_step", decision, actor=actor, data=data, version=version, request=request)


@dataclass
class ReviewData:
    subject_kind: str
    title: str
    submitted_by: OrgUnit
    received_on: date
    subject_id: int | None = None
    reviewer: Any = None


def _subject(actor: Any, data: ReviewData) -> int | None:
    """The reviewed record, checked through the owner's link selector (a writer links only to what it
    sees); a kind whose module is not installed takes no link."""
    if data.subject_id in (None, ""):
        return None
    code = SUBJECT_LINKS.get(data.subject_kind)
    if code is None or code not in links.kinds():
        raise ValidationError({"subject_id": f"「{SubjectKind(data.subject_kind).label}」暂不能关联具体事项"})
    target = links.fetch(actor, code, data.subject_id, field="subject_id")
    if data.subject_kind == SubjectKind.DECISION and target.org_id != data.submitted_by.pk:
        raise ValidationError({"subject_id": "重大行政决策应由其承办单位送审"})
    if data.subject_kind == SubjectKind.CONTRACT and target.org_id != data.submitted_by.pk:
        raise ValidationError({"subject_id": "行政协议应由其行政机关一方送审"})
    return int(target.pk)


@transaction.atomic
def create_review(*, actor: Any, data: ReviewData | dict[str, Any], request: Any = None) -> LegalityReview:
    """登记合法性审查: a matter received by the review desk from ``submitted_by``."""
    if not isinstance(data, ReviewData):
        data = ReviewData(**data)
    _ensure(actor, data.submitted_by)
    errors: dict[str, str] = {}
    if data.subject_kind not in SubjectKind.values:
        errors["subject_kind"] = f"审查事项类别「{data.subject_kind}」无效"
    if not (data.title or "").strip():
        errors["title"] = "请填写送审事项"
    if data.submitted_by.kind in _NOT_SPONSOR:
        errors["submitted_by"] = "送审单位应为本级政府或其部门、乡镇（街道）"
    if data.reviewer is not None and Role.BUREAU not in data.reviewer.role_codes:
        errors["reviewer"] = "审查人应为司法局工作人员"
    if errors:
        raise ValidationError(errors)
    subject_id = _subject(actor, data)
    gov = numbering_government(data.submitted_by)
    _seq, number = next_number(gov, REVIEW_KIND, data.received_on.year, REVIEW_PATTERN)
    r = LegalityReview(
        org=data.submitted_by,
        number=number,
        numbering_government=gov,
        subject_kind=data.subject_kind,
        subject_id=subject_id,
        title=data.title.strip(),
        received_on=data.received_on,
        reviewer=data.reviewer,
        created_by=actor,
        updated_by=actor,
    )
    r.full_clean()
    r.save()
    review_history(r, "", "create", data.received_on, actor)
    record("legality.create", actor=actor, obj=r, request=request, changes=review_snapshot(r))
    return r


def act(
    name: str,
    *,
    actor: Any,
    review: LegalityReview,
    data: dict[str, Any],
    version: Any = TRUSTED,
    request: Any = None,
) -> LegalityReview:
    """A step of the review desk (request_material, material_received, conclude, confirm_amendment)."""
    return run(REVIEW_WORKFLOW, name, review, actor=actor, data=data, version=version, request=request)


def refresh_review_deadlines(government: Any = None) -> int:
    """Calendar listener: recompute the cached due dates of the reviews still open — of one government
    when it changed its own review periods (``orgs.gov_settings``; issue 16 item 2)."""
    reviews = LegalityReview.objects.exclude(status=ReviewStatus.CONCLUDED)
    if government is not None:
        reviews = reviews.filter(numbering_government=government)
    return refresh_cached_deadlines(reviews)


def review_time_warning(decision: MajorDecision, review: LegalityReview | None) -> str:
    """国务院令第713号 Art 27: the reviewer normally gets at least 7 working days before the meeting."""
    if review is None or decision.planned_meeting_on is None:
        return ""
    minimum = rules.MINIMUM_REVIEW.for_record(review)
    try:
        given = calendar.working_days_between(review.received_on, decision.planned_meeting_on)
    except calendar.CalendarMissing:
        return ""
    if given >= minimum.days:
        return ""
    return (
        f"送审至拟提交集体讨论仅{max(given, 0)}个工作日，少于{minimum.days}个工作日的必要审查时间"
        f"（{minimum.basis}）"
    )
