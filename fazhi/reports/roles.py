"""Who may do what with an annual report (issue 5; RULES §7 保密审查 and approval before publication).

| step | who |
|---|---|
| create, edit sections, acknowledge data problems, submit to 保密审查, publish an approved report | 司法局工作人员 (``Role.BUREAU``) |
| pass the confidentiality review (通过保密审查) or return it | holder of permission ``reports.review_confidentiality`` (group 「保密审查员」, created by migration 0002) who also sees business data |
| approve (批准) or return a cleared report | 领导 (``Role.LEADER``) — the government leader signs off |
| 报送上级 (report_up) an approved or published report | 司法局工作人员 of the government |
| 上级退回 (send_back) a submitted, not yet published report, with comments | 司法局工作人员 of the government above (``submission.upper_government``) |
| read | 司法局工作人员 and 领导 of the government; the government above reads submitted reports (``submission.visible_reports``) |

The administrators (三员分立) never qualify, even as superuser.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from fazhi.orgs.models import Role

REVIEWER_GROUP = "保密审查员"
REVIEW_PERMISSION = "reports.review_confidentiality"


def ensure_reviewer_group() -> Group:
    """The group holding the 保密审查 permission (idempotent; migration, demo and tests use it)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AnnualReport

    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    ct = ContentType.objects.get_for_model(AnnualReport)
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename="review_confidentiality", defaults={"name": "年度报告保密审查"}
    )
    group.permissions.add(perm)
    return group


def can_read(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.BUREAU, Role.LEADER))


def can_edit(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.BUREAU))


def can_review(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.sees_business_data
        and not user.is_superuser
        and user.has_perm(REVIEW_PERMISSION)
    )


def can_approve(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.LEADER))


def may(user: Any, transition: str, status: str) -> bool:
    """Whether ``user`` may run ``transition`` (status matters only for 退回修改)."""
    if transition in ("submit", "publish", "edit", "acknowledge", "report_up"):
        return can_edit(user)
    if transition == "clear":
        return can_review(user)
    if transition == "approve":
        return can_approve(user)
    if transition == "return":
        return can_review(user) if status == "review" else can_approve(user)
    return False
