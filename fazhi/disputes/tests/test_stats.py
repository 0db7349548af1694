"""Dispute figures (FIGURES.md 行政争议化解): values, drill-downs, channel split, scope and breakdown."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.core.actions import TRUSTED, run
from fazhi.disputes import services, stats
from fazhi.disputes.actions import WORKFLOW
from fazhi.disputes.models import Channel, Source
from fazhi.reports.figures import FigureQuery, Period, collect, rate

pytestmark = pytest.mark.django_db
LIST = reverse("disputes:dispute_list")


def listed_ids(client: Client, url: str) -> set[int]:
    ids: set[int] = set()
    while url:
        html = client.get(url).content.decode()
        ids |= {int(i) for i in re.findall(r'data-dispute-id="(\d+)"', html)}
        m = re.search(r'href="(\?[^"]*cursor=[^"]+)" data-testid="next-page"', html)
        url = (LIST + m.group(1).replace("&amp;", "&")) if m else ""
    return ids


@pytest.fixture
def specs(units, bureau) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    out = []
    for i in range(70):
        opened = date(2018, 10, 1) + timedelta(days=rng.randrange(500))
        unit = "d01" if i % 2 else "d02"
        channel = rng.choice(Channel.values)
        d = services.create_dispute(
            actor=bureau,
            data=dict(
                org=units[unit],
                source=rng.choice(Source.values),
                channel=channel,
                opened_on=opened,
                summary="争议",
            ),
        )
        closed, resolved = None, None
        if rng.random() < 0.8:
            closed, resolved = opened + timedelta(days=rng.randint(0, 90)), rng.random() < 0.6
            run(
                WORKFLOW,
                "close",
                d,
                actor=bureau,
                data={"date": closed, "resolved": resolved},
                version=TRUSTED,
            )
        out.append({"id": d.pk, "unit": unit, "channel": channel, "closed": closed, "resolved": resolved})
    return out


def expected(specs: list[dict[str, Any]], p: Period, unit: str | None = None) -> dict[str, set[int]]:
    handled = [
        s
        for s in specs
        if (unit is None or s["unit"] == unit) and s["closed"] and p.start <= s["closed"] <= p.end
    ]
    out = {
        "disputes.handled": {s["id"] for s in handled},
        "disputes.resolved": {s["id"] for s in handled if s["resolved"]},
    }
    for ch in Channel.values:
        out[f"disputes.resolved_by_channel.{ch}"] = {
            s["id"] for s in handled if s["resolved"] and s["channel"] == ch
        }
    return out


@pytest.mark.parametrize("period", [Period.year(2019), Period.quarter(2019, 2), Period.month(2019, 11)])
def test_figures_and_drilldowns(specs, bureau, period) -> None:  # type: ignore[no-untyped-def]
    figs = collect(FigureQuery(period))
    exp = expected(specs, period)
    c = Client()
    c.force_login(bureau)
    for key, ids in exp.items():
        assert figs[key].value == len(ids), key
        assert listed_ids(c, figs[key].drilldown) == ids, key
    assert figs["disputes.resolution_rate"].value == rate(
        len(exp["disputes.resolved"]), len(exp["disputes.handled"])
    )
    by_channel = sum(len(exp[f"disputes.resolved_by_channel.{ch}"]) for ch in Channel.values)
    assert by_channel == len(exp["disputes.resolved"])


def test_scope_and_breakdown(specs, units, bureau, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    p = Period.year(2019)
    with django_assert_max_num_queries(1):
        scoped = {f.key: f for f in stats.figures(FigureQuery(p, units["d01"]))}
    exp = expected(specs, p, "d01")
    c = Client()
    c.force_login(bureau)
    for key, ids in exp.items():
        assert scoped[key].value == len(ids)
        assert listed_ids(c, scoped[key].drilldown) == ids
    rows = {r.org_id: r for r in stats.breakdown(FigureQuery(p), "disputes.resolved", "org")}
    for unit in ("d01", "d02"):
        ids = expected(specs, p, unit)["disputes.resolved"]
        assert rows[units[unit].pk].value == len(ids)
        assert listed_ids(c, rows[units[unit].pk].drilldown) == ids
    channels = stats.breakdown(FigureQuery(p), "disputes.resolved", "channel")
    assert sum(r.value for r in channels) == len(expected(specs, p)["disputes.resolved"])


def test_rate_is_none_without_handled_disputes(units) -> None:  # type: ignore[no-untyped-def]
    figs = {f.key: f for f in stats.figures(FigureQuery(Period.year(2019)))}
    assert figs["disputes.handled"].value == 0 and figs["disputes.resolution_rate"].value is None
    assert figs["disputes.resolution_rate"].display() == "—"
