"""行政争议化解: disputes handled before or during litigation/reconsideration (GLOSSARY; FIGURES)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.links import link_field
from fazhi.core.models import TrackedModel
from fazhi.core.parts import (
    NumberedRecord,
    PartyBase,
    StatusHistory,
    both_or_neither,
    date_order,
    named_errors,
    number_unique,
)
from fazhi.core.parts import PartyKind as PartyKind
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ScopedQuerySet


class Source(models.TextChoices):
    PRE_LITIGATION = "pre_litigation", "诉前"
    LITIGATION = "litigation", "诉讼中"
    RECONSIDERATION = "reconsideration", "复议中"
    PETITION = "petition", "信访"


class Channel(models.TextChoices):
    COURT = "court", "法院化解"
    RECONSIDERATION_BODY = "reconsideration_body", "复议机关调解"
    RESPONSIBLE_AGENCY = "responsible_agency", "事权单位主动化解"


class Status(models.TextChoices):
    OPEN = "open", "化解中"
    CLOSED = "closed", "已办结"


# The units that may be a dispute's unit concerned (事权单位): the page's and the import's pickers offer
# these, and ``Dispute.clean`` refuses any other on every path.
UNIT_KINDS = [
    OrgUnit.Kind.GOVERNMENT,
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.TOWNSHIP,
    OrgUnit.Kind.JUSTICE_BUREAU,
]


class Dispute(NumberedRecord, TrackedModel):
    """One administrative dispute; ``org`` is the unit concerned (事权单位)."""

    number = models.CharField("编号", max_length=40)
    # Checked by ``full_clean`` on every path (page, API, import, service), with messages naming the field.
    source = models.CharField(
        "来源", max_length=20, choices=Source.choices, error_messages=named_errors("来源")
    )
    channel = models.CharField(
        "化解渠道", max_length=24, choices=Channel.choices, error_messages=named_errors("化解渠道")
    )
    summary = models.TextField("争议概要", error_messages=named_errors("争议概要"))
    related_litigation = link_field("litigation.LitigationCase", "关联行政诉讼案件")
    related_reconsideration = link_field("reconsideration.ReconsiderationCase", "关联行政复议案件")
    opened_on = models.DateField("受理日期")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    resolved = models.BooleanField("是否化解成功", null=True, blank=True)
    how_resolved = models.CharField("化解方式", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()  # scoped by ``org``

    class Meta:
        verbose_name = "行政争议"
        verbose_name_plural = "行政争议"
        indexes = [
            models.Index(fields=["opened_on", "id"], name="disp_opened_idx"),
            models.Index(fields=["closed_on", "id"], name="disp_closed_idx"),
            models.Index(fields=["closed_on", "resolved", "channel"], name="disp_closed_res_idx"),
            models.Index(fields=["org", "opened_on", "id"], name="disp_org_opened_id_idx"),
            models.Index(fields=["status", "opened_on", "id"], name="disp_status_opened_idx"),
            # number prefix search (``LIKE 'x%'``) on PostgreSQL; other databases ignore opclasses
            models.Index(fields=["number"], name="disp_number_prefix_idx", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            number_unique(),
            date_order("closed_on", "opened_on", "办结日期不能早于受理日期"),
            both_or_neither(
                models.Q(status=Status.CLOSED),
                models.Q(closed_on__isnull=False),
                "closed_iff_closed_on",
                "已办结的争议须有办结日期，化解中的争议不能有办结日期",
            ),
            # resolved-when-closed: 是否化解成功 is answered exactly when the dispute is closed
            both_or_neither(
                models.Q(status=Status.CLOSED),
                models.Q(resolved__isnull=False),
                "resolved_iff_closed",
                "办结时须注明是否化解成功，化解中的争议不能注明",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        """The rules no CHECK constraint can state (the closing date's order is ``date_order`` above)."""
        errors: dict[str, str] = {}
        if self.org_id is not None and self.org.kind not in UNIT_KINDS:
            errors["org"] = "事权单位应为本级政府或其部门、乡镇（街道）"
        if self.status == Status.CLOSED and self.resolved is None:
            errors["resolved"] = "办结时须注明是否化解成功"
        if errors:
            raise ValidationError(errors)


class DisputeParty(PartyBase):
    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="parties", verbose_name="争议"
    )

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"


class StatusChange(StatusHistory):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.from_status}→{self.to_status}"
