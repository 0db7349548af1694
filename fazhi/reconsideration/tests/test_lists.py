"""The case list's one filter declaration (``filters.CaseFilterSet``, issue 10 item 5): page, API and
export give the same records for the same parameters; figure drill-downs through all three list
exactly the counted records; constant query counts; bad input is a Chinese message, never a 500."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from fazhi.reconsideration import stats
from fazhi.reconsideration.models import Outcome, ReconsiderationCase
from fazhi.reports.figures import FigureQuery, Period
from fazhi.testing.clients import api, page
from fazhi.testing.lists import api_keys, export_keys, page_keys

pytestmark = pytest.mark.django_db

LIST = reverse("reconsideration:case_list")
EXPORT = reverse("reconsideration:case_export")
API = "/api/v1/reconsideration/cases/"
ROW = r'data-case="([^"]+)"'
OUTCOMES = [Outcome.UPHELD, Outcome.REVOKED, Outcome.REJECTED_CLAIM, Outcome.WITHDRAWN]


@pytest.fixture
def cases(concluded: Any, police: Any, land: Any) -> list[ReconsiderationCase]:
    """32 cases received from late 2022 over 2023, for two respondents; three in four concluded."""
    out = []
    for i in range(32):
        received = date(2022, 11, 1) + timedelta(days=12 * i)
        out.append(
            concluded(
                received,
                received + timedelta(days=3),
                received + timedelta(days=50) if i % 4 else None,
                OUTCOMES[i % len(OUTCOMES)],
                respondent=land if i % 3 == 0 else police,
            )
        )
    return out


def _three_ways(bureau: Any, params: dict[str, Any] | str) -> tuple[set[str], set[str], set[str]]:
    on_page = page_keys(page(bureau), LIST, params, ROW)
    on_api = api_keys(api(bureau), API, params, key="number")
    exported = export_keys(page(bureau), EXPORT, params, "案号")
    return on_page, on_api, exported


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "concluded", "outcome": [Outcome.UPHELD, Outcome.REVOKED]},
        {"org": "land", "received_from": "2023-02-01"},
        {"outcome_group": "corrected", "concluded_to": "2023-12-31"},
    ],
)
def test_same_parameters_same_records_on_page_api_and_export(cases, land, bureau, params) -> None:  # type: ignore[no-untyped-def]
    if "org" in params:
        params = {**params, "org": land.pk}
    on_page, on_api, exported = _three_ways(bureau, params)
    assert on_page == on_api == exported
    assert on_page


@pytest.mark.parametrize("key", ["received", "concluded", "corrected", "carried_over"])
def test_drilldown_lists_exactly_the_counted_records_everywhere(cases, gov, bureau, key) -> None:  # type: ignore[no-untyped-def]
    query = FigureQuery(Period.year(2023), gov)
    figure = {f.key: f for f in stats.figures(query)}[f"reconsideration.{key}"]
    spec = {d.key: d for d in stats.FIGURES.definitions()}[f"reconsideration.{key}"]
    scoped = (spec.queryset or stats.FIGURES.queryset)(query)
    counted = set(scoped.filter(spec.where(query.period)).values_list("number", flat=True))
    url = urlsplit(figure.drilldown)
    assert url.path == LIST
    on_page, on_api, exported = _three_ways(bureau, url.query)
    assert figure.value == len(counted) > 0
    assert on_page == on_api == exported == counted


def test_list_page_and_api_list_take_a_constant_number_of_queries(
    cases, bureau, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    c, a = page(bureau), api(bureau)
    with django_assert_max_num_queries(14):
        assert c.get(LIST, {"status": "concluded", "received_from": "2023-01-01"}).status_code == 200
    # session, user, scope, page of cases with respondent, parties, corrections, suspensions, hearings
    with django_assert_max_num_queries(12):
        assert a.get(API, {"status": "concluded", "received_from": "2023-01-01"}).status_code == 200


def test_bad_filter_input_is_a_chinese_message_not_a_500(cases, bureau) -> None:  # type: ignore[no-untyped-def]
    bad = {"received_from": "2023-02-30", "outcome": ["upheld", "nonsense"], "sort": "password"}
    resp = page(bureau).get(LIST, bad)
    html = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="filter-errors"' in html and "收到日期自" in html
    assert len(page_keys(page(bureau), LIST, bad, ROW)) == len(cases)
    resp = api(bureau).get(API, {"received_from": "2023-02-30", "outcome": "nonsense"})
    assert resp.status_code == 400
    body = resp.json()
    assert set(body) >= {"received_from", "outcome"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in msg) for msgs in body.values() for msg in msgs)
    assert page(bureau).get(EXPORT, bad).status_code == 200
