"""行政执法监督 (issue 13 item 7): case-file evaluations (案卷评查), complaints about enforcement and the
supervision notices (监督意见书/建议书) the Justice Bureau sends to a body. ``org`` is always the body's unit,
so a body's clerk sees (and answers) only its own; the due dates of complaints and notices are cached
(``CachedDeadlines``) from the working-day rules of ``rules.py``."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import TrackedModel
from fazhi.core.parts import (
    CachedDeadlines,
    PartyBase,
    StatusHistory,
    both_or_neither,
    check,
    date_order,
    named_errors,
)
from fazhi.orgs.scope import ScopedQuerySet
from fazhi.workdays.calendar import CalendarMissing


def _due(rule: Any, start: date | None) -> date | None:
    if start is None:
        return None
    try:
        return rule.due(start)
    except CalendarMissing:
        return None  # 日历缺失: not guessed


class _BodyRecord(TrackedModel):
    """A supervision record about one enforcement body; its scope is the body's unit. Each kind has one
    deadline: ``deadline_fields`` names its due-date and done-date fields (``done_on_time``)."""

    deadline_fields: ClassVar[tuple[str, str]]  # (due date, done date)

    body = models.ForeignKey(
        "enforcement.EnforcementBody", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.body_id is not None and self.org_id is not None and self.body.org_id != self.org_id:
            raise ValidationError({"org": "监督记录的单位应为执法主体所在单位"})

    def done_on_time(self) -> bool | None:
        """Done by the due date; None while not done or without a due date."""
        due_name, done_name = self.deadline_fields
        due, done = getattr(self, due_name), getattr(self, done_name)
        if done is None or due is None:
            return None
        return bool(done <= due)


class _DeadlineRecord(CachedDeadlines, _BodyRecord):
    """A supervision record whose due date is cached from a working-day rule of ``rules.py``
    (``deadline_rule``, a local setting) counted from the date field ``deadline_start``."""

    deadline_rule: ClassVar[str]
    deadline_start: ClassVar[str]

    class Meta:
        abstract = True

    def compute_deadlines(self) -> dict[str, Any]:
        from . import rules

        rule = getattr(rules, self.deadline_rule)
        return {self.deadline_fields[0]: _due(rule, getattr(self, self.deadline_start))}


class _StatusChange(StatusHistory):
    """The status history of a supervision record (its ``record`` foreign key is the concrete model's)."""

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class CaseReviewStatus(models.TextChoices):
    REVIEWING = "reviewing", "评查中"
    RECTIFYING = "rectifying", "整改中"
    CLOSED = "closed", "已办结"


class CaseReview(_BodyRecord):
    """案卷评查: the bureau samples decisions of a body, scores them (0–100) and may order a rectification
    by a due date; the body reports it done."""

    deadline_fields = ("rectify_due", "rectified_on")
    future_date_fields = frozenset({"rectify_due"})  # a rectification is ordered by a day still to come

    title = models.CharField("评查事项", max_length=100, error_messages=named_errors("评查事项"))
    reviewer = models.CharField("评查人", max_length=50, error_messages=named_errors("评查人"))
    started_on = models.DateField("抽查日期", error_messages=named_errors("抽查日期"))
    actions = models.ManyToManyField(
        "enforcement.EnforcementAction", through="CaseReviewAction", related_name="+", verbose_name="抽查案卷"
    )
    status = models.CharField(
        "状态", max_length=12, choices=CaseReviewStatus.choices, default=CaseReviewStatus.REVIEWING
    )
    reviewed_on = models.DateField("评查日期", null=True, blank=True)
    score = models.PositiveSmallIntegerField("评查得分", null=True, blank=True)
    problems_found = models.TextField("发现的问题", blank=True)
    rectify_due = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"
        indexes = [
            models.Index(fields=["org", "reviewed_on", "id"], name="enf_crev_org_idx"),
            models.Index(fields=["reviewed_on", "id"], name="enf_crev_reviewed_idx"),
            models.Index(fields=["status", "rectify_due", "id"], name="enf_crev_due_idx"),
        ]
        constraints = [
            check(
                models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                "score_range",
                "评查得分应在0至100分之间",
            ),
            date_order("reviewed_on", "started_on", "评查日期不能早于抽查日期"),
            date_order("rectify_due", "reviewed_on", "整改期限不能早于评查日期"),
            date_order("rectified_on", "reviewed_on", "整改完成日期不能早于评查日期"),
            both_or_neither(
                models.Q(status__in=[CaseReviewStatus.RECTIFYING, CaseReviewStatus.CLOSED]),
                models.Q(reviewed_on__isnull=False, score__isnull=False),
                "concluded_iff_score",
                "评查完成须有评查日期和得分，评查中的不能有",
            ),
            check(
                ~models.Q(status=CaseReviewStatus.RECTIFYING) | models.Q(rectify_due__isnull=False),
                "rectifying_has_due",
                "整改中的评查须有整改期限",
            ),
            check(
                models.Q(rectified_on__isnull=True) | models.Q(rectify_due__isnull=False),
                "rectified_has_due",
                "未责令整改的评查不能登记整改完成",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rectified_on_time(self) -> bool | None:
        return self.done_on_time()


class CaseReviewAction(models.Model):
    record = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey("enforcement.EnforcementAction", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "抽查案卷"
        verbose_name_plural = "抽查案卷"
        constraints = [models.UniqueConstraint(fields=["record", "action"], name="enf_crev_action_uniq")]

    def __str__(self) -> str:
        return f"{self.record_id}:{self.action_id}"


class CaseReviewStatusChange(_StatusChange):
    record = models.ForeignKey(CaseReview, on_delete=models.CASCADE, related_name="status_changes")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "办理中"
    HANDLED = "handled", "已办结"


class Complaint(_DeadlineRecord):
    """A complaint about enforcement (执法投诉), handled within the working days of ``rules.COMPLAINT``
    (a local setting) from its receipt; the complainant is a ``ComplaintParty`` (ID and phone masked)."""

    deadline_rule, deadline_start, deadline_fields = "COMPLAINT", "received_on", ("due_on", "handled_on")

    received_on = models.DateField("收到投诉日期", error_messages=named_errors("收到投诉日期"))
    summary = models.TextField("投诉事项", error_messages=named_errors("投诉事项"))
    status = models.CharField(
        "状态", max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    due_on = models.DateField("办理期限", null=True, blank=True, editable=False)
    handled_on = models.DateField("办结日期", null=True, blank=True)
    result = models.TextField("办理结果", blank=True)

    class Meta:
        verbose_name = "执法投诉"
        verbose_name_plural = "执法投诉"
        indexes = [
            models.Index(fields=["org", "received_on", "id"], name="enf_cmpl_org_idx"),
            models.Index(fields=["received_on", "id"], name="enf_cmpl_received_idx"),
            models.Index(fields=["status", "due_on", "id"], name="enf_cmpl_due_idx"),
        ]
        constraints = [
            date_order("handled_on", "received_on", "办结日期不能早于收到投诉日期"),
            both_or_neither(
                models.Q(status=ComplaintStatus.HANDLED),
                models.Q(handled_on__isnull=False),
                "handled_iff_date",
                "已办结的投诉须有办结日期，办理中的不能有",
            ),
        ]

    def __str__(self) -> str:
        return f"执法投诉（{self.received_on:%Y-%m-%d}）" if self.received_on else "执法投诉"

    @property
    def handled_on_time(self) -> bool | None:
        return self.done_on_time()


class ComplaintParty(PartyBase):
    record = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="parties")

    class Meta:
        verbose_name = "投诉人"
        verbose_name_plural = "投诉人"


class ComplaintStatusChange(_StatusChange):
    record = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="status_changes")


class NoticeKind(models.TextChoices):
    OPINION = "opinion", "行政执法监督意见书"
    SUGGESTION = "suggestion", "行政执法监督建议书"


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", "待回复"
    REPLIED = "replied", "已回复"


class SupervisionNotice(_DeadlineRecord):
    """监督意见书/建议书 to a body, answered in writing within the working days of ``rules.NOTICE_REPLY``
    (a local setting) from its issue."""

    deadline_rule, deadline_start = "NOTICE_REPLY", "issued_on"
    deadline_fields = ("reply_due", "replied_on")

    kind = models.CharField(
        "文书类别", max_length=12, choices=NoticeKind.choices, error_messages=named_errors("文书类别")
    )
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("制发日期", error_messages=named_errors("制发日期"))
    content = models.TextField("监督意见/建议", error_messages=named_errors("监督意见/建议"))
    status = models.CharField(
        "状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED
    )
    reply_due = models.DateField("回复期限", null=True, blank=True, editable=False)
    replied_on = models.DateField("回复日期", null=True, blank=True)
    reply = models.TextField("回复内容", blank=True)

    class Meta:
        verbose_name = "行政执法监督文书"
        verbose_name_plural = "行政执法监督文书"
        indexes = [
            models.Index(fields=["org", "issued_on", "id"], name="enf_ntc_org_idx"),
            models.Index(fields=["issued_on", "id"], name="enf_ntc_issued_idx"),
            models.Index(fields=["status", "reply_due", "id"], name="enf_ntc_due_idx"),
        ]
        constraints = [
            date_order("replied_on", "issued_on", "回复日期不能早于制发日期"),
            both_or_neither(
                models.Q(status=NoticeStatus.REPLIED),
                models.Q(replied_on__isnull=False),
                "replied_iff_date",
                "已回复的监督文书须有回复日期，待回复的不能有",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.get_kind_display()

    @property
    def replied_on_time(self) -> bool | None:
        return self.done_on_time()


class SupervisionNoticeStatusChange(_StatusChange):
    record = models.ForeignKey(SupervisionNotice, on_delete=models.CASCADE, related_name="status_changes")
