"""Every figure's drill-down is its list's URL with parameters the list's one FilterSet declares and
accepts (issue 10 item 5): a drill-down cannot drift from the filters the page, API and export use."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from fazhi.core.figures import FigureQuery, Period, collect, providers
from fazhi.core.lists import ListFilterSet, bind
from fazhi.disputes.filters import DisputeFilterSet
from fazhi.orgs.models import Role
from fazhi.testing.clients import page
from fazhi.testing.factories import bureau_unit, government, make_user

pytestmark = pytest.mark.django_db


def _filterset_of(user: Any, path: str) -> type[ListFilterSet]:
    """The FilterSet the list page at ``path`` binds (read from the page it renders, so a new module's
    list is found without being named here)."""
    resp = page(user).get(path)
    assert resp.status_code == 200, path
    fs = resp.context["filterset"] if resp.context and "filterset" in resp.context else None
    assert isinstance(fs, ListFilterSet), f"{path} is not a list page built on core.lists"
    return type(fs)


@pytest.mark.parametrize("scoped", [False, True])
def test_every_drilldown_uses_only_declared_valid_filters(scoped: bool) -> None:
    gov = government()
    user: Any = make_user(Role.BUREAU, bureau_unit(), username="bureau")
    figures = collect(FigureQuery(Period.year(2019), gov if scoped else None))
    filtersets: dict[str, type[ListFilterSet]] = {}
    checked: set[str] = set()
    for key, figure in figures.items():
        if not figure.drilldown:
            continue
        url = urlsplit(figure.drilldown)
        if url.path not in filtersets:
            filtersets[url.path] = _filterset_of(user, url.path)
        fs_class = filtersets[url.path]
        params = parse_qs(url.query, keep_blank_values=True)
        assert set(params) <= set(fs_class.base_filters), f"{key}: {set(params) - set(fs_class.base_filters)}"
        fs = bind(fs_class, params, fs_class._meta.model.objects.all(), user=user)
        assert fs.is_valid(), f"{key}: {fs.errors.as_json()}"
        checked.add(key)
    assert len(checked) >= 20
    # every module with figures contributes its drill-downs (the providers are the manifests' figures)
    assert (
        {k.split(".", 1)[0] for k in checked}
        == {p.module for p in providers()}
        >= {
            "reconsideration",
            "litigation",
            "disputes",
        }
    )


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
