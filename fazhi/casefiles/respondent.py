"""The respondent side (issue 15 item 7): once a document ``to_respondent`` (提出答复通知书) is served on
the respondent unit, its clerk finds it on the workbench, opens the respond page (their unit's cases only,
404 otherwise; what a respondent may see, ID numbers masked) and uploads the 答复书 and evidence; the
module's answer step records the date, and the case's 承办人 (or the office member who issued the
notice) is notified, so the office sees when."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from fazhi.audit.services import record
from fazhi.core.actions import refuse_if_locked
from fazhi.core.dates import cn_date
from fazhi.core.dates import today as local_today
from fazhi.core.registry import WorkItem
from fazhi.orgs.models import Role
from fazhi.orgs.scope import ensure_can_write

from .declare import CaseFiles
from .models import CaseDocument
from .services import check_case_version


def respondent_codes(cf: CaseFiles) -> list[str]:
    return [k.code for k in cf.kinds if k.to_respondent]


def served_notices(cf: CaseFiles, case: Any) -> list[CaseDocument]:
    ct = ContentType.objects.get_for_model(cf.model)
    return list(
        CaseDocument.objects.filter(
            content_type=ct, object_id=case.pk, kind__in=respondent_codes(cf), service__isnull=False
        )
        .select_related("service")
        .order_by("id")
    )


def is_respondent(user: Any, case: Any) -> bool:
    """The case's respondent unit's own clerk (their unit or a sub-unit of it)."""
    org = getattr(user, "org", None)
    return bool(
        org is not None
        and Role.CLERK in user.role_codes
        and (case.org_id == org.pk or case.org.is_within(org))
    )


def case_for_respondent(cf: CaseFiles, user: Any, pk: int) -> Any:
    """One case of the clerk's unit with a served respondent notice, or 404."""
    case = cf.scoped(user).filter(pk=pk).first()
    if cf.respondent is None or case is None or not is_respondent(user, case):
        raise Http404
    return case


@transaction.atomic
def answer(
    cf: CaseFiles,
    case: Any,
    *,
    actor: Any,
    on: date | None,
    answer_file: Any,
    evidence: list[Any],
    request: Any = None,
    version: Any = None,
) -> Any:
    """提交答复: the 答复书 (required) and the evidence, the answer date; once per case."""
    from fazhi.notifications.models import Kind
    from fazhi.notifications.services import notify

    assert cf.respondent is not None
    locked = cf.model._default_manager.select_for_update().get(pk=case.pk)
    ensure_can_write(actor, locked.org)
    refuse_if_locked(locked)
    if not is_respondent(actor, locked):
        raise ValidationError("只有被申请人的工作人员可以在此提交答复")
    check_case_version(locked, version)
    notices = served_notices(cf, locked)
    if not notices:
        raise ValidationError("尚未向你单位送达提出答复通知书")
    if cf.respondent.answered_on(locked):
        raise ValidationError(f"已于{cn_date(cf.respondent.answered_on(locked))}提交答复，不能重复提交")
    if on is None:
        raise ValidationError({"answered_on": "请填写答复日期"})
    if on > local_today():
        raise ValidationError({"answered_on": "答复日期不能晚于今天"})
    served_on = max(n.service.served_on for n in notices)
    if on < served_on:
        raise ValidationError({"answered_on": f"答复日期不能早于通知送达日期（{cn_date(served_on)}）"})
    if not answer_file:
        raise ValidationError({"answer_file": "请上传答复书"})
    files = [("answer", answer_file)] + [("evidence", f) for f in evidence]
    cf.respondent.answer(locked, files, on, actor, request)
    record(
        f"{cf.label}.respondent_answer",
        actor=actor,
        obj=locked,
        request=request,
        changes={
            "answer": {
                "answered_on": on.isoformat(),
                "files": [getattr(f, "name", "") for _, f in files],
                "notice": notices[-1].number,
            }
        },
    )
    office = [locked.handler, locked.co_handler] if getattr(locked, "handler_id", None) else []
    notify(
        office or [n.created_by for n in notices],
        Kind.ANSWER,
        f"{locked} 被申请人已于{cn_date(on)}提交答复（答复书及证据{len(files)}份）",
        reverse(cf.detail, args=[locked.pk]),
    )
    return locked


def workbench(user: Any, today: date) -> list[WorkItem]:
    """我的待办 of a respondent unit's clerk: every served 答复通知 still to answer (bounded)."""
    from .registry import declared

    if Role.CLERK not in user.role_codes or not user.can_write_business or user.org_id is None:
        return []
    out: list[WorkItem] = []
    for cf in declared().values():
        codes = respondent_codes(cf)
        if cf.respondent is None or not codes:
            continue
        ct = ContentType.objects.get_for_model(cf.model)
        notices = CaseDocument.objects.filter(content_type=ct, kind__in=codes, service__isnull=False)
        cases = (
            cf.scoped(user)
            .filter(cf.respondent.pending, pk__in=notices.values("object_id"))
            .order_by("pk")[:50]
        )
        for case in cases:
            if not is_respondent(user, case):
                continue
            out.append(
                WorkItem(
                    title=f"{case} 收到提出答复通知，请提交答复书和证据（{case.org.name}）",
                    url=reverse(f"casefiles_{cf.label}:respond", args=[case.pk]),
                    kind="todo",
                    module=cf.label,
                )
            )
    return out
