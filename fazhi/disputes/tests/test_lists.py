"""The dispute list's one filter declaration (``filters.DisputeFilterSet``, issue 10 item 5): page,
API and export give the same records for the same parameters; figure drill-downs through all three
list exactly the counted records; constant query counts; bad input is a Chinese message, not a 500."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from fazhi.core.actions import TRUSTED, run
from fazhi.disputes import services, stats
from fazhi.disputes.actions import WORKFLOW
from fazhi.disputes.models import Channel, Dispute, Source
from fazhi.reports.figures import FigureQuery, Period
from fazhi.testing.clients import api, page
from fazhi.testing.lists import api_keys, export_keys, page_keys

pytestmark = pytest.mark.django_db

LIST = reverse("disputes:dispute_list")
EXPORT = reverse("disputes:dispute_export")
API = "/api/v1/disputes/"
ROW = r'data-dispute-id="(\d+)"'


@pytest.fixture
def disputes(units: dict[str, Any], bureau: Any) -> list[Dispute]:
    """30 disputes over 2019 in two units; four in five closed, every other closed one resolved."""
    out = []
    channels = Channel.values
    for i in range(30):
        opened = date(2019, 1, 3) + timedelta(days=11 * i)
        d = services.create_dispute(
            actor=bureau,
            data=dict(
                org=units["d01" if i % 3 else "d02"],
                source=Source.values[i % len(Source.values)],
                channel=channels[i % len(channels)],
                opened_on=opened,
                summary="争议",
            ),
        )
        if i % 5:
            data = {"date": opened + timedelta(days=15), "resolved": bool(i % 2)}
            run(WORKFLOW, "close", d, actor=bureau, data=data, version=TRUSTED)
        out.append(d)
    return out


def _three_ways(bureau: Any, params: dict[str, Any] | str) -> tuple[set[str], set[str], set[str]]:
    by_number = {d.number: str(d.pk) for d in Dispute.objects.all()}
    on_page = page_keys(page(bureau), LIST, params, ROW)
    on_api = api_keys(api(bureau), API, params)
    exported = {by_number[n] for n in export_keys(page(bureau), EXPORT, params, "编号")}
    return on_page, on_api, exported


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "closed", "resolved": "0"},
        {"org": "d01", "opened_from": "2019-03-01", "opened_to": "2019-10-31"},
        {"channel": Channel.COURT, "closed_from": "2019-02-01"},
    ],
)
def test_same_parameters_same_records_on_page_api_and_export(disputes, units, bureau, params) -> None:  # type: ignore[no-untyped-def]
    if "org" in params:
        params = {**params, "org": units[params["org"]].pk}
    on_page, on_api, exported = _three_ways(bureau, params)
    assert on_page == on_api == exported
    assert on_page


@pytest.mark.parametrize(
    "key", ["disputes.handled", "disputes.resolved", f"disputes.resolved_by_channel.{Channel.COURT}"]
)
def test_drilldown_lists_exactly_the_counted_records_everywhere(disputes, units, bureau, key) -> None:  # type: ignore[no-untyped-def]
    query = FigureQuery(Period.year(2019), units["gov"])
    figure = {f.key: f for f in stats.figures(query)}[key]
    definition = {d.key: d for d in stats.FIGURES.definitions()}[key]
    counted = {
        str(pk)
        for pk in Dispute.objects.filter(stats.scope_q(units["gov"]))
        .filter(definition.where(query.period))
        .values_list("pk", flat=True)
    }
    url = urlsplit(figure.drilldown)
    assert url.path == LIST
    on_page, on_api, exported = _three_ways(bureau, url.query)
    assert figure.value == len(counted) > 0
    assert on_page == on_api == exported == counted


def test_list_page_and_api_list_take_a_constant_number_of_queries(
    disputes, bureau, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    c, a = page(bureau), api(bureau)
    with django_assert_max_num_queries(13):
        assert c.get(LIST, {"status": "closed"}).status_code == 200
    with django_assert_max_num_queries(10):
        assert a.get(API, {"status": "closed"}).status_code == 200


def test_bad_filter_input_is_a_chinese_message_not_a_500(disputes, bureau) -> None:  # type: ignore[no-untyped-def]
    bad = {"opened_from": "not-a-date", "resolved": "maybe", "scope": "999999"}
    resp = page(bureau).get(LIST, bad)
    html = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="filter-errors"' in html and "受理自" in html
    assert len(page_keys(page(bureau), LIST, bad, ROW)) == len(disputes)
    resp = api(bureau).get(API, bad)
    assert resp.status_code == 400
    body = resp.json()
    assert set(body) >= {"opened_from", "resolved", "scope"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in msg) for msgs in body.values() for msg in msgs)
    assert page(bureau).get(EXPORT, bad).status_code == 200
