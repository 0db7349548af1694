"""Documents (文书) issued on a case, their service (送达), replaceable templates and the archive (归档).

A document belongs to any module's record through (content_type, object_id), the platform's way of
linking across modules; ``org`` is the record's unit, so every read is scoped like the record itself."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.parts import both_or_neither, check, date_order


def _stored(prefix: str, filename: str) -> str:
    return f"casefiles/{prefix}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def upload_document(instance: models.Model, filename: str) -> str:
    return _stored("documents", filename)


def upload_receipt(instance: models.Model, filename: str) -> str:
    return _stored("receipts", filename)


def upload_template(instance: models.Model, filename: str) -> str:
    return _stored("templates", filename)


class DocumentTemplate(models.Model):
    """A DOCX template (docxtpl) a government uses instead of the shipped one; every upload is a new
    version, the newest wins. ``kind`` "" is the government's template for every kind it has none for."""

    government = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书种类", max_length=60, blank=True)
    version = models.PositiveIntegerField("版本")
    file = models.FileField("模板文件", upload_to=upload_template, max_length=200)
    filename = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "kind", "version"],
                name="casefiles_template_version_uniq",
                violation_error_message="该文书模板版本已存在",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind or '通用'} v{self.version}"


class CaseDocument(models.Model):
    """One generated document with its 文号; the DOCX is kept as generated (what was served)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    government = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("文书种类", max_length=60)
    title = models.CharField("文书名称", max_length=60)
    number = models.CharField("文号", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    seq = models.PositiveIntegerField("序号")
    issued_on = models.DateField("落款日期")
    recipient = models.CharField("受送达人", max_length=200)
    file = models.FileField("文件", upload_to=upload_document, max_length=200)
    size = models.PositiveIntegerField("大小")
    template = models.ForeignKey(DocumentTemplate, on_delete=models.PROTECT, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["issued_on", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "id"], name="casefiles_doc_case_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["government", "number"],
                name="casefiles_doc_number_uniq",
                violation_error_message="该文号在本级政府已被使用",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def filename(self) -> str:
        return f"{self.title}（{self.number}）.docx"


class Method(models.TextChoices):
    DIRECT = "direct", "直接送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    LEFT = "left", "留置送达"
    NOTICE = "notice", "公告送达"


class Service(models.Model):
    """The service of one document (送达回证): how, when, to whom; the receipt (回执) may be attached."""

    document = models.OneToOneField(CaseDocument, on_delete=models.PROTECT, related_name="service")
    method = models.CharField("送达方式", max_length=12, choices=Method.choices)
    tracking_number = models.CharField("邮件单号", max_length=40, blank=True)
    served_on = models.DateField("送达日期")
    issued_on = models.DateField("文书落款日期")  # the document's, so the order is a CHECK constraint
    recipient = models.CharField("受送达人", max_length=200)
    receipt = models.FileField("送达回证", upload_to=upload_receipt, max_length=200, blank=True)
    receipt_name = models.CharField("回证文件名", max_length=200, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "送达记录"
        verbose_name_plural = "送达记录"
        constraints = [
            date_order("served_on", "issued_on", "送达日期不能早于文书落款日期"),
            both_or_neither(
                models.Q(method=Method.POST),
                ~models.Q(tracking_number=""),
                "post_has_tracking",
                "邮寄送达须填写邮件单号，其他送达方式不填邮件单号",
            ),
            check(~models.Q(recipient=""), "service_recipient", "请填写受送达人"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.served_on}"


class Archive(models.Model):
    """归档: from then on the case is read-only (``archive.archived_refusal`` on every write path)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    archived_on = models.DateField("归档日期")
    archive_number = models.CharField("档号", max_length=60)
    archived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    archived_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "归档"
        verbose_name_plural = "归档"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="casefiles_archive_once",
                violation_error_message="该案件已归档",
            ),
            check(~models.Q(archive_number=""), "archive_number_given", "请填写档号"),
        ]

    def __str__(self) -> str:
        return self.archive_number


class Publication(models.Model):
    """A document published on the portal (issue 15 item 8): the public text generated from the stored
    document and the case's parties (natural persons' names masked, ID numbers and phones removed), with
    who checked and published it. ``government`` is the numbering government (the portal's publisher)."""

    document = models.OneToOneField(CaseDocument, on_delete=models.PROTECT, related_name="publication")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    government = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文号", max_length=60)
    text = models.JSONField("公开文本（段落）")
    published_on = models.DateField("公开日期")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="审核人"
    )
    published_at = models.DateTimeField("公开时间", auto_now_add=True)

    class Meta:
        verbose_name = "文书公开"
        verbose_name_plural = "文书公开"
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="casefiles_pub_case_idx"),
            models.Index(fields=["government", "published_on", "id"], name="casefiles_pub_gov_idx"),
            # the portal's list of one module's documents, newest first (keyset on published_on, id)
            models.Index(fields=["content_type", "published_on", "id"], name="casefiles_pub_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"


class Performance(models.Model):
    """履行监督 of a decision that orders the respondent to act: the office sets the due date, the
    respondent's clerk reports the performance (date and what was done); late when reported after the
    due date or not reported by then."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    ordered_on = models.DateField("决定日期")
    due_on = models.DateField("履行期限")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    performed_on = models.DateField("履行日期", null=True, blank=True)
    report = models.TextField("履行情况", blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "履行监督"
        verbose_name_plural = "履行监督"
        indexes = [models.Index(fields=["due_on", "id"], name="casefiles_perf_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="casefiles_performance_once",
                violation_error_message="该案件已登记履行监督",
            ),
            date_order("due_on", "ordered_on", "履行期限不能早于决定日期"),
            date_order("performed_on", "ordered_on", "履行日期不能早于决定日期"),
            both_or_neither(
                models.Q(performed_on__isnull=False),
                ~models.Q(report=""),
                "performance_report",
                "报告履行须同时填写履行日期和履行情况",
            ),
        ]

    def __str__(self) -> str:
        return f"履行期限 {self.due_on}"

    @property
    def on_time(self) -> bool | None:
        return None if self.performed_on is None else self.performed_on <= self.due_on


class Verdict(models.TextChoices):
    """The head's answer to a request (``Approval.decision`` once decided)."""

    APPROVED = "approved", "批准"
    REJECTED = "rejected", "不予批准"


class Approval(models.Model):
    """负责人审批 (issue 15 item 4): the head's approval of one step of a case where the law reserves it to
    them (延期 Art 62, 转普通程序 Art 55, 中止, 终止, the decision, reopening a conclusion entered by mistake).
    Asked for with a reason, decided by a user holding 机构负责人 (who, when, opinion — never free text in
    place of a record), and used once by the step it approves (``used_at``, set by the action runner)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "不予批准"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    step = models.CharField("审批事项", max_length=40)
    step_label = models.CharField("审批事项名称", max_length=60)
    reason = models.TextField("报请理由", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报请人"
    )
    requested_at = models.DateTimeField("报请时间")
    decision = models.CharField("审批结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)
    used_at = models.DateTimeField("已据此办理", null=True, blank=True)

    class Meta:
        verbose_name = "负责人审批"
        verbose_name_plural = "负责人审批"
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "step"], name="casefiles_approval_case_idx")
        ]
        constraints = [
            both_or_neither(
                ~models.Q(decision="pending"),
                models.Q(decided_by__isnull=False, decided_at__isnull=False),
                "approval_decided_by",
                "审批结果须有审批人和审批时间",
            ),
            check(
                models.Q(used_at__isnull=True) | models.Q(decision="approved"),
                "approval_used_if_approved",
                "未经批准的事项不能办理",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step_label} {self.get_decision_display()}"


class Deliberation(models.Model):
    """案审/合议 (issue 15 item 4): a case review or collegial deliberation of a case — date, participants
    (platform users and, by name, others such as outside experts) and the opinion reached."""

    class Kind(models.TextChoices):
        REVIEW = "review", "案审"
        COLLEGIAL = "collegial", "合议"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    org = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    held_on = models.DateField("日期")
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="参加人员"
    )
    other_participants = models.CharField(
        "其他参加人员", max_length=300, blank=True, help_text="平台外人员的姓名，如外聘专家，用顿号分隔"
    )
    opinion = models.TextField("意见")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "案审/合议记录"
        verbose_name_plural = "案审/合议记录"
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "id"], name="casefiles_delib_case_idx")]
        constraints = [check(~models.Q(opinion=""), "deliberation_opinion", "请填写案审/合议意见")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"
