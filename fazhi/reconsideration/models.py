"""行政复议 (administrative reconsideration): cases, parties, periods and attachments.

A case's ``org`` is the respondent (被申请人), so a respondent clerk sees its own cases through
``visible_to``; the Justice Bureau (the reconsideration office) sees every case of its government.

Outcomes: RULES.md §2 lists eleven outcomes. GLOSSARY maps both 驳回复议请求 (Art 69) and
驳回复议申请 (Art 33) to "rejected"; we keep them apart as ``rejected_claim`` and
``rejected_application`` (the decision documents differ and users ask for each) and count both in
the figure ``reconsideration.rejected`` through ``REJECTED_OUTCOMES``. Every other outcome uses the
GLOSSARY code unchanged.

Deadlines are computed (``deadlines.py``) from the stored dates and periods, never typed in. The
columns ``acceptance_due`` and ``decision_due`` are a cache of that computation, refreshed by every
service that changes an input (and by ``manage.py reconsideration_daily --refresh`` after the holiday table changes), so that the list page can
filter and sort by them with an index and the ``overdue`` figure is one SQL aggregate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core import vocab
from fazhi.core.assignment import AssignmentFields
from fazhi.core.casework import (
    VOIDED,
    VOIDED_LABEL,
    LiveManager,
    RemovedFields,
    VoidFields,
    voided_constraint,
)
from fazhi.core.models import EnteredDatesMixin, TrackedModel
from fazhi.core.parts import (
    NumberedRecord,
    PartyBase,
    StatusHistory,
    both_or_neither,
    check,
    date_order,
    number_unique,
)
from fazhi.core.vocab import Field as Field
from fazhi.orgs.scope import ScopedQuerySet, scope_root

from . import rules


class Status(models.TextChoices):
    RECEIVED = "received", "已收到申请"
    CORRECTION = "correction", "补正中"
    ACCEPTED = "accepted", "已受理"
    UNDER_REVIEW = "under_review", "审理中"
    SUSPENDED = "suspended", "中止"
    DECLINED = "declined", "不予受理"
    TRANSFERRED = "transferred", "已告知"
    # 《行政复议法》第三十一条: no correction within the period without good reason → deemed abandoned.
    ABANDONED = "abandoned", "视为放弃"
    CONCLUDED = "concluded", "已审结"
    VOIDED = VOIDED, VOIDED_LABEL  # 作废 (issue 15 item 3): number kept, in no figure


OPEN_STATUSES = (Status.ACCEPTED, Status.UNDER_REVIEW, Status.SUSPENDED)
PENDING_STATUSES = (Status.RECEIVED, Status.CORRECTION)
REVIEWING = frozenset({Status.ACCEPTED, Status.UNDER_REVIEW})


def action_label(action: str) -> str:
    """The Chinese name of an action (``accept`` or ``reconsideration.accept``); declared in ``actions``."""
    from fazhi.core.actions import audit_label

    return audit_label(action if action.startswith("reconsideration.") else f"reconsideration.{action}")


class Outcome(models.TextChoices):
    UPHELD = "upheld", "维持"
    REJECTED_CLAIM = "rejected_claim", "驳回复议请求"
    REJECTED_APPLICATION = "rejected_application", "驳回复议申请"
    REVOKED = "revoked", "撤销"
    ALTERED = "altered", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    ORDERED_TO_PERFORM = "ordered_to_perform", "责令履行"
    MEDIATED = "mediated", "调解结案"
    WITHDRAWN = "withdrawn", "终止（申请人撤回）"
    TERMINATED = "terminated", "终止（其他）"


REJECTED_OUTCOMES = (Outcome.REJECTED_CLAIM, Outcome.REJECTED_APPLICATION)
CORRECTED_OUTCOMES = (
    Outcome.REVOKED,
    Outcome.ALTERED,
    Outcome.CONFIRMED_ILLEGAL,
    Outcome.CONFIRMED_VOID,
    Outcome.ORDERED_TO_PERFORM,
)
OTHER_OUTCOMES = (Outcome.MEDIATED, Outcome.TERMINATED)
#: Named groups used by filters and figures (FIGURES.md).
OUTCOME_GROUPS = {
    "upheld": ("维持", (Outcome.UPHELD,)),
    "rejected": ("驳回", REJECTED_OUTCOMES),
    "corrected": ("纠错", CORRECTED_OUTCOMES),
    "withdrawn": ("撤回", (Outcome.WITHDRAWN,)),
    "other": ("其他", OTHER_OUTCOMES),
}


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLIFIED = "simplified", "简易程序"


class Channel(models.TextChoices):
    WINDOW = "window", "窗口递交"
    POST = "post", "邮寄"
    ONLINE = "online", "网上申请"


_A = vocab.ActCategory
#: The act categories of an application: the platform's codes (core.vocab), in this module's order.
ActCategory = vocab.subset(
    _A,
    "ActCategory",
    [
        _A.PENALTY,
        _A.COERCION,
        _A.LICENSING,
        _A.CONFIRMATION,
        _A.EXPROPRIATION,
        _A.INACTION,
        _A.INFO_DISCLOSURE,
        _A.AGREEMENT,
        _A.OTHER,
    ],
    __name__,
)


class CaseQuerySet(ScopedQuerySet):
    scope_field = "org"

    def visible_to(self, user):  # type: ignore[no-untyped-def]
        """Same rows as ``ScopedQuerySet.visible_to``. When the scope is a whole government (bureau staff,
        leaders) the condition is written as a join on the unit's path, so that the planner can walk the
        ``(received_on, id)`` index of a list page instead of sorting every visible row (measured by
        ``bench/reconsideration_list.py``); a clerk of a unit without sub-units gets ``org = unit``, which the
        ``(org, received_on, id)`` index serves in order; other scopes keep the ``org IN (…)`` form."""
        root = scope_root(user)
        if root is None:
            return self.none()
        if root.kind == root.Kind.GOVERNMENT:
            return self.filter(org__path__startswith=root.path)
        if not type(root).objects.filter(parent=root).exists():
            return self.filter(org=root)
        return super().visible_to(user)


class ReconsiderationCase(NumberedRecord, VoidFields, AssignmentFields, TrackedModel):
    """One application for reconsideration, from receipt to decision. ``org`` = 被申请人."""

    number = models.CharField("案号", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_before_suspension = models.CharField(max_length=20, choices=Status.choices, blank=True)
    channel = models.CharField("申请方式", max_length=10, choices=Channel.choices, default=Channel.WINDOW)
    procedure = models.CharField("程序", max_length=12, choices=Procedure.choices, default=Procedure.ORDINARY)
    contested_act = models.CharField("被申请的行政行为", max_length=300)
    act_category = models.CharField("行为类别", max_length=20, choices=ActCategory.choices)
    field = models.CharField("管理领域", max_length=20, choices=Field.choices)
    act_date = models.DateField("行政行为作出日期", null=True, blank=True)
    # Art 20: sixty days from knowing of the act; later is a warning to answer (core.casework.filing_window).
    known_on = models.DateField("申请人知道该行政行为日期", null=True, blank=True)
    late_reason = models.TextField("超过申请期限的正当理由", blank=True)
    request = models.TextField("复议请求", blank=True)
    is_major = models.BooleanField(
        "重大、疑难、复杂案件", default=False, help_text="须组织听证（行政复议法第五十条）"
    )
    received_on = models.DateField("收到申请日期")
    # Art 55: a simplified-procedure case converted to the ordinary procedure (then due 60 days from acceptance).
    converted_on = models.DateField("转为普通程序日期", null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    deemed_accepted = models.BooleanField("视为受理", default=False)
    declined_on = models.DateField("不予受理日期", null=True, blank=True)
    transferred_on = models.DateField("告知日期", null=True, blank=True)
    abandoned_on = models.DateField("视为放弃日期", null=True, blank=True)
    transfer_to = models.CharField("告知向其提出的机关", max_length=100, blank=True)
    decline_reason = models.TextField("理由", blank=True)
    copy_sent_on = models.DateField("发送申请书副本日期", null=True, blank=True)
    # RULES §2, Art 48: the answer period runs from the respondent's receipt of the copy, never from sending.
    copy_served_on = models.DateField("被申请人收到申请书副本日期", null=True, blank=True)
    answered_on = models.DateField("被申请人答复日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长天数", default=0)
    extended_on = models.DateField("批准延期日期", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    outcome = models.CharField("审结结果", max_length=24, choices=Outcome.choices, blank=True)
    decision_summary = models.TextField("决定要旨", blank=True)
    # Cache of computed deadlines (see module docstring); never entered by a user.
    acceptance_due = models.DateField("受理审查期限", null=True, blank=True, editable=False)
    decision_due = models.DateField("审理期限", null=True, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        indexes = [
            models.Index(fields=["received_on", "id"], name="recon_received_idx"),
            models.Index(fields=["concluded_on", "outcome"], name="recon_concluded_idx"),
            models.Index(fields=["accepted_on"], name="recon_accepted_idx"),
            models.Index(fields=["declined_on"], name="recon_declined_idx"),
            models.Index(fields=["status", "received_on", "id"], name="recon_status_idx"),
            models.Index(fields=["org", "received_on", "id"], name="recon_org_idx"),
            models.Index(fields=["field", "received_on", "id"], name="recon_field_idx"),
            models.Index(fields=["act_category", "received_on", "id"], name="recon_category_idx"),
            models.Index(fields=["decision_due", "id"], name="recon_due_idx"),
            models.Index(fields=["year", "seq"], name="recon_number_idx"),
            # case-number prefix search (``number LIKE 'x%'``) on PostgreSQL; other databases ignore opclasses
            models.Index(
                fields=["number"], name="recon_number_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            number_unique(),
            voided_constraint("recon"),
            date_order("accepted_on", "received_on", "受理日期不能早于收到申请日期"),
            date_order("declined_on", "received_on", "不予受理日期不能早于收到申请日期"),
            date_order("transferred_on", "received_on", "告知日期不能早于收到申请日期"),
            date_order("received_on", "act_date", "行政行为作出日期不能晚于收到申请日期"),
            date_order("received_on", "known_on", "知道该行政行为的日期不能晚于收到申请日期"),
            date_order("concluded_on", "accepted_on", "审结日期不能早于受理日期"),
            date_order("copy_sent_on", "accepted_on", "发送申请书副本日期不能早于受理日期"),
            date_order("copy_served_on", "copy_sent_on", "副本送达日期不能早于发送日期"),
            date_order("extended_on", "accepted_on", "批准延期日期不能早于受理日期"),
            date_order("converted_on", "accepted_on", "转为普通程序日期不能早于受理日期"),
            both_or_neither(
                ~models.Q(outcome=""),
                models.Q(concluded_on__isnull=False),
                "outcome_iff_concluded",
                "审结结果与审结日期须同时填写",
            ),
            both_or_neither(
                models.Q(status=Status.CONCLUDED),
                models.Q(concluded_on__isnull=False),
                "status_iff_concluded",
                "已审结的案件须有审结日期，未审结的案件不能有",
            ),
            both_or_neither(
                models.Q(status=Status.DECLINED),
                models.Q(declined_on__isnull=False),
                "status_iff_declined",
                "不予受理的案件须有不予受理日期，其他案件不能有",
            ),
            check(
                models.Q(extension_days__gte=0, extension_days__lte=rules.MAX_EXTENSION_DAYS),
                "extension_range",
                f"延长天数应为0至{rules.MAX_EXTENSION_DAYS}日（《行政复议法》第六十二条）",
            ),
            # Not "iff": a historical case imported from Excel has its extension's days but no approval date.
            check(
                models.Q(extended_on__isnull=True) | models.Q(extension_days__gt=0),
                "extended_on_has_days",
                "登记了批准延期日期的，延长天数须大于0",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def respondent(self):  # type: ignore[no-untyped-def]
        return self.org

    def last_change_label(self) -> str:
        """The latest transition (受理, 中止 …): named in the conflict message of a stale write."""
        last = self.status_changes.order_by("-id").first() if self.pk else None
        return action_label(last.action) if last else ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Party(PartyBase):
    """申请人 / 第三人 / 代理人: a person (ID card) or an organisation (credit code)."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", "申请人"
        THIRD_PARTY = "third_party", "第三人"
        AGENT = "agent", "代理人"

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField("身份", max_length=12, choices=Role.choices, default=Role.APPLICANT)
    name = models.CharField("姓名或名称", max_length=100)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"
        ordering = ["role", "id"]
        # ?q= with a whole ID number and the 重复申请 hint match it exactly (core.search)
        indexes = [models.Index(fields=["id_number"], name="recon_party_id_number_idx")]


class StatusChange(StatusHistory):
    """One row per transition: the case's status history (the timeline's backbone)."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField("原状态", max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=Status.choices)
    on = models.DateField("日期")  # every reconsideration step has its business date

    class Meta:
        verbose_name = "状态变更"
        verbose_name_plural = "状态变更"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.label}"

    @property
    def label(self) -> str:
        return action_label(self.action)


class CorrectionRequest(EnteredDatesMixin, models.Model):
    """补正 (Art 31): notified within 5 working days of receipt; 10 working days to correct."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="corrections")
    requested_on = models.DateField("通知补正日期")
    items = models.TextField("补正事项")
    # RULES §2, Art 31: the applicant's 10 working days run from receiving the notice (送达), not sending it.
    served_on = models.DateField("申请人收到补正通知日期", null=True, blank=True)
    corrected_on = models.DateField("收到补正材料日期", null=True, blank=True)

    class Meta:
        verbose_name = "补正通知"
        verbose_name_plural = "补正通知"
        ordering = ["requested_on", "id"]
        constraints = [
            date_order("served_on", "requested_on", "补正通知送达日期不能早于通知补正日期"),
            date_order("corrected_on", "requested_on", "收到补正材料日期不能早于通知补正日期"),
        ]

    def __str__(self) -> str:
        return f"补正 {self.requested_on}"


class Suspension(EnteredDatesMixin, models.Model):
    """中止 on the grounds of Art 39. The suspended days do not count toward the decision deadline — settled
    practice (RULES §2), not Art 39's text: the 2023 law has no express sentence."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="suspensions")
    suspended_on = models.DateField("中止日期")
    resumed_on = models.DateField("恢复日期", null=True, blank=True)
    reason = models.CharField("中止原因", max_length=300)

    class Meta:
        verbose_name = "中止期间"
        verbose_name_plural = "中止期间"
        ordering = ["suspended_on", "id"]
        constraints = [date_order("resumed_on", "suspended_on", "恢复日期不能早于中止日期")]

    def __str__(self) -> str:
        return f"中止 {self.suspended_on}"


class Hearing(EnteredDatesMixin, models.Model):
    future_date_fields = frozenset({"held_on"})  # a hearing is scheduled ahead (Art 51)

    """听证 (Art 50–51): the notice goes out at least 5 working days before the hearing."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("听证日期")
    notified_on = models.DateField("通知日期")
    place = models.CharField("地点", max_length=100, blank=True)
    summary = models.TextField("听证情况", blank=True)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"
        ordering = ["held_on", "id"]
        constraints = [date_order("held_on", "notified_on", "听证通知日期不能晚于听证日期")]

    def __str__(self) -> str:
        return f"听证 {self.held_on}"


def attachment_path(instance: Attachment, filename: str) -> str:
    import uuid
    from pathlib import PurePath

    ext = PurePath(filename).suffix.lower()
    return f"reconsideration/{instance.case_id}/{uuid.uuid4().hex}{ext}"


class Attachment(RemovedFields, models.Model):
    """A document of a case, stored under MEDIA_ROOT and served only through the scoped view. A removed
    attachment (删除, with a reason; ``core.casework.remove_attachment``) is left out of every read."""

    class Kind(models.TextChoices):
        APPLICATION = "application", "复议申请书"
        ANSWER = "answer", "答复书"
        EVIDENCE = "evidence", "证据材料"
        DECISION = "decision", "复议决定书"
        OTHER = "other", "其他"

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    filename = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    all_objects = models.Manager()
    objects = LiveManager()

    class Meta:
        default_manager_name = "objects"
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename
