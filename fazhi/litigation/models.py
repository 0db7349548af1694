"""行政应诉: cases where a government body is the defendant (GLOSSARY; RULES §3; FIGURES 行政应诉).

``org`` (from TrackedModel) is the defendant unit, so a defendant's clerk sees its own cases.
``is_loss`` is derived from the outcome in exactly one place: ``LOSS_OUTCOMES`` / ``loss_q()``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from fazhi.core import vocab
from fazhi.core.assignment import AssignmentFields
from fazhi.core.casework import VOIDED, VOIDED_LABEL, VoidFields, voided_constraint
from fazhi.core.models import EnteredDatesMixin, TrackedModel
from fazhi.core.parts import CachedDeadlines, PartyBase, StatusHistory, both_or_neither, date_order
from fazhi.core.parts import PartyKind as PartyKind
from fazhi.orgs.models import OrgUnit
from fazhi.orgs.scope import ScopedQuerySet, scope_root


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class Status(models.TextChoices):
    SERVED = "served", "已收到起诉状"
    ANSWERED = "answered", "已答辩举证"
    IN_TRIAL = "in_trial", "审理中"
    JUDGED = "judged", "已判决/裁定"
    APPEALED = "appealed", "已上诉"
    FINAL = "final", "已生效结案"
    VOIDED = VOIDED, VOIDED_LABEL  # 作废 (issue 15 item 3): number kept, in no figure


#: The statuses of a case that has been judged or ruled on (审结).
CONCLUDED_STATUSES: tuple[str, ...] = (Status.JUDGED, Status.APPEALED, Status.FINAL)


class Outcome(models.TextChoices):
    CLAIM_REJECTED = "claim_rejected", "驳回诉讼请求"
    SUIT_DISMISSED = "suit_dismissed", "驳回起诉"
    # 裁定不予立案 (行政诉讼法 Art 51): a ruling, not 败诉 — like 驳回起诉, the court never reached the merits.
    NOT_FILED = "not_filed", "不予立案"
    WITHDRAWN = "withdrawn", "原告撤诉"
    MEDIATED = "mediated", "调解"
    REVOKED = "revoked", "撤销/部分撤销"
    ALTERED = "altered", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    ORDERED_TO_PERFORM = "ordered_to_perform", "责令履行/给付"
    COMPENSATION = "compensation", "赔偿"
    # 行政协议 cases (行政诉讼法 Art 78): the body is ordered to keep performing, to take remedial
    # measures or to pay damages.
    AGREEMENT_PERFORMANCE = "pact_performance", "行政协议：继续履行"
    AGREEMENT_REMEDY = "pact_remedy", "行政协议：采取补救措施"
    AGREEMENT_DAMAGES = "pact_damages", "行政协议：赔偿损失"
    OTHER = "other", "其他"


# RULES §3 / FIGURES litigation.lost: the ONE definition of 败诉.
LOSS_OUTCOMES: frozenset[str] = frozenset(
    {
        Outcome.REVOKED,
        Outcome.ALTERED,
        Outcome.CONFIRMED_ILLEGAL,
        Outcome.CONFIRMED_VOID,
        Outcome.ORDERED_TO_PERFORM,
        Outcome.COMPENSATION,
        Outcome.AGREEMENT_PERFORMANCE,
        Outcome.AGREEMENT_REMEDY,
        Outcome.AGREEMENT_DAMAGES,
    }
)


def is_loss_outcome(outcome: str | None) -> bool:
    return outcome in LOSS_OUTCOMES


def loss_q(prefix: str = "") -> Q:
    """The SQL form of ``is_loss_outcome``."""
    return Q(**{f"{prefix}outcome__in": sorted(LOSS_OUTCOMES)})


class JudgmentKind(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    RULING = "ruling", "裁定"


# RULES §3 (行政诉讼法 Art 85): 判决 or 裁定 follows from the outcome — dismissing the suit, refusing to
# file it (不予立案, Art 51) and allowing a withdrawal (Art 62) are rulings with a 10-day appeal period; a decision on the merits is a judgment
# (15 days). A mediation ends in a 调解书, which is neither and has no appeal.
RULING_OUTCOMES: frozenset[str] = frozenset({Outcome.SUIT_DISMISSED, Outcome.NOT_FILED, Outcome.WITHDRAWN})


def judgment_kind_for(outcome: str) -> str | None:
    """判决 or 裁定 for ``outcome``; None where either may be recorded (调解)."""
    if outcome == Outcome.MEDIATED:
        return None
    return JudgmentKind.RULING if outcome in RULING_OUTCOMES else JudgmentKind.JUDGMENT


_A = vocab.ActCategory
#: The act categories a lawsuit is filed under: the platform's codes (core.vocab), in this module's order.
ActCategory = vocab.subset(
    _A,
    "ActCategory",
    [
        _A.PENALTY,
        _A.COERCION,
        _A.LICENSING,
        _A.EXPROPRIATION,
        _A.REGISTRATION,
        _A.INFO_DISCLOSURE,
        _A.AGREEMENT,
        _A.INACTION,
        _A.OTHER,
    ],
    __name__,
)


class HeadPost(models.TextChoices):
    PRINCIPAL = "principal", "正职"
    DEPUTY = "deputy", "副职"
    IN_CHARGE = "in_charge", "分管负责人"
    OTHER = "other", "其他人员（不计入负责人出庭）"


# RULES §3 (法释〔2020〕3号): only these count as the head (负责人).
QUALIFYING_POSTS: frozenset[str] = frozenset({HeadPost.PRINCIPAL, HeadPost.DEPUTY, HeadPost.IN_CHARGE})

_CASE_NUMBER_RE = re.compile(r"^\((\d{4})\)([\u4e00-\u9fff]\d{2,4})(行[\u4e00-\u9fff]{1,3})(\d{1,6})号$")
CASE_NUMBER_HELP = "如 (2019)浙0381行初12号，括号可用全角（2019）"


def normalize_case_number(value: str) -> str:
    """Validate a court case number (案号) and return it with half-width brackets."""
    v = (value or "").strip().replace("（", "(").replace("）", ")").replace(" ", "")
    m = _CASE_NUMBER_RE.fullmatch(v)
    if not m or not (1990 <= int(m.group(1)) <= 2100):
        raise ValidationError(
            f"法院案号「{value}」格式不正确，应形如 (2019)浙0381行初12号：括号内为年份，"
            "其后为法院代字、“行初/行终/行再”等类型字和序号，以“号”结尾",
            code="case_number",
        )
    return v


class LitigationCaseQuerySet(ScopedQuerySet):
    scope_field = "org"

    def visible_to(self, user: Any) -> LitigationCaseQuerySet:
        """The defendant's scope (``org``), plus cases where a unit in scope is a **confirmed** co-defendant
        (read only: writes still need the defendant's scope; a pending link shows nothing). An EXISTS, not a join, so rows are never duplicated."""
        root = scope_root(user)
        if root is None:
            return self.none()
        co = CoDefendant.objects.filter(
            case_id=OuterRef("pk"), state=CoDefendant.State.CONFIRMED, org__path__startswith=root.path
        )
        units = OrgUnit.objects.filter(path__startswith=root.path).values("pk")
        return self.filter(Q(org__in=units) | Exists(co))


class LitigationCase(CachedDeadlines, VoidFields, AssignmentFields, TrackedModel):
    """One instance (一审/二审/再审) of an administrative lawsuit against a unit (``org`` = 被告)."""

    court_case_number = models.CharField("法院案号", max_length=60, unique=True, help_text=CASE_NUMBER_HELP)
    court = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="受理法院",
        limit_choices_to={"kind": "court"},
    )
    instance = models.CharField("审级", max_length=10, choices=Instance.choices, default=Instance.FIRST)
    previous_instance = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_instances",
        verbose_name="前审案件",
    )
    related_reconsideration = models.ForeignKey(
        "reconsideration.ReconsiderationCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关联行政复议案件",
    )
    # Includes links still pending the bureau's confirmation: read ``co_defendant_links`` with their state.
    co_defendants = models.ManyToManyField(
        "orgs.OrgUnit",
        through="CoDefendant",
        blank=True,
        related_name="+",
        verbose_name="共同被告",
    )
    cause = models.CharField("案由", max_length=200)
    act_category = models.CharField("被诉行为类别", max_length=20, choices=ActCategory.choices)
    served_on = models.DateField("收到起诉状副本日期")
    answer_filed_on = models.DateField("答辩举证日期", null=True, blank=True)
    agents = models.CharField("应诉代理人", max_length=200, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SERVED)
    judgment_kind = models.CharField("裁判文书类型", max_length=10, choices=JudgmentKind.choices, blank=True)
    outcome = models.CharField("裁判结果", max_length=20, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    judgment_served_on = models.DateField("裁判文书送达日期", null=True, blank=True)
    judgment_document = models.FileField("裁判文书", upload_to="litigation/%Y/", blank=True, max_length=200)
    appeal_filed = models.BooleanField("是否上诉", null=True, blank=True)
    appeal_decided_on = models.DateField("上诉决定日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    # Cache of the computed periods (deadlines.py), as reconsideration keeps acceptance_due/decision_due:
    # never entered by a user, refreshed on every save and when the holiday calendar changes.
    answer_due = models.DateField("答辩举证期限", null=True, blank=True, editable=False)
    appeal_due = models.DateField("上诉期限", null=True, blank=True, editable=False)

    objects = LitigationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政诉讼案件"
        verbose_name_plural = "行政诉讼案件"
        indexes = [
            models.Index(fields=["served_on", "id"], name="lit_served_idx"),
            models.Index(fields=["concluded_on", "id"], name="lit_concluded_idx"),
            models.Index(fields=["concluded_on", "outcome"], name="lit_concluded_outcome_idx"),
            models.Index(fields=["org", "served_on", "id"], name="lit_org_served_id_idx"),
            models.Index(fields=["status", "served_on"], name="lit_status_served_idx"),
            # court-case-number prefix search (``LIKE 'x%'``) on PostgreSQL; other databases ignore opclasses
            models.Index(
                fields=["court_case_number"], name="lit_number_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["answer_due", "id"], name="lit_answer_due_idx"),
            models.Index(fields=["appeal_due", "id"], name="lit_appeal_due_idx"),
        ]
        constraints = [
            voided_constraint("lit"),
            date_order("answer_filed_on", "served_on", "答辩举证日期不能早于收到起诉状副本日期"),
            date_order("concluded_on", "served_on", "审结日期不能早于收到起诉状副本日期"),
            date_order("judgment_served_on", "concluded_on", "裁判文书送达日期不能早于裁判日期"),
            date_order("appeal_decided_on", "concluded_on", "上诉决定日期不能早于裁判日期"),
            both_or_neither(
                ~models.Q(outcome=""),
                models.Q(concluded_on__isnull=False),
                "outcome_iff_concluded",
                "裁判结果与审结日期须同时填写",
            ),
            both_or_neither(
                models.Q(status__in=CONCLUDED_STATUSES),
                models.Q(concluded_on__isnull=False),
                "judged_iff_concluded",
                "已判决/裁定、已上诉、已生效结案的案件须有审结日期，其他状态的案件不能有",
            ),
            both_or_neither(
                models.Q(appeal_filed__isnull=False),
                models.Q(appeal_decided_on__isnull=False),
                "appeal_iff_decided",
                "是否上诉与上诉决定日期须同时填写",
            ),
        ]

    def __str__(self) -> str:
        return self.court_case_number

    def last_change_label(self) -> str:
        """The latest transition (答辩举证, 裁判 …): named in the conflict message of a stale write."""
        from fazhi.core.actions import audit_label

        last = self.status_changes.order_by("-id").first() if self.pk else None
        return audit_label(f"litigation.{last.action}") if last else ""

    @property
    def is_loss(self) -> bool:
        return is_loss_outcome(self.outcome)

    def compute_deadlines(self) -> dict[str, date | None]:
        from .deadlines import cached_due_dates

        return cached_due_dates(self)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            self.court_case_number = normalize_case_number(self.court_case_number)
        except ValidationError as e:
            errors["court_case_number"] = e.messages[0]
        if self.court_id and self.court.kind != "court":
            errors["court"] = "受理法院必须是法院类单位"
        if self.instance == Instance.FIRST and self.previous_instance_id:
            errors["previous_instance"] = "一审案件不能关联前审案件"
        if self.previous_instance_id and self.previous_instance_id == self.pk:
            errors["previous_instance"] = "前审案件不能是本案"
        if self.answer_filed_on and self.served_on and self.answer_filed_on < self.served_on:
            errors["answer_filed_on"] = "答辩举证日期不能早于收到起诉状副本日期"
        if self.concluded_on and self.served_on and self.concluded_on < self.served_on:
            errors["concluded_on"] = "审结日期不能早于收到起诉状副本日期"
        if self.judgment_served_on and self.concluded_on and self.judgment_served_on < self.concluded_on:
            errors["judgment_served_on"] = "裁判文书送达日期不能早于裁判日期"
        if errors:
            raise ValidationError(errors)


# Issue 8 item 9: a co-defendant is a department, a township or the justice bureau. The court hears the
# case and the government (and committees, upper bodies) are refused: naming them put a case in lists
# it does not belong to.
CO_DEFENDANT_KINDS: frozenset[str] = frozenset(
    {OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.TOWNSHIP, OrgUnit.Kind.JUSTICE_BUREAU}
)


class CoDefendant(models.Model):
    """A unit named co-defendant (共同被告) of a case. Named by a clerk outside its own subtree the link
    is ``pending`` until the bureau confirms it: only a confirmed unit sees the case (issue 8 item 9)."""

    class State(models.TextChoices):
        PENDING = "pending", "待司法局确认"
        CONFIRMED = "confirmed", "已确认"

    case = models.ForeignKey(
        LitigationCase, on_delete=models.CASCADE, related_name="co_defendant_links", verbose_name="案件"
    )
    org = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="共同被告")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    requested_at = models.DateTimeField("提出时间", auto_now_add=True)
    requested_by = models.ForeignKey(
        "orgs.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="提出人"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "orgs.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="确认人"
    )

    class Meta:
        verbose_name = "共同被告"
        verbose_name_plural = "共同被告"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "org"], name="lit_codef_case_org_uniq")]
        indexes = [
            # scope: EXISTS (case, state, org) per case; the bureau's queue: state, id
            models.Index(fields=["org", "state", "case"], name="lit_codef_org_state_idx"),
            models.Index(fields=["state", "id"], name="lit_codef_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.org_id} {self.state}"

    @property
    def is_confirmed(self) -> bool:
        return self.state == self.State.CONFIRMED


class Plaintiff(PartyBase):
    case = models.ForeignKey(
        LitigationCase, on_delete=models.CASCADE, related_name="plaintiffs", verbose_name="案件"
    )
    kind = models.CharField("原告类型", max_length=14, choices=PartyKind.choices, default=PartyKind.PERSON)
    name = models.CharField("原告名称", max_length=100)

    class Meta:
        verbose_name = "原告"
        verbose_name_plural = "原告"
        # ?q= with a whole ID number and the 重复申请 hint match it exactly (core.search)
        indexes = [models.Index(fields=["id_number"], name="lit_plaintiff_id_number_idx")]


class CourtSession(EnteredDatesMixin, models.Model):
    future_date_fields = frozenset({"held_on"})  # the court may schedule the session ahead

    """A court session (开庭) and whether the defendant's head appeared (负责人出庭应诉)."""

    case = models.ForeignKey(
        LitigationCase, on_delete=models.CASCADE, related_name="sessions", verbose_name="案件"
    )
    held_on = models.DateField("开庭日期")
    notice_received_on = models.DateField("出庭通知收到日期", null=True, blank=True)
    head_appeared = models.BooleanField("负责人是否出庭", default=False)
    head_name = models.CharField("出庭负责人姓名", max_length=50, blank=True)
    head_post = models.CharField("出庭负责人职务", max_length=12, choices=HeadPost.choices, blank=True)
    absence_reason = models.CharField("未出庭原因", max_length=200, blank=True)
    substitute = models.CharField("实际出庭人员", max_length=100, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "开庭"
        verbose_name_plural = "开庭"
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["held_on", "case"], name="lit_session_held_idx")]
        constraints = [date_order("held_on", "notice_received_on", "出庭通知收到日期不能晚于开庭日期")]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"

    @property
    def head_counts(self) -> bool:
        """RULES §3: only 正职/副职/分管负责人 count as the head appearing."""
        return self.head_appeared and self.head_post in QUALIFYING_POSTS

    @property
    def notice_short(self) -> bool:
        """法释〔2020〕3号 Art 5: the notice must reach the unit at least 3 days before the session."""
        from .deadlines import head_notice_latest

        return bool(self.notice_received_on and self.notice_received_on > head_notice_latest(self.held_on))

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.head_appeared:
            if not self.head_name:
                errors["head_name"] = "负责人出庭时须填写出庭负责人姓名"
            if not self.head_post:
                errors["head_post"] = "负责人出庭时须选择出庭负责人职务"
        elif not self.absence_reason:
            errors["absence_reason"] = "负责人未出庭的，须填写未出庭原因"
        if self.notice_received_on and self.held_on and self.notice_received_on > self.held_on:
            errors["notice_received_on"] = "出庭通知收到日期不能晚于开庭日期"
        if errors:
            raise ValidationError(errors)


class LossAccountability(TrackedModel):
    """败诉责任调查 (国办发〔2016〕54号): one per lost case."""

    case = models.OneToOneField(
        LitigationCase, on_delete=models.PROTECT, related_name="accountability", verbose_name="败诉案件"
    )
    opened_on = models.DateField("启动调查日期")
    conclusion = models.TextField("调查结论", blank=True)
    responsible_persons = models.CharField("责任人员", max_length=200, blank=True)
    closed_on = models.DateField("调查结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "败诉责任调查"
        verbose_name_plural = "败诉责任调查"
        indexes = [models.Index(fields=["opened_on", "id"], name="lit_acc_opened_idx")]
        constraints = [date_order("closed_on", "opened_on", "调查结束日期不能早于启动调查日期")]

    def __str__(self) -> str:
        return f"{self.case} 败诉责任调查"


class StatusChange(StatusHistory):
    """Status history of a case (the timeline on the detail page)."""

    case = models.ForeignKey(LitigationCase, on_delete=models.CASCADE, related_name="status_changes")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.from_status}→{self.to_status}"

    @property
    def to_label(self) -> str:
        return Status(self.to_status).label if self.to_status in Status.values else self.to_status
