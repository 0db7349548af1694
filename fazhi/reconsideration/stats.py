"""Figures of 行政复议 (FIGURES.md) as SQL aggregates, each with the list filter that selects its records.

All counts of a period come from one ``aggregate()`` with conditional ``Count(filter=Q())``; a
breakdown is one ``values(dimension).annotate(Count)``. ``sued_after``/``sued_after_rate`` belong
to the litigation module, which owns the link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from fazhi.reports.figures import BreakdownRow, Figure, FigureQuery, rate

from .models import OUTCOME_GROUPS, ActCategory, Field, Outcome, ReconsiderationCase
from .selectors import carried_over_q, overdue_in_period_q

SUBSTANTIVE = (*OUTCOME_GROUPS["corrected"][1], Outcome.MEDIATED, Outcome.WITHDRAWN)
DIMENSIONS = {"org": "被申请人", "field": "管理领域", "act_category": "行为类别"}


@dataclass(frozen=True)
class CountSpec:
    key: str
    label: str
    q: Q
    params: list[tuple[str, str]]


def _range(name: str, query: FigureQuery) -> tuple[Q, list[tuple[str, str]]]:
    p = query.period
    return (
        Q(**{f"{name}_on__gte": p.start, f"{name}_on__lte": p.end}),
        [(f"{name}_from", p.start.isoformat()), (f"{name}_to", p.end.isoformat())],
    )


def count_specs(query: FigureQuery) -> list[CountSpec]:
    """The count figures of a period: key, label, SQL condition and the list-page parameters."""
    p = query.period
    received, received_p = _range("received", query)
    accepted, accepted_p = _range("accepted", query)
    declined, declined_p = _range("declined", query)
    concluded, concluded_p = _range("concluded", query)

    def group(name: str) -> tuple[Q, list[tuple[str, str]]]:
        return concluded & Q(outcome__in=OUTCOME_GROUPS[name][1]), [*concluded_p, ("outcome_group", name)]

    specs = [
        CountSpec("received", "收到复议申请", received, received_p),
        CountSpec("accepted", "受理", accepted, accepted_p),
        CountSpec("declined", "不予受理", declined, declined_p),
        CountSpec(
            "carried_over", "上年度结转", carried_over_q(p.start), [("carried_over", p.start.isoformat())]
        ),
        CountSpec("concluded", "审结", concluded, concluded_p),
    ]
    for name, label in (
        ("upheld", "维持"),
        ("rejected", "驳回"),
        ("corrected", "纠错"),
        ("withdrawn", "撤回"),
        ("other", "其他方式审结"),
    ):
        q, params = group(name)
        specs.append(CountSpec(name, label, q, params))
    specs.append(
        CountSpec(
            "mediated",
            "调解结案",
            concluded & Q(outcome=Outcome.MEDIATED),
            [*concluded_p, ("outcome", Outcome.MEDIATED)],
        )
    )
    specs.append(
        CountSpec(
            "substantive",
            "纠错、调解与撤回",
            concluded & Q(outcome__in=SUBSTANTIVE),
            [*concluded_p, *[("outcome", o) for o in SUBSTANTIVE]],
        )
    )
    specs.append(
        CountSpec(
            "overdue",
            "超期",
            overdue_in_period_q(p.start, p.end),
            [("overdue_from", p.start.isoformat()), ("overdue_to", p.end.isoformat())],
        )
    )
    return specs


def scoped(query: FigureQuery) -> tuple[QuerySet[ReconsiderationCase], list[tuple[str, str]]]:
    qs = ReconsiderationCase.objects.all()
    if query.org is not None:
        return qs.filter(org__path__startswith=query.org.path), [("scope", str(query.org.pk))]
    return qs, []


def drilldown(params: list[tuple[str, str]]) -> str:
    return reverse("reconsideration:case_list") + "?" + urlencode(params)


def counts(query: FigureQuery) -> dict[str, int]:
    """All counts of the period in one query."""
    qs, _ = scoped(query)
    specs = count_specs(query)
    return qs.aggregate(**{s.key: Count("id", filter=s.q) for s in specs})


def figures(query: FigureQuery) -> list[Figure]:
    """Every ``reconsideration.*`` figure of FIGURES.md (except sued_after*, see module docstring)."""
    _, scope_p = scoped(query)
    values = counts(query)
    out = []
    by_key = {s.key: s for s in count_specs(query)}
    for key, spec in by_key.items():
        if key == "substantive":
            continue
        out.append(
            Figure(f"reconsideration.{key}", spec.label, values[key], "件", drilldown(scope_p + spec.params))
        )
    base = "以审结数为基数"
    out.append(
        Figure(
            "reconsideration.correction_rate",
            "直接纠错率",
            rate(values["corrected"], values["concluded"]),
            "%",
            drilldown(scope_p + by_key["corrected"].params),
            base,
            "reconsideration.corrected",
            "reconsideration.concluded",
        )
    )
    out.append(
        Figure(
            "reconsideration.substantive_resolution_rate",
            "综合化解率",
            rate(values["substantive"], values["concluded"]),
            "%",
            drilldown(scope_p + by_key["substantive"].params),
            base,
            "reconsideration.corrected+mediated+withdrawn",
            "reconsideration.concluded",
        )
    )
    return out


def _labels(dimension: str) -> dict[Any, str]:
    return {"field": dict(Field.choices), "act_category": dict(ActCategory.choices)}.get(dimension, {})


def breakdown(query: FigureQuery, key: str, dimension: str) -> list[BreakdownRow]:
    """A count figure per respondent unit (``org``), ``field`` or ``act_category``; rates give []."""
    short = key.removeprefix("reconsideration.")
    spec = {s.key: s for s in count_specs(query)}.get(short)
    if spec is None or dimension not in DIMENSIONS:
        return []
    qs, scope_p = scoped(query)
    if dimension == "org":
        rows = qs.filter(spec.q).values("org", "org__name").annotate(n=Count("id")).order_by("-n", "org")
        return [
            BreakdownRow(
                r["org__name"], r["n"], drilldown(scope_p + spec.params + [("org", str(r["org"]))]), r["org"]
            )
            for r in rows
        ]
    labels = _labels(dimension)
    rows = qs.filter(spec.q).values(dimension).annotate(n=Count("id")).order_by("-n", dimension)
    return [
        BreakdownRow(
            labels.get(r[dimension], r[dimension]),
            r["n"],
            drilldown(scope_p + spec.params + [(dimension, r[dimension])]),
        )
        for r in rows
    ]


def party_names(query: FigureQuery) -> list[str]:
    """Names of the parties (申请人、第三人、代理人) of the cases received, accepted, declined or concluded
    in the period, in scope — what a publication must not show (issue 8 item 6)."""
    from .models import Party

    qs, _ = scoped(query)
    in_period = Q()
    for name in ("received", "accepted", "declined", "concluded"):
        in_period |= _range(name, query)[0]
    cases = qs.filter(in_period).values("pk")
    return list(Party.objects.filter(case__in=cases).values_list("name", flat=True).distinct())
