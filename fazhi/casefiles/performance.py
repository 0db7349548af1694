"""履行监督 (issue 15 item 7; 《行政复议法》第七十七条: the respondent must perform the decision, the body
supervises): for a concluded case whose decision orders the respondent to act (the module's
``CaseFiles.orders_action``), the office sets the due date, the respondent's clerk reports the
performance; the office's workbench flags what is overdue and unreported."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from fazhi.audit.services import record
from fazhi.core.dates import cn_date
from fazhi.core.dates import today as local_today
from fazhi.core.registry import WorkItem
from fazhi.orgs.models import Role
from fazhi.orgs.scope import ensure_can_write

from .declare import CaseFiles
from .models import Performance
from .respondent import is_respondent
from .services import check_case_version, touch_case


def performance_of(cf: CaseFiles, case: Any) -> Performance | None:
    ct = ContentType.objects.get_for_model(cf.model)
    return Performance.objects.filter(content_type=ct, object_id=case.pk).first()


def _lock(cf: CaseFiles, case: Any) -> Any:
    return cf.model._default_manager.select_for_update().get(pk=case.pk)


def supervise(
    cf: CaseFiles,
    case: Any,
    *,
    actor: Any,
    due_on: date | None,
    request: Any = None,
    version: Any = None,
) -> Performance:
    """The office opens 履行监督 with the due date the decision set."""
    with transaction.atomic():
        locked = _lock(cf, case)
        ensure_can_write(actor, locked.org, record=locked)
        if not cf.issuer_roles & set(actor.role_codes):
            raise PermissionDenied("只有复议（应诉）机构工作人员可以登记履行监督")
        check_case_version(locked, version)
        if cf.orders_action is None or not cf.closed(locked) or not cf.orders_action(locked):
            raise ValidationError("只有决定责令被申请人履行、重作或补救的已办结案件需要履行监督")
        if due_on is None:
            raise ValidationError({"due_on": "请填写履行期限"})
        if performance_of(cf, locked) is not None:
            raise ValidationError("该案件已登记履行监督")
        row = Performance(
            content_type=ContentType.objects.get_for_model(cf.model),
            object_id=locked.pk,
            org=locked.org,
            ordered_on=cf.issued_on(locked) or local_today(),
            due_on=due_on,
            set_by=actor,
        )
        row.full_clean()
        row.save()
        touch_case(locked, actor)
        record(
            f"{cf.label}.performance_open",
            actor=actor,
            obj=locked,
            request=request,
            changes={"performance": {"due_on": due_on.isoformat()}},
        )
    return row


def report(
    cf: CaseFiles,
    case: Any,
    *,
    actor: Any,
    performed_on: date | None,
    text: str,
    request: Any = None,
    version: Any = None,
) -> Performance:
    """The respondent's clerk reports the performance (once); the office is notified."""
    from fazhi.notifications.models import Kind
    from fazhi.notifications.services import notify

    with transaction.atomic():
        locked = _lock(cf, case)
        ensure_can_write(actor, locked.org)
        if not is_respondent(actor, locked):
            raise PermissionDenied("只有被申请人的工作人员可以报告履行情况")
        check_case_version(locked, version)
        row = performance_of(cf, locked)
        if row is None:
            raise ValidationError("该案件未登记履行监督")
        row = Performance.objects.select_for_update().get(pk=row.pk)
        if row.performed_on is not None:
            raise ValidationError(f"已于{cn_date(row.performed_on)}报告履行，不能重复报告")
        if performed_on is None or not text.strip():
            raise ValidationError("请填写履行日期和履行情况")
        if performed_on > local_today():
            raise ValidationError({"performed_on": "履行日期不能晚于今天"})
        row.performed_on, row.report, row.reported_by = performed_on, text.strip()[:2000], actor
        row.full_clean()
        row.save()
        touch_case(locked, actor)
        record(
            f"{cf.label}.performance_report",
            actor=actor,
            obj=locked,
            request=request,
            changes={"performance": {"performed_on": performed_on.isoformat(), "on_time": row.on_time}},
        )
        office = [getattr(locked, "handler", None), getattr(locked, "co_handler", None), row.set_by]
        notify(
            [u for u in office if u is not None][:2] or [row.set_by],
            Kind.PERFORMANCE,
            f"{locked} 被申请人报告已于{cn_date(performed_on)}履行{'（逾期）' if not row.on_time else ''}",
            reverse(f"casefiles_{cf.label}:performance", args=[locked.pk]),
        )
    return row


def workbench(user: Any, today: date) -> list[WorkItem]:
    """Office: unreported performances due within 3 days or overdue (履行逾期). Respondent clerk: the
    performances it must report."""
    from fazhi.workdays.deadlines import Status as DStatus
    from fazhi.workdays.deadlines import classify

    from .registry import declared

    if not user.can_write_business:
        return []
    office = Role.BUREAU in user.role_codes
    out: list[WorkItem] = []
    for cf in declared().values():
        if cf.orders_action is None:
            continue
        ct = ContentType.objects.get_for_model(cf.model)
        rows = Performance.objects.filter(
            content_type=ct,
            performed_on__isnull=True,
            object_id__in=cf.scoped(user).values("pk"),
        ).select_related("org")
        rows = list(rows.order_by("due_on", "id")[:50])
        cases = {c.pk: c for c in cf.model._default_manager.filter(pk__in=[r.object_id for r in rows])}
        for row in rows:
            if not office and not (row.org_id == user.org_id or row.org.is_within(user.org)):
                continue
            try:
                status = classify(row.due_on, today)
            except Exception:  # calendar missing for the due date's year
                status = DStatus.CALENDAR_MISSING
            if status == DStatus.CALENDAR_MISSING and (row.due_on - today).days > 7:
                status = DStatus.OK  # far off: not a problem of this week, whatever the calendar
            if office and status == DStatus.OK:
                continue
            out.append(
                WorkItem(
                    title=f"{cases.get(row.object_id, '')} 履行监督：{row.org.name}"
                    f"{'履行逾期' if status == DStatus.OVERDUE else '待报告履行情况'}",
                    url=reverse(f"casefiles_{cf.label}:performance", args=[row.object_id]),
                    kind="deadline" if status != DStatus.OK else "todo",
                    due=row.due_on,
                    status=status if status != DStatus.OK else "",
                    basis="《中华人民共和国行政复议法》第七十七条",
                    module=cf.label,
                )
            )
    return out


def on_time_figures(cf: CaseFiles, user: Any, today: date) -> dict[str, int]:
    """按期履行: counts of the user's scope (one aggregate), each the size of the list ``?state=<key>``."""
    from django.db.models import Count, F, Q

    return supervised(cf, user).aggregate(
        total=Count("id"),
        on_time=Count("id", filter=Q(performed_on__lte=F("due_on"))),
        late=Count("id", filter=Q(performed_on__gt=F("due_on"))),
        overdue=Count("id", filter=Q(performed_on__isnull=True, due_on__lt=today)),
        pending=Count("id", filter=Q(performed_on__isnull=True, due_on__gte=today)),
    )


#: A row's state (API ``state``); the list filters by these and by 尚未报告履行 (``filters.STATES``).
STATES = {
    "on_time": "按期履行",
    "late": "逾期履行",
    "overdue": "逾期未履行",
    "pending": "履行期限未届满",
}


def supervised(cf: CaseFiles, user: Any) -> Any:
    """The 履行监督 rows of the live cases ``user`` may read: the 履行监督 list before its filters
    (``filters.PerformanceFilterSet``). A voided case is in no figure, so it is in no drill-down either."""
    from fazhi.core.casework import live_q
    from fazhi.core.lists import _has_voided_status

    ct = ContentType.objects.get_for_model(cf.model)
    cases = cf.scoped(user)
    if _has_voided_status(cf.model):
        cases = cases.filter(live_q())
    return Performance.objects.filter(content_type=ct, object_id__in=cases.values("pk"))


def period_figures(cf: CaseFiles, query: Any, cases: Any) -> list[Any]:
    """The module's 按期履行 figures of a period (its FigureSet's ``extra``; defined in the module's
    README): ``<label>.performance_due`` the supervised decisions whose 履行期限 falls in the period,
    ``<label>.performed_on_time`` those performed by it, and ``<label>.performance_rate`` their ratio,
    recomputed from the two counts. ``cases``: the module's live records in the query's scope (a voided
    case is in no figure). One aggregate. Each drills down to the 履行监督 list (``filters``) with the
    period's ``due_from``/``due_to``, ``state=on_time`` for the numerator and ``scope`` for a unit's
    figures: the list's conditions are the ones counted here (``filters.state_q``)."""
    from urllib.parse import urlencode

    from django.db.models import Count

    from fazhi.core.figures import Figure, rate

    from .filters import state_q

    p = query.period
    meta = cf.model._meta  # the content type by a join: no query of its own (one statement in all)
    counts = Performance.objects.filter(
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id__in=cases.values("pk"),
        due_on__gte=p.start,
        due_on__lte=p.end,
    ).aggregate(due=Count("id"), on_time=Count("id", filter=state_q("on_time")))
    due_key, on_time_key = f"{cf.label}.performance_due", f"{cf.label}.performed_on_time"
    period = [("due_from", p.start.isoformat()), ("due_to", p.end.isoformat())]
    scope = [("scope", str(query.org.pk))] if query.org is not None else []
    base = reverse(f"casefiles_{cf.label}:performance_list")
    due_url = f"{base}?{urlencode([*period, *scope])}"
    on_time_url = f"{base}?{urlencode([('state', 'on_time'), *period, *scope])}"
    return [
        Figure(due_key, "履行期限届满的责令履行决定", counts["due"], "件", due_url),
        Figure(on_time_key, "按期履行", counts["on_time"], "件", on_time_url),
        Figure(
            f"{cf.label}.performance_rate",
            "按期履行率",
            rate(counts["on_time"], counts["due"]),
            "%",
            on_time_url,
            "以履行期限在期内届满的决定数为基数",
            on_time_key,
            due_key,
        ),
    ]
