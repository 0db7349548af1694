"""API conventions (issue: foundation §7): scoped orgs, keyset pages up to 500, Chinese JSON errors."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.factories import OrgUnitFactory, department, government, make_user

pytestmark = pytest.mark.django_db


def test_orgs_list_is_scoped_and_paginated(client) -> None:  # type: ignore[no-untyped-def]
    gov = government()
    d1 = department()
    for i in range(7):
        OrgUnitFactory(code=f"s{i}", parent=d1)
    client.force_login(make_user(Role.CLERK, d1))
    first = client.get("/api/v1/orgs/", {"page_size": 3}).json()
    assert len(first["results"]) == 3 and first["next"] and "count" not in first
    ids: list[int] = [r["id"] for r in first["results"]]
    nxt = first["next"]
    while nxt:
        page = client.get(nxt).json()
        ids += [r["id"] for r in page["results"]]
        nxt = page["next"]
    assert sorted(ids) == sorted(
        OrgUnit.objects.filter(path__startswith=d1.path).values_list("id", flat=True)
    )
    assert gov.pk not in ids
    row = first["results"][0]
    assert set(row) >= {"id", "name", "kind", "parent"}


def test_page_size_is_capped_at_500(client) -> None:  # type: ignore[no-untyped-def]
    government()
    for i in range(3):
        department(f"d{i:02d}", f"局{i}")
    client.force_login(make_user(Role.BUREAU))
    data = client.get("/api/v1/orgs/", {"page_size": 100000}).json()
    assert len(data["results"]) == OrgUnit.objects.count() <= 500


def test_errors_are_chinese_json(client) -> None:  # type: ignore[no-untyped-def]
    anon = client.get("/api/v1/me/")
    assert anon.status_code in (401, 403) and anon.json()["detail"] == "请先登录"
    client.force_login(make_user(Role.BUREAU))
    resp = client.get("/api/v1/orgs/999999/")
    assert resp.status_code == 404 and resp.json()["detail"] == "记录不存在或您无权查看"
    bad = client.get("/api/v1/orgs/", {"cursor": "garbage"})
    # 8.8: a malformed cursor is a 400 in Chinese (it was a 404, and a tampered one a 500)
    assert bad.status_code == 400 and "分页游标无效" in bad.json()["cursor"][0]


def test_anonymous_token_endpoint_is_throttled(client, settings) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "1000/min"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    api_settings.reload()
    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        codes = [
            client.post("/api/v1/auth/token/", {"username": f"x{i}", "password": "y"}).status_code
            for i in range(5)
        ]
        assert codes[:3] == [400, 400, 400] and codes[-1] == 429
        assert (
            "请求过于频繁"
            in client.post("/api/v1/auth/token/", {"username": "z", "password": "y"}).json()["detail"]
        )
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()
