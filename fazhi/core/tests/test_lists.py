"""Every figure's drill-down is its list's URL with parameters the list's one FilterSet declares and
accepts (issue 10 item 5): a drill-down cannot drift from the filters the page, API and export use."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from fazhi.core.lists import ListFilterSet, bind
from fazhi.decisions.filters import DecisionFilterSet, ReviewFilterSet
from fazhi.disputes.filters import DisputeFilterSet
from fazhi.litigation.filters import CaseFilterSet as LitigationFilterSet
from fazhi.orgs.models import Role
from fazhi.reconsideration.filters import CaseFilterSet as ReconsiderationFilterSet
from fazhi.reports.figures import FigureQuery, Period, collect
from fazhi.testing.factories import bureau_unit, government, make_user
from fazhi.testing.sample_module.filters import SampleFilterSet

pytestmark = pytest.mark.django_db


def _filtersets() -> dict[str, type[ListFilterSet]]:
    return {
        reverse("reconsideration:case_list"): ReconsiderationFilterSet,
        reverse("litigation:case_list"): LitigationFilterSet,
        reverse("disputes:dispute_list"): DisputeFilterSet,
        reverse("decisions:decision_list"): DecisionFilterSet,
        reverse("decisions:review_list"): ReviewFilterSet,
        reverse("sample:record_list"): SampleFilterSet,  # the test-only module (fazhi.testing.sample_module)
    }


@pytest.mark.parametrize("scoped", [False, True])
def test_every_drilldown_uses_only_declared_valid_filters(scoped: bool) -> None:
    gov = government()
    user: Any = make_user(Role.BUREAU, bureau_unit(), username="bureau")
    figures = collect(FigureQuery(Period.year(2019), gov if scoped else None))
    filtersets = _filtersets()
    checked = 0
    for key, figure in figures.items():
        if not figure.drilldown:
            continue
        url = urlsplit(figure.drilldown)
        assert url.path in filtersets, f"{key}: drill-down {url.path} is not a list page"
        fs_class = filtersets[url.path]
        params = parse_qs(url.query, keep_blank_values=True)
        assert set(params) <= set(fs_class.base_filters), f"{key}: {set(params) - set(fs_class.base_filters)}"
        fs = bind(fs_class, params, fs_class._meta.model.objects.all(), user=user)
        assert fs.is_valid(), f"{key}: {fs.errors.as_json()}"
        checked += 1
    assert checked >= 20  # every module contributes its drill-downs


def test_unbound_list_uses_the_default_sort_and_reports_no_errors() -> None:
    user: Any = make_user(Role.BUREAU, bureau_unit(), username="bureau")
    fs = bind(DisputeFilterSet, {}, DisputeFilterSet._meta.model.objects.all(), user=user)
    assert fs.sort == ("-opened_on", DisputeFilterSet.SORTS["-opened_on"])
    assert fs.error_messages() == []
    fs = bind(
        DisputeFilterSet,
        {"sort": "id", "opened_from": "x"},
        DisputeFilterSet._meta.model.objects.all(),
        user=user,
    )
    assert fs.sort[0] == "id" and fs.error_messages() == ["受理自：输入一个有效的日期。"]
