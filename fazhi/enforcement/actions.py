"""The transitions of 行政执法, declared once (``core.actions`` runs them; RULES §6).

Three tables: the decisions (``WORKFLOW``: 公示, 送达, 撤销/变更, 撤回公示, 重新核查), the bodies
(``BODY_WORKFLOW``: 确认, 公布 — the Justice Bureau's, as 执法监督机构) and the officers
(``OFFICER_WORKFLOW``: 登记执法证)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import serializers

from fazhi.core.actions import role_permission
from fazhi.core.api import entered_date, version_field
from fazhi.core.parts import write_history
from fazhi.core.workflow import Transition, Workflow
from fazhi.orgs.models import Role

from . import problems
from .forms import AnnualStatisticsForm, CertificateForm, DateForm
from .models import (
    ActionStatus,
    BodyStatus,
    Certificate,
    EnforcementAction,
    EnforcementBody,
    Officer,
    OfficerStatus,
)

#: 国办发〔2018〕118号: the government's enforcement supervisor (the Justice Bureau) confirms and publishes
#: the list of enforcement bodies; a department registers its own for confirmation.
BUREAU_ONLY = role_permission(
    {Role.BUREAU}, "执法主体由司法局（行政执法监督机构）统一确认和公布（国办发〔2018〕118号），本单位不能办理"
)


class EnforcementDateSerializer(serializers.Serializer):
    date = serializers.DateField(validators=[entered_date])
    version = version_field()


#: 执法数据年报: 国办发〔2018〕118号 makes each enforcement body publish its own figures of the year, so the
#: body's unit staff publish it (scope: their own bodies only) and the bureau may for any body; a leader reads.
ANNUAL_BY_BODY = role_permission(
    {Role.BUREAU, Role.CLERK}, "执法数据年报由执法主体本单位或司法局发布，领导账号不能办理"
)


class AnnualStatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="年报的年度")
    date = serializers.DateField(validators=[entered_date], help_text="公布日期")
    version = version_field()


class EnforcementCertificateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=40)
    issuer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(validators=[entered_date])
    valid_until = serializers.DateField()
    training_hours = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)
    version = version_field()


# --- bodies ---------------------------------------------------------------------------------------


def _confirm(b: EnforcementBody, data: dict[str, Any], ctx: Any) -> None:
    b.confirmed_on = data["date"]


def _publish(b: EnforcementBody, data: dict[str, Any], ctx: Any) -> None:
    if b.confirmed_on and data["date"] < b.confirmed_on:
        raise ValidationError({"date": "公布日期不能早于确认日期"})
    b.published_on = data["date"]


def _annual(b: EnforcementBody, data: dict[str, Any], ctx: Any) -> None:
    """公布执法数据年报 of ``year`` (国办发〔2018〕118号; due 31 January of the next year, kept and flagged when
    late): the figures are computed and kept, audited as ``enforcement.annual_statistics``; the body's row
    itself does not change (its version was checked, it is not bumped)."""
    from .annual import record_annual

    ctx.result = record_annual(
        actor=ctx.actor, body=b, year=data["year"], on=data["date"], request=ctx.request
    )
    ctx.unchanged = True


BODY_WORKFLOW = Workflow(
    dict(BodyStatus.choices),
    [
        Transition(
            "confirm",
            "确认主体资格",
            frozenset({BodyStatus.PENDING}),
            BodyStatus.CONFIRMED,
            body=_confirm,
            form=DateForm,
            serializer=EnforcementDateSerializer,
            permission=BUREAU_ONLY,
        ),
        Transition(
            "publish",
            "公布",
            frozenset({BodyStatus.CONFIRMED}),
            BodyStatus.PUBLISHED,
            body=_publish,
            form=DateForm,
            serializer=EnforcementDateSerializer,
            permission=BUREAU_ONLY,
        ),
        Transition(
            "annual_statistics",
            "公布执法数据年报",
            frozenset({BodyStatus.PUBLISHED}),
            None,
            body=_annual,
            form=AnnualStatisticsForm,
            serializer=AnnualStatisticsSerializer,
            permission=ANNUAL_BY_BODY,
        ),
    ],
    model=EnforcementBody,
    prefix="enforcement_body",
    history=write_history,
    labels={"create": "登记执法主体"},
)


# --- officers -------------------------------------------------------------------------------------


def _certificate(o: Officer, data: dict[str, Any], ctx: Any) -> None:
    """登记执法证: the certificate's own rules (dates, unique number) through its ``full_clean``."""
    c = Certificate(
        officer=o,
        number=(data.get("number") or "").strip(),
        issuer=(data.get("issuer") or "").strip(),
        issued_on=data["issued_on"],
        valid_until=data["valid_until"],
        training_hours=data.get("training_hours") or 0,
    )
    c.full_clean()
    c.save()
    ctx.extra["certificate"] = c.number


OFFICER_WORKFLOW = Workflow(
    dict(OfficerStatus.choices),
    [
        Transition(
            "certificates",
            "登记执法证",
            frozenset({OfficerStatus.ACTIVE}),
            None,
            body=_certificate,
            form=CertificateForm,
            serializer=EnforcementCertificateSerializer,
        )
    ],
    model=Officer,
    prefix="enforcement_officer",
    labels={"create": "登记执法人员"},
)


# --- decisions ------------------------------------------------------------------------------------


def _refresh(a: EnforcementAction) -> None:
    problems.set_deadlines(a)
    problems.refresh([a])


def _publicize(a: EnforcementAction, data: dict[str, Any], ctx: Any) -> None:
    """公示 (RULES §6): on time within 7 working days (许可、处罚) or 20 (others) of the decision."""
    a.publicized_on = data["date"]
    _refresh(a)
    ctx.extra["published_on_time"] = a.published_on_time


def _serve(a: EnforcementAction, data: dict[str, Any], ctx: Any) -> None:
    a.served_on = data["date"]
    _refresh(a)


def _revoke(a: EnforcementAction, data: dict[str, Any], ctx: Any) -> None:
    a.revoked_on = data["date"]
    _refresh(a)


def _withdraw(a: EnforcementAction, data: dict[str, Any], ctx: Any) -> None:
    """撤回公示: within 3 working days of the revocation or change (行政处罚法 Art 48)."""
    if a.revoked_on is None:  # withdrawn the day it is revoked or changed
        a.revoked_on = data["date"]
    a.withdrawn_on = data["date"]
    _refresh(a)


WORKFLOW = Workflow(
    dict(ActionStatus.choices),
    [
        Transition(
            "publicize",
            "公示",
            frozenset({ActionStatus.DECIDED}),
            ActionStatus.PUBLICIZED,
            body=_publicize,
            form=DateForm,
            serializer=EnforcementDateSerializer,
        ),
        Transition(
            "serve",
            "登记送达",
            frozenset({ActionStatus.DECIDED, ActionStatus.PUBLICIZED}),
            None,
            body=_serve,
            form=DateForm,
            serializer=EnforcementDateSerializer,
            offer=lambda a: a.served_on is None,
            guard=lambda a: "该决定已登记送达" if a.served_on else "",
        ),
        Transition(
            "revoke",
            "登记撤销/变更",
            frozenset({ActionStatus.DECIDED, ActionStatus.PUBLICIZED}),
            None,
            body=_revoke,
            form=DateForm,
            serializer=EnforcementDateSerializer,
            guard=lambda a: "该决定已登记撤销或变更" if a.revoked_on else "",
            style="outline-secondary",
        ),
        Transition(
            "withdraw",
            "撤回公示",
            frozenset({ActionStatus.PUBLICIZED}),
            ActionStatus.WITHDRAWN,
            body=_withdraw,
            form=DateForm,
            serializer=EnforcementDateSerializer,
            style="outline-danger",
        ),
    ],
    model=EnforcementAction,
    prefix="enforcement",
    history=write_history,
    select_related=("org", "body"),
    labels={
        "create": "登记执法决定",
        "import": "Excel 导入",
        "bulk": "批量报送",
        "annual_statistics": "公布执法数据年报",
    },
)
