"""行政执法's part of the 季度通报 (beside 行政应诉's ranking): the enforcement bodies of the scope ranked by
their decisions' 公示 on-time rate (RULES §6: on time within 7 or 20 working days, base the decisions that
must be publicized), then by problems per decision; bodies below the threshold (setting
``FAZHI_ENFORCEMENT["circular_threshold"]``, default 90%) are named and highlighted.

The per-body counts, rates and order are one grouped SQL query; only the shared ranks are numbered here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, F, FloatField, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse

from fazhi.core.figures import (
    BulletinPart,
    BulletinSection,
    BulletinTable,
    BulletinTableRow,
    Period,
    rate,
)
from fazhi.core.lists import unit_scope_q

from .filters import must_publicize_q, on_time_q
from .models import EnforcementAction

DEFAULT_THRESHOLD = 0.9


def threshold() -> float:
    return float(
        {"circular_threshold": DEFAULT_THRESHOLD, **getattr(settings, "FAZHI_ENFORCEMENT", {})}[
            "circular_threshold"
        ]
    )


@dataclass(frozen=True)
class BodyRow:
    rank: int
    body_id: int
    body_name: str
    org_name: str
    decisions: int
    must_publicize: int
    on_time: int
    rate: float | None
    problems: int
    problems_per_decision: float
    drilldown: str


def _ratio(num: Any, den: Any) -> Any:
    return Cast(num, FloatField()) / NullIf(Cast(den, FloatField()), Value(0.0))


def ranking(period: Period, org: Any = None) -> list[BodyRow]:
    """The bodies that decided in ``period`` within ``org``'s subtree, best first: 公示 on-time rate
    (bodies with nothing to publicize last), then fewer problems per decision, then name."""
    must = must_publicize_q()
    rows = (
        EnforcementAction.objects.filter(
            unit_scope_q(org), decided_on__gte=period.start, decided_on__lte=period.end
        )
        .values("body_id", "body__name", "org__name")
        .annotate(
            decisions=Count("id"),
            must=Count("id", filter=must),
            on_time=Count("id", filter=must & on_time_q()),
            problems=Coalesce(Sum("problem_count"), 0),
        )
        .annotate(rate=_ratio(F("on_time"), F("must")), per=_ratio(F("problems"), F("decisions")))
        .order_by(F("rate").desc(nulls_last=True), "per", "body__name", "body_id")
    )
    out: list[BodyRow] = []
    prev: tuple[Any, Any] | None = None
    rank = 0
    base = reverse("enforcement:action_list")
    for i, r in enumerate(rows, start=1):
        rt = rate(r["on_time"], r["must"])
        per = round(r["per"] or 0.0, 4)
        if (rt, per) != prev:
            rank, prev = i, (rt, per)
        params = [("body", r["body_id"]), ("decided_from", period.start), ("decided_to", period.end)]
        out.append(
            BodyRow(
                rank,
                r["body_id"],
                r["body__name"],
                r["org__name"],
                r["decisions"],
                r["must"],
                r["on_time"],
                rt,
                r["problems"],
                per,
                base + "?" + urlencode(params),
            )
        )
    return out


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def quarterly_section(period: Period, org: Any, **options: Any) -> BulletinPart | None:
    """季度通报: the bodies ranked, those below the threshold named; nothing when no decision was made."""
    rows = ranking(period, org)
    if not rows:
        return None
    limit = float(options.get("enforcement_threshold") or threshold())
    low = [r for r in rows if r.rate is not None and r.rate < limit]
    must = sum(r.must_publicize for r in rows)
    on_time = sum(r.on_time for r in rows)
    decisions = sum(r.decisions for r in rows)
    problems = sum(r.problems for r in rows)
    total_rate = rate(on_time, must)
    paragraphs: list[list[Any]] = [
        [
            f"本季度，{len(rows)}个行政执法主体作出行政执法决定{decisions}件，其中应公示{must}件、"
            f"按时公示{on_time}件，按时公示率{_pct(total_rate)}（以应公示的执法决定为基数）；"
            f"发现执法问题{problems}个。"
        ],
        [
            f"执法决定按时公示率低于{_pct(limit)}的执法主体："
            + "、".join(r.body_name for r in low)
            + "。请上述执法主体严格落实行政执法公示制度。"
        ]
        if low
        else [f"各执法主体执法决定按时公示率均不低于{_pct(limit)}。"],
    ]
    table = BulletinTable(
        "行政执法公示情况排名",
        [
            "排名",
            "执法主体",
            "所在单位",
            "执法决定",
            "应公示",
            "按时公示",
            "按时公示率",
            "问题数",
            "每件决定问题数",
        ],
        [
            BulletinTableRow(
                [
                    r.rank,
                    r.body_name,
                    r.org_name,
                    r.decisions,
                    r.must_publicize,
                    r.on_time,
                    _pct(r.rate),
                    r.problems,
                    f"{r.problems_per_decision:.2f}",
                ],
                highlight=r in low,
                drilldown=r.drilldown,
            )
            for r in rows
        ],
        [
            "",
            "合计",
            "",
            decisions,
            must,
            on_time,
            _pct(total_rate),
            problems,
            f"{problems / decisions:.2f}",
        ],
    )
    return BulletinPart(paragraphs, [table])


BULLETIN_SECTIONS = [BulletinSection("quarterly", "enforcement", quarterly_section, order=20)]
