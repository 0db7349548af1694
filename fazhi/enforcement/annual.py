"""执法数据年报 (国办发〔2018〕118号: each enforcement body publishes the figures of its decisions of the
year by 31 January of the next year). The body publishes (``publish_annual_statistics``); the figures are
computed from its decisions in one aggregate query and kept as published, so the portal shows what was
published, and a report published after its due day is flagged late.

The model lives here, beside its service, and is imported by ``models`` (one app, one migration history)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q, Sum

from fazhi.audit import services as audit
from fazhi.core.models import TrackedModel
from fazhi.core.parts import check
from fazhi.orgs.scope import ScopedQuerySet, ensure_can_write


def annual_due(year: int) -> date:
    """The day the 年报 of ``year`` is due: 31 January of the next year (国办发〔2018〕118号)."""
    return date(year + 1, 1, 31)


class AnnualStatistics(TrackedModel):
    """执法数据年报 of one body for one year; ``org`` is the body's unit (scope)."""

    body = models.ForeignKey(
        "enforcement.EnforcementBody",
        on_delete=models.PROTECT,
        related_name="annual_statistics",
        verbose_name="执法主体",
    )
    year = models.PositiveSmallIntegerField("年度")
    published_on = models.DateField("公布日期")
    decisions = models.PositiveIntegerField("执法决定总数", default=0)
    by_type = models.JSONField("按执法类别", default=dict, blank=True)
    penalty_amount = models.DecimalField("罚没金额（元）", max_digits=16, decimal_places=2, default=0)
    must_publicize = models.PositiveIntegerField("应公示的决定", default=0)
    publicized_on_time = models.PositiveIntegerField("按时公示的决定", default=0)
    withdrawn = models.PositiveIntegerField("撤回公示的决定", default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "执法数据年报"
        verbose_name_plural = "执法数据年报"
        indexes = [models.Index(fields=["year", "id"], name="enf_annual_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="enf_annual_body_year_uniq",
                violation_error_message="该执法主体本年度的执法数据年报已公布",
            ),
            check(Q(year__gte=2000, year__lte=2100), "enf_annual_year_range", "年度应在2000年至2100年之间"),
            check(
                Q(publicized_on_time__lte=models.F("must_publicize")),
                "enf_annual_on_time_le_must",
                "按时公示数不能大于应公示数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year}年执法数据年报"

    def clean(self) -> None:
        super().clean()
        if self.published_on is not None and self.year and self.published_on.year <= self.year:
            raise ValidationError({"published_on": "年报须在年度结束后公布"})

    @property
    def due_on(self) -> date:
        return annual_due(self.year)

    @property
    def late(self) -> bool:
        """Published after 31 January of the next year (国办发〔2018〕118号)."""
        return self.published_on > self.due_on

    @property
    def on_time_rate(self) -> float | None:
        from fazhi.core.figures import rate

        return rate(self.publicized_on_time, self.must_publicize)

    def type_rows(self) -> list[tuple[str, int]]:
        """(label, count) of each type the body decided, in the choices' order."""
        return type_rows(self.by_type)


def type_rows(by_type: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) of each type in ``by_type`` (code → count), in the choices' order."""
    from .models import ActionType

    return [(label, by_type[code]) for code, label in ActionType.choices if by_type.get(code)]


def annual_summaries(bodies: Any, year: int) -> dict[int, dict[str, Any]]:
    """Each body's decisions of ``year`` in one grouped aggregate query: total, per type, fines, 公示 on
    time, withdrawn (``bodies``: ids or a queryset of bodies)."""
    from .filters import must_publicize_q, on_time_q
    from .models import ActionStatus, ActionType, EnforcementAction

    per_type = {t: Count("id", filter=Q(action_type=t)) for t in ActionType.values}
    rows = (
        EnforcementAction.objects.filter(
            body__in=bodies, decided_on__gte=date(year, 1, 1), decided_on__lte=date(year, 12, 31)
        )
        .values("body_id")
        .annotate(
            decisions=Count("id"),
            penalty_amount=Sum("penalty_amount"),
            must_publicize=Count("id", filter=must_publicize_q()),
            publicized_on_time=Count("id", filter=must_publicize_q() & on_time_q()),
            withdrawn=Count("id", filter=Q(status=ActionStatus.WITHDRAWN)),
            **{f"type_{t}": agg for t, agg in per_type.items()},
        )
        .order_by()
    )
    return {
        r["body_id"]: {
            "decisions": r["decisions"],
            "by_type": {t: r[f"type_{t}"] for t in per_type if r[f"type_{t}"]},
            "penalty_amount": r["penalty_amount"] or Decimal("0"),
            "must_publicize": r["must_publicize"],
            "publicized_on_time": r["publicized_on_time"],
            "withdrawn": r["withdrawn"],
        }
        for r in rows
    }


EMPTY: dict[str, Any] = {
    "decisions": 0,
    "by_type": {},
    "penalty_amount": Decimal("0"),
    "must_publicize": 0,
    "publicized_on_time": 0,
    "withdrawn": 0,
}


def annual_summary(body: Any, year: int) -> dict[str, Any]:
    """One body's summary of ``year`` (one query)."""
    pk = getattr(body, "pk", body)
    return annual_summaries([pk], year).get(pk, dict(EMPTY))


def publish_annual_statistics(
    *, actor: Any, body: Any, year: int, on: date, request: Any = None
) -> AnnualStatistics:
    """公布执法数据年报: the body (its unit's staff, or the bureau) publishes the figures of its decisions of
    ``year`` as they stand on ``on``; published after 31 January of the next year it is kept and flagged
    late (国办发〔2018〕118号). Audited in the same transaction. (The page and API publish through
    the body's step ``annual_statistics`` of ``actions.BODY_WORKFLOW``, which calls ``record_annual``.)"""
    from .models import EnforcementBody

    if actor is not None:
        body = EnforcementBody.objects.visible_to(actor).filter(pk=getattr(body, "pk", body)).first()
        if body is None:
            raise ValidationError({"body": "执法主体不存在或无权查看"})
        ensure_can_write(actor, body.org, record=body)
    elif not isinstance(body, EnforcementBody):
        body = EnforcementBody.objects.get(pk=body)
    with transaction.atomic():
        return record_annual(actor=actor, body=body, year=year, on=on, request=request)


def annual_refusal(body: Any, year: int, on: date | None = None) -> str:
    """Why the 年报 of ``year`` cannot be published for ``body`` (on ``on``), in Chinese; "" when it can."""
    from .models import BodyStatus

    if body.status != BodyStatus.PUBLISHED:
        return "执法主体尚未确认公布，不能公布执法数据年报"
    if on is not None and on.year <= year:
        return f"{year}年度尚未结束，年报须在年度结束后公布"
    return ""


def record_annual(*, actor: Any, body: Any, year: int, on: date, request: Any = None) -> AnnualStatistics:
    """Compute and keep the 年报 of ``year`` for ``body`` (checked, saved, audited); the caller holds the
    transaction and has checked the actor's scope and role."""
    refusal = annual_refusal(body, year, on)
    if refusal:
        raise ValidationError({"year" if "年度" in refusal else "body": refusal})
    if AnnualStatistics.objects.filter(body=body, year=year).exists():
        raise ValidationError({"year": f"该执法主体{year}年度的执法数据年报已公布"})
    record = AnnualStatistics(
        org=body.org, body=body, year=year, published_on=on, **annual_summary(body, year)
    )
    record.full_clean()
    record.created_by = record.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save()
    audit.record(
        "enforcement.annual_statistics",
        actor=actor,
        obj=record,
        changes={"body": body.name, "year": year, "published_on": on.isoformat(), "late": record.late},
        request=request,
    )
    return record


def annual_rows(bodies: Any, year: int) -> list[dict[str, Any]]:
    """The 年报 page: each published body of ``bodies`` (a scoped queryset) with the figures of ``year``
    as they stand (one aggregate query) and its 年报 if published (one query) — three queries in all."""
    from .models import BodyStatus

    listed = list(bodies.filter(status=BodyStatus.PUBLISHED).select_related("org").order_by("name", "id"))
    ids = [b.pk for b in listed]
    sums = annual_summaries(ids, year) if ids else {}
    done = {a.body_id: a for a in AnnualStatistics.objects.filter(body_id__in=ids, year=year)} if ids else {}
    rows = []
    for b in listed:
        figures = sums.get(b.pk, EMPTY)
        rows.append(
            {
                "body": b,
                "figures": figures,
                "types": type_rows(figures["by_type"]),
                "published": done.get(b.pk),
            }
        )
    return rows


def demo_annual(bodies: list[Any], year: int, on: date, late_every: int = 10) -> int:
    """The demo's 年报 of ``year`` for each published body (one query for the figures, one insert); every
    ``late_every``-th body publishes ten days after the due day, so the portal shows the flag."""
    from datetime import timedelta

    from .models import BodyStatus

    published = [b for b in bodies if b.status == BodyStatus.PUBLISHED]
    sums = annual_summaries([b.pk for b in published], year)
    rows = [
        AnnualStatistics(
            org_id=b.org_id,
            body=b,
            year=year,
            published_on=annual_due(year) + timedelta(days=10) if i % late_every == late_every - 1 else on,
            **sums.get(b.pk, EMPTY),
        )
        for i, b in enumerate(published)
    ]
    AnnualStatistics.objects.bulk_create(rows)
    return len(rows)
