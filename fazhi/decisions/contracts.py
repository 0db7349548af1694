"""行政协议 (administrative contracts): a light register of the contracts an administrative unit concludes,
each a subject of the one legality-review queue (issue 12 item 5; ``SubjectKind.CONTRACT``).

A contract is registered while it is being drafted (拟签订), may be sent to the review desk (a
``LegalityReview`` of kind contract whose ``subject_id`` is the contract), is signed and may be terminated.
The counterparty (相对人) is one ``ContractParty``: an organisation or a person, whose ID and phone are shown
whole or masked by the one rule of ``core.pii`` (``PartyBase``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.dates import EARLIEST_ENTERED_DATE
from fazhi.core.models import TrackedModel
from fazhi.core.parts import (
    NumberedRecord,
    PartyBase,
    StatusHistory,
    both_or_neither,
    check,
    date_order,
    number_unique,
)
from fazhi.orgs.scope import ScopedQuerySet

#: The latest year a term may end in (a typo guard, not a legal limit: 特许经营 runs up to 30 years and more).
MAX_TERM_YEAR = 2100


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "拟签订"
    SIGNED = "signed", "已签订"
    TERMINATED = "terminated", "已终止"


class ContractQuerySet(ScopedQuerySet):
    scope_field = "org"


class AdministrativeContract(NumberedRecord, TrackedModel):
    """One administrative contract; ``org`` is the administrative party (行政机关一方). Numbered per
    government and year of registration (示协〔2019〕3号)."""

    number = models.CharField("登记编号", max_length=40)
    title = models.CharField("协议名称", max_length=200)
    subject = models.CharField("协议标的", max_length=300)
    amount = models.DecimalField("协议金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    registered_on = models.DateField("登记日期")
    term_start = models.DateField("履行期限起", null=True, blank=True)
    # Not ``editable``: the shared entered-date rule (core.dates) allows a date at most a year ahead, and a
    # contract's term (a 30-year 特许经营) runs decades; ``clean`` checks it against the term's start instead.
    term_end = models.DateField("履行期限止", null=True, blank=True, editable=False)
    status = models.CharField(
        "状态", max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    signed_on = models.DateField("签订日期", null=True, blank=True)
    terminated_on = models.DateField("终止日期", null=True, blank=True)
    termination_reason = models.CharField("终止原因", max_length=300, blank=True)

    future_date_fields = frozenset({"term_start"})  # a term may start after the contract is registered

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "行政协议"
        verbose_name_plural = "行政协议"
        indexes = [
            models.Index(fields=["registered_on", "id"], name="contract_registered_idx"),
            models.Index(fields=["signed_on", "id"], name="contract_signed_idx"),
            models.Index(fields=["org", "registered_on", "id"], name="contract_org_reg_idx"),
            models.Index(fields=["status", "registered_on", "id"], name="contract_status_reg_idx"),
        ]
        constraints = [
            number_unique(),
            check(models.Q(amount__gte=0), "amount_gte_0", "协议金额不能为负数"),
            date_order("term_end", "term_start", "履行期限止不能早于履行期限起"),
            date_order("terminated_on", "signed_on", "终止日期不能早于签订日期"),
            both_or_neither(
                models.Q(status__in=["signed", "terminated"]),
                models.Q(signed_on__isnull=False),
                "signed_iff_signed_on",
                "已签订的协议须有签订日期，拟签订的协议不能有签订日期",
            ),
            both_or_neither(
                models.Q(status="terminated"),
                models.Q(terminated_on__isnull=False),
                "terminated_iff_terminated_on",
                "已终止的协议须有终止日期，其他状态不能有终止日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self) -> None:
        super().clean()
        # The same rules as the CHECK constraints, named on their fields for the forms and the API.
        errors: dict[str, str] = {}
        if self.amount is not None and self.amount < 0:
            errors["amount"] = "协议金额不能为负数"
        if self.term_start and self.term_end and self.term_end < self.term_start:
            errors["term_end"] = "履行期限止不能早于履行期限起"
        if self.term_end and not (EARLIEST_ENTERED_DATE <= self.term_end <= date(MAX_TERM_YEAR, 12, 31)):
            errors["term_end"] = (
                f"履行期限止应在{EARLIEST_ENTERED_DATE.year}年至{MAX_TERM_YEAR}年之间，请检查年份"
            )
        if self.signed_on and self.terminated_on and self.terminated_on < self.signed_on:
            errors["terminated_on"] = "终止日期不能早于签订日期"
        if errors:
            raise ValidationError(errors)


class ContractParty(PartyBase):
    """The counterparty (相对人) of a contract."""

    contract = models.ForeignKey(
        AdministrativeContract, on_delete=models.CASCADE, related_name="parties", verbose_name="行政协议"
    )
    name = models.CharField("相对人名称", max_length=100)

    class Meta:
        verbose_name = "协议相对人"
        verbose_name_plural = "协议相对人"


class ContractStatusChange(StatusHistory):
    contract = models.ForeignKey(
        AdministrativeContract, on_delete=models.CASCADE, related_name="status_changes"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.from_status}→{self.to_status}"
