"""The case list's one filter declaration (``filters.CaseFilterSet``, issue 10 item 5): page, API and
export give the same records for the same parameters; figure drill-downs through all three list
exactly the counted records; constant query counts; bad input is a Chinese message, never a 500."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db.models import Q
from django.urls import reverse

from fazhi.core.actions import TRUSTED, run
from fazhi.litigation import stats
from fazhi.litigation.actions import WORKFLOW
from fazhi.litigation.models import LitigationCase, Outcome, judgment_kind_for
from fazhi.reports.figures import FigureQuery, Period
from fazhi.testing.clients import api, page
from fazhi.testing.factories import make_litigation_case as new_case
from fazhi.testing.lists import api_keys, export_keys, page_keys

pytestmark = pytest.mark.django_db

LIST = reverse("litigation:case_list")
EXPORT = reverse("litigation:case_export")
API = "/api/v1/litigation/cases/"
ROW = r'data-case-id="(\d+)"'
OUTCOMES = [Outcome.REVOKED, Outcome.CLAIM_REJECTED, Outcome.WITHDRAWN, Outcome.MEDIATED]


@pytest.fixture
def cases(units: dict[str, Any], bureau: Any) -> list[LitigationCase]:
    """36 cases over 2019 in two units; two in three judged, with a session for every other one."""
    out = []
    for i in range(36):
        served = date(2019, 1, 7) + timedelta(days=9 * i)
        case = new_case(bureau, units["d01" if i % 3 else "d02"], units["court"], served)
        run(
            WORKFLOW,
            "record_answer",
            case,
            actor=bureau,
            data={"date": served + timedelta(days=5)},
            version=TRUSTED,
        )
        if i % 2:
            run(WORKFLOW, "add_session", case, actor=bureau, data={"date": served + timedelta(days=20), "head_appeared": False, "head_name": "", "head_post": "", "absence_reason": "出差"}, version=TRUSTED)  # fmt: skip
        if i % 3 != 2:
            outcome = OUTCOMES[i % len(OUTCOMES)]
            run(WORKFLOW, "judge", case, actor=bureau, data={"date": served + timedelta(days=40), "outcome": outcome, "kind": judgment_kind_for(outcome) or "judgment"}, version=TRUSTED)  # fmt: skip
        out.append(case)
    return out


def _three_ways(bureau: Any, params: dict[str, Any] | str) -> tuple[set[str], set[str], set[str]]:
    by_number = {c.court_case_number: str(c.pk) for c in LitigationCase.objects.all()}
    on_page = page_keys(page(bureau), LIST, params, ROW)
    on_api = api_keys(api(bureau), API, params)
    exported = {by_number[n] for n in export_keys(page(bureau), EXPORT, params, "法院案号")}
    return on_page, on_api, exported


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "judged"},
        {"loss": "1", "served_from": "2019-03-01"},
        {"org": "d01", "concluded_from": "2019-04-01", "concluded_to": "2019-09-30"},
        {"q": "（2019）浙0381行初"},
    ],
)
def test_same_parameters_same_records_on_page_api_and_export(cases, units, bureau, params) -> None:  # type: ignore[no-untyped-def]
    if "org" in params:
        params = {**params, "org": units[params["org"]].pk}
    on_page, on_api, exported = _three_ways(bureau, params)
    assert on_page == on_api == exported
    assert on_page  # every parameter set selects something, so equality is not vacuous


@pytest.mark.parametrize(
    "key", ["litigation.received", "litigation.concluded", "litigation.lost", "litigation.heard"]
)
def test_drilldown_lists_exactly_the_counted_records_everywhere(cases, units, bureau, key) -> None:  # type: ignore[no-untyped-def]
    query = FigureQuery(Period.year(2019), units["gov"])
    figure = {f.key: f for f in stats.figures(query)}[key]
    definition = {d.key: d for d in stats.FIGURES.definitions()}[key]
    counted = {
        str(pk)
        for pk in LitigationCase.objects.filter(stats.scope_q(units["gov"]))
        .filter(definition.where(query.period))
        .values_list("pk", flat=True)
    }
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
        assert c.get(LIST, {"status": "judged", "served_from": "2019-01-01"}).status_code == 200
    # session, user, scope, page of cases with unit/court/accountability, plaintiffs, sessions, co-defendants
    with django_assert_max_num_queries(12):
        assert a.get(API, {"status": "judged", "served_from": "2019-01-01"}).status_code == 200


def test_bad_filter_input_is_a_chinese_message_not_a_500(cases, bureau) -> None:  # type: ignore[no-untyped-def]
    bad = {"served_from": "2019-13-45", "status": "nonsense", "org": "x", "cursor": "garbage"}
    resp = page(bureau).get(LIST, bad)
    html = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="filter-errors"' in html
    assert "收到起诉状自" in html and 'data-testid="invalid-cursor"' in html
    # the invalid parameters are dropped, so the first page of every case is shown
    assert len(page_keys(page(bureau), LIST, bad, ROW)) == len(cases)
    resp = api(bureau).get(API, {"served_from": "2019-13-45", "status": "nonsense"})
    assert resp.status_code == 400
    body = resp.json()
    assert set(body) >= {"served_from", "status"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in msg) for msgs in body.values() for msg in msgs)
    assert page(bureau).get(EXPORT, bad).status_code == 200


def test_session_range_is_one_condition(cases, bureau) -> None:  # type: ignore[no-untyped-def]
    """heard_from/heard_to select cases with one session inside the range, not one after the start
    and another before the end (the figure counts sessions held within the period)."""
    held = {c.pk: list(c.sessions.values_list("held_on", flat=True)) for c in cases}
    params = {"heard_from": "2019-05-01", "heard_to": "2019-06-30"}
    expected = {
        str(pk) for pk, days in held.items() if any(date(2019, 5, 1) <= d <= date(2019, 6, 30) for d in days)
    }
    assert page_keys(page(bureau), LIST, params, ROW) == expected != set()
    assert LitigationCase.objects.filter(Q(pk__in=[int(k) for k in expected])).count() == len(expected)
