"""考核 (issue 14 item 5): the indicator tree with weights, and the scores of units; imported by ``models``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from fazhi.core.models import TrackedModel
from fazhi.core.parts import check, named_errors
from fazhi.orgs.scope import ScopedQuerySet


class Assessment(TrackedModel):
    """The yearly 考核 of units by the office (``org``): an indicator tree with weights and the units'
    scores per leaf item. A unit's total is Σ score ÷ 满分 × 权重 over the leaves (the weights of the
    top-level items add up to 100, a parent's weight is its children's sum), computed in SQL."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("考核名称", max_length=200, error_messages=named_errors("考核名称"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "法治建设考核"
        verbose_name_plural = "法治建设考核"
        indexes = [models.Index(fields=["year", "id"], name="gov_assess_year_idx")]
        constraints = [
            check(models.Q(year__gte=2000, year__lte=2100), "assess_year", "年度应在2000年至2100年之间"),
            models.UniqueConstraint(
                fields=["org", "year", "title"],
                name="gov_assess_uniq",
                violation_error_message="该单位该年度已有同名考核",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"


class AssessmentItem(models.Model):
    """An indicator of the assessment's tree; scores are entered on the leaves."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级指标",
    )
    title = models.CharField("指标", max_length=200)
    weight = models.DecimalField("权重（分值）", max_digits=6, decimal_places=2)
    max_score = models.DecimalField("满分", max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["order", "id"]
        constraints = [
            check(models.Q(weight__gt=0), "assess_item_weight", "指标权重应大于0"),
            check(models.Q(max_score__gt=0), "assess_item_max", "指标满分应大于0"),
        ]

    def __str__(self) -> str:
        return self.title


class AssessmentScore(models.Model):
    """A unit's (``org``) score on a leaf item; a unit sees its own scores only."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="scores")
    org = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="被考核单位"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        indexes = [models.Index(fields=["org", "item"], name="gov_score_org_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "org"], name="gov_score_uniq", violation_error_message="该单位此项已有得分"
            ),
            check(models.Q(score__gte=0), "assess_score", "得分不能为负数"),
        ]

    def __str__(self) -> str:
        return f"{self.item}：{self.score}"

    def clean(self) -> None:
        super().clean()
        if self.item_id and self.score is not None and self.score > self.item.max_score:
            raise ValidationError({"score": f"「{self.item}」得分不能超过满分{self.item.max_score}"})
