"""Cross-module links through the registry (issue 10 item 6): a link is resolved through the target
module's selector, so a user who may not see the target gets "无权查看" and never its data, and a page of
records resolves its links with one query per kind."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core import links
from fazhi.disputes import services as dispute_services
from fazhi.litigation.models import LitigationCase
from fazhi.testing.clients import api, page

from .test_recon_link import recon

pytestmark = pytest.mark.django_db


def dispute(actor: Any, org: Any, **kw: Any) -> Any:
    return dispute_services.create_dispute(
        actor=actor,
        data=dict(
            org=org,
            source="litigation",
            channel="court",
            opened_on=date(2019, 5, 1),
            summary="征收补偿争议",
            **kw,
        ),
    )


def test_registered_kinds_of_the_three_modules() -> None:
    kinds = links.kinds()
    assert {"litigation.case", "reconsideration.case", "disputes.dispute"} <= set(kinds)
    assert kinds["reconsideration.case"].url_name == "reconsideration:case_detail"


def test_litigation_link_to_a_reconsideration_case_outside_scope_shows_no_data(
    units, bureau, clerk1, make_case
) -> None:
    foreign = recon(units["d02"], 41, date(2019, 3, 1))
    case = make_case(defendant="d01", related_reconsideration=foreign)  # the bureau may link it
    url = reverse("litigation:case_detail", args=[case.pk])

    mine = page(clerk1).get(url).content.decode()
    assert foreign.number not in mine and "行政复议案件（无权查看）" in mine
    assert reverse("reconsideration:case_detail", args=[foreign.pk]) not in mine
    [link] = api(clerk1).get(f"/api/v1/litigation/cases/{case.pk}/").json()["links"]
    assert link == {
        "relation": "related_reconsideration",
        "relation_label": "关联复议案件",
        "kind": "reconsideration.case",
        "id": foreign.pk,
        "kind_label": "行政复议案件",
        "label": "无权查看",
        "url": None,
        "visible": False,
    }

    theirs = page(bureau).get(url).content.decode()
    assert (
        f'href="{reverse("reconsideration:case_detail", args=[foreign.pk])}">{foreign.number}</a>' in theirs
    )
    [link] = api(bureau).get(f"/api/v1/litigation/cases/{case.pk}/").json()["links"]
    assert link["visible"] and link["label"] == foreign.number


def test_dispute_links_outside_scope_show_no_data(units, bureau, clerk1, make_case) -> None:
    other = make_case(defendant="d02")
    foreign_recon = recon(units["d02"], 42, date(2019, 3, 1))
    d = dispute(bureau, units["d01"], related_litigation=other, related_reconsideration=foreign_recon)
    html = page(clerk1).get(reverse("disputes:dispute_detail", args=[d.pk])).content.decode()
    assert other.court_case_number not in html and foreign_recon.number not in html
    assert "行政诉讼案件（无权查看）" in html and "行政复议案件（无权查看）" in html
    body = api(clerk1).get(f"/api/v1/disputes/{d.pk}/").json()
    assert [(lk["relation"], lk["visible"], lk["label"]) for lk in body["links"]] == [
        ("related_litigation", False, "无权查看"),
        ("related_reconsideration", False, "无权查看"),
    ]
    bureau_html = page(bureau).get(reverse("disputes:dispute_detail", args=[d.pk])).content.decode()
    assert other.court_case_number in bureau_html and foreign_recon.number in bureau_html


def test_writes_link_only_to_what_the_writer_may_see(units, bureau, clerk1, make_case) -> None:
    other = make_case(defendant="d02")
    r = api(clerk1).post(
        "/api/v1/disputes/",
        {
            "org": units["d01"].pk,
            "source": "litigation",
            "channel": "court",
            "opened_on": "2019-05-01",
            "summary": "争议",
            "related_litigation": other.pk,
        },
        format="json",
    )
    assert r.status_code == 400 and "无权查看" in str(r.json()["related_litigation"])
    with pytest.raises(ValidationError, match="无权查看"):
        links.fetch(clerk1, "litigation.case", other.pk, field="related_litigation")
    with pytest.raises(ValidationError, match="无权查看"):
        links.find(clerk1, "litigation.case", other.court_case_number.replace("(", "（"))
    assert links.find(bureau, "litigation.case", other.court_case_number.replace("(", "（")) == other
    # The page form looks the number up through the same registry.
    form = page(clerk1).post(
        reverse("disputes:dispute_create"),
        {
            "org": units["d01"].pk,
            "source": "litigation",
            "channel": "court",
            "opened_on": "2019-05-01",
            "summary": "争议",
            "litigation_number": other.court_case_number,
            "party_kind": "person",
        },
    )
    assert form.status_code == 200 and "无权查看" in form.content.decode()


def test_resolving_many_links_takes_one_query_per_kind(
    units, bureau, make_case, django_assert_max_num_queries
) -> None:
    recons = [recon(units["d01" if i % 2 else "d02"], 60 + i, date(2019, 3, 1)) for i in range(8)]
    cases = [make_case(defendant="d01", related_reconsideration=r) for r in recons]
    subjects = [links.Subject("reconsideration.case", r.pk) for r in recons]
    subjects += [links.Subject("litigation.case", c.pk) for c in cases]
    subjects.append(links.Subject("litigation.case", 10**9))  # missing: no data, no extra query
    bureau.role_codes  # noqa: B018 — the user's roles are read once per request, not per link
    with CaptureQueriesContext(connection) as one_each:
        links.resolve_many(bureau, [subjects[0], subjects[-1]])
    # Per kind: the selector's scope root (the bureau's government) and the targets themselves.
    assert len(one_each.captured_queries) <= 4
    with django_assert_max_num_queries(len(one_each.captured_queries)):
        resolved = links.resolve_many(bureau, subjects)
    assert sum(r.visible for r in resolved.values()) == 16
    assert not resolved[links.Subject("litigation.case", 10**9)].visible


def _list_queries(user: Any, url: str) -> int:
    client = api(user)
    client.get(url)  # warm up (session, roles)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_api_lists_resolve_links_without_a_query_per_row(units, bureau, make_case) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            r = recon(units["d02"], 100 + LitigationCase.objects.count(), date(2019, 3, 1))
            c = make_case(defendant="d01", related_reconsideration=r)
            dispute(bureau, units["d01"], related_litigation=c, related_reconsideration=r)

    add(2)
    few = (_list_queries(bureau, "/api/v1/litigation/cases/"), _list_queries(bureau, "/api/v1/disputes/"))
    add(6)
    many = (_list_queries(bureau, "/api/v1/litigation/cases/"), _list_queries(bureau, "/api/v1/disputes/"))
    assert many == few
    body = api(bureau).get("/api/v1/disputes/").json()["results"]
    assert len(body) == 8 and all(lk["visible"] for d in body for lk in d["links"])


def test_a_new_module_only_registers_a_kind(units, bureau, clerk1, clerk2, make_case) -> None:
    """What the legality-review queue will do: register a kind with its selector, then link by (kind, id)."""
    from fazhi.litigation.selectors import cases_for

    links.register(
        links.LinkKind(
            "test.reviewed",
            "送审事项",
            "litigation.LitigationCase",
            cases_for,
            "litigation:case_detail",
            number_field="court_case_number",
            label_of=lambda c: f"送审：{c.court_case_number}",
        )
    )
    try:
        case = make_case(defendant="d01")
        subject = links.Subject("test.reviewed", case.pk)
        assert links.resolve(clerk1, subject).label == f"送审：{case.court_case_number}"
        assert links.resolve(clerk2, subject) == links.Resolved(subject, "无权查看", "", False, "送审事项")
        assert links.fetch(clerk1, "test.reviewed", case.pk) == case
        with pytest.raises(ValidationError, match="关联的送审事项不存在或您无权查看"):
            links.fetch(clerk2, "test.reviewed", case.pk, field="subject")
    finally:
        links.unregister("test.reviewed")
    with pytest.raises(ValidationError, match="未知的关联类型"):
        links.fetch(bureau, "test.reviewed", 1)
