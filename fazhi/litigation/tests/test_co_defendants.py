"""Co-defendants (共同被告) as links the bureau confirms (issue 8 item 9): a clerk naming a unit outside its
own subtree no longer puts its case into that unit's list until the bureau confirms; the court and the
government are never co-defendants. Every entrance: page, API, Excel import, service."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.audit.models import AuditEvent
from fazhi.core.registry import registry
from fazhi.litigation import imports, services
from fazhi.litigation.models import CoDefendant, LitigationCase
from fazhi.orgs.models import OrgUnit, Role
from fazhi.testing.clients import api, page
from fazhi.testing.factories import ID_NUMBER, OrgUnitFactory, make_user

from .test_import import good_row, workbook
from .test_views import LIST, listed_ids

pytestmark = pytest.mark.django_db

QUEUE = reverse("litigation:co_defendant_queue")
API = "/api/v1/litigation/cases/"
API_QUEUE = "/api/v1/litigation/co-defendants/"


def api_body(units: dict[str, OrgUnit], defendant: str, co: list[str], n: int = 501) -> dict[str, Any]:
    return {
        "court_case_number": f"(2019)浙0381行初{n}号",
        "court": units["court"].pk,
        "instance": "first",
        "plaintiffs": [{"name": "张三", "kind": "person"}],
        "defendant": units[defendant].pk,
        "co_defendants": [units[c].pk for c in co],
        "cause": "不服行政处罚决定",
        "act_category": "penalty",
        "served_on": "2019-04-01",
    }


def page_form(units: dict[str, OrgUnit], defendant: str, co: list[str], n: int = 601) -> dict[str, Any]:
    return {
        "court_case_number": f"(2019)浙0381行初{n}号",
        "court": units["court"].pk,
        "instance": "first",
        "defendant": units[defendant].pk,
        "co_defendants": [units[c].pk for c in co],
        "cause": "不服行政处罚决定",
        "act_category": "penalty",
        "served_on": "2019-04-01",
        "p1_name": "张三",
        "p1_kind": "person",
        "p1_id_number": ID_NUMBER,
        "p2_kind": "person",
        "p3_kind": "person",
    }


def sees(user: Any, case: LitigationCase) -> bool:
    """On the list page, the detail page and the API alike."""
    listed = case.pk in listed_ids(page(user), LIST)
    detail = page(user).get(reverse("litigation:case_detail", args=[case.pk])).status_code
    api_detail = api(user).get(f"{API}{case.pk}/").status_code
    assert (detail == 200) == (api_detail == 200) == listed, (listed, detail, api_detail)
    return listed


def test_page_foreign_unit_waits_for_the_bureau_then_confirm_makes_it_visible(
    units, bureau, clerk1, clerk2
) -> None:
    resp = page(clerk1).post(reverse("litigation:case_create"), page_form(units, "d01", ["d02"]))
    assert resp.status_code == 302, resp.content.decode()
    case = LitigationCase.objects.get(court_case_number="(2019)浙0381行初601号")
    link = CoDefendant.objects.get(case=case)
    assert link.state == CoDefendant.State.PENDING and link.requested_by == clerk1
    assert not sees(clerk2, case)
    detail = page(clerk1).get(reverse("litigation:case_detail", args=[case.pk])).content.decode()
    assert "示例市自然资源和规划局（共同被告，" in detail and "待司法局确认" in detail

    assert 'data-testid="co-defendant-queue-link"' in page(bureau).get(LIST).content.decode()
    assert 'data-testid="co-defendant-queue-link"' not in page(clerk1).get(LIST).content.decode()
    queue = page(bureau).get(QUEUE)
    assert queue.status_code == 200 and f'data-testid="co-defendant-{link.pk}"' in queue.content.decode()
    resp = page(bureau).post(reverse("litigation:co_defendant_decide", args=[link.pk, "confirm"]))
    assert resp.status_code == 302
    link.refresh_from_db()
    assert link.state == CoDefendant.State.CONFIRMED and link.confirmed_by == bureau
    assert link.confirmed_at is not None
    assert sees(clerk2, case)
    event = AuditEvent.objects.get(action="litigation.confirm_co_defendant")
    assert event.object_id == str(case.pk) and event.actor_username == "bureau"
    assert event.diff["co_defendant"] == "示例市自然资源和规划局"


def test_api_foreign_unit_is_pending_then_reject_removes_the_link_and_is_audited(
    units, bureau, clerk1, clerk2
) -> None:
    r = api(clerk1).post(API, api_body(units, "d01", ["d02"]), format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["co_defendants"] == [] and body["pending_co_defendants"] == [units["d02"].pk]
    case = LitigationCase.objects.get(pk=body["id"])
    assert not sees(clerk2, case)

    queue = api(bureau).get(API_QUEUE).json()["results"]
    assert [(q["case"], q["org"], q["state"]) for q in queue] == [(case.pk, units["d02"].pk, "pending")]
    # Neither the clerk who asked nor the named unit may decide.
    assert api(clerk1).post(f"{API_QUEUE}{queue[0]['id']}/confirm/").status_code == 404
    assert api(clerk2).post(f"{API_QUEUE}{queue[0]['id']}/confirm/").status_code == 404

    r = api(bureau).post(
        f"{API_QUEUE}{queue[0]['id']}/reject/", {"reason": "非共同作出行政行为"}, format="json"
    )
    assert r.status_code == 204
    assert not CoDefendant.objects.filter(case=case).exists()
    assert not sees(clerk2, case)
    event = AuditEvent.objects.get(action="litigation.reject_co_defendant")
    assert event.object_id == str(case.pk)
    assert event.diff["co_defendant"] == "示例市自然资源和规划局"
    assert event.diff["reason"] == "非共同作出行政行为"
    # The link is gone: a second decision is a 404, not a second event.
    assert api(bureau).post(f"{API_QUEUE}{queue[0]['id']}/confirm/").status_code == 404
    assert AuditEvent.objects.filter(action__endswith="_co_defendant").count() == 1


def test_api_confirm_returns_the_confirmed_link(units, bureau, clerk1, clerk2) -> None:
    case_id = api(clerk1).post(API, api_body(units, "d01", ["d02"]), format="json").json()["id"]
    link = CoDefendant.objects.get(case_id=case_id)
    r = api(bureau).post(f"{API_QUEUE}{link.pk}/confirm/")
    assert r.status_code == 200 and r.json()["state"] == "confirmed"
    assert api(bureau).get(f"{API}{case_id}/").json()["co_defendants"] == [units["d02"].pk]
    assert sees(clerk2, LitigationCase.objects.get(pk=case_id))


def test_import_foreign_unit_is_pending(units, bureau, clerk1, clerk2) -> None:
    data = workbook(clerk1, [good_row(units, 7, co_defendants="示例市自然资源和规划局")])
    result = imports.import_file(io.BytesIO(data), clerk1)
    assert result.ok and result.created == 1, result.errors
    case = LitigationCase.objects.get(court_case_number="(2019)浙0381行初7号")
    assert CoDefendant.objects.get(case=case).state == CoDefendant.State.PENDING
    assert not sees(clerk2, case)
    services.confirm_co_defendant(actor=bureau, link=CoDefendant.objects.get(case=case))
    assert sees(clerk2, case)


def test_import_names_an_unknown_or_refused_unit_and_imports_nothing(units, clerk1) -> None:
    rows = [
        good_row(units, 8, co_defendants="示例市人民法院"),
        good_row(units, 9, co_defendants="不存在的局"),
    ]
    result = imports.import_file(io.BytesIO(workbook(clerk1, rows)), clerk1)
    assert result.created == 0 and not LitigationCase.objects.exists()
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "不能作为共同被告" in messages[(2, "共同被告")]
    assert "未找到单位「不存在的局」" in messages[(3, "共同被告")]


@pytest.mark.parametrize("unit", ["court", "gov"])
def test_court_and_government_are_refused_on_api_and_service(units, bureau, clerk1, unit) -> None:
    for actor in (clerk1, bureau):
        r = api(actor).post(API, api_body(units, "d01", [unit]), format="json")
        assert r.status_code == 400
        assert "不能作为共同被告" in str(r.json()["co_defendants"])
    assert not LitigationCase.objects.exists() and not CoDefendant.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.plan_co_defendants(None, units["d01"], [units[unit]])
    assert "不能作为共同被告" in str(exc.value)


def test_page_offers_neither_court_nor_government(units, clerk1) -> None:
    # The page's co-defendant picker loads its options from the unit search endpoint (issue 11).
    html = page(clerk1).get(reverse("litigation:case_create")).content.decode()
    url = reverse("unit_search", args=["litigation.co_defendants"])
    assert f'data-fz-units="{url}"' in html.split('name="co_defendants"', 1)[1].split(">", 1)[0]
    offered = {u["name"] for u in page(clerk1).get(url, {"q": "示例市"}).json()["results"]}
    assert "示例市自然资源和规划局" in offered
    assert "示例市人民法院" not in offered and "示例市人民政府" not in offered


def test_unit_inside_the_clerks_subtree_and_bureau_entries_are_linked_at_once(units, bureau, clerk1) -> None:
    team = OrgUnitFactory(
        code="d01a", name="示例市公安局执法大队", kind=OrgUnit.Kind.DEPARTMENT, parent=units["d01"]
    )
    team_clerk = make_user(Role.CLERK, team, username="clerk_team")
    units = {**units, "d01a": team}
    own = api(clerk1).post(API, api_body(units, "d01", ["d01", "d01a"], n=701), format="json").json()
    assert own["co_defendants"] == [team.pk] and own["pending_co_defendants"] == []
    assert sees(team_clerk, LitigationCase.objects.get(pk=own["id"]))
    by_bureau = api(bureau).post(API, api_body(units, "d01", ["d02"], n=702), format="json").json()
    assert by_bureau["co_defendants"] == [units["d02"].pk] and by_bureau["pending_co_defendants"] == []
    assert not CoDefendant.objects.filter(state=CoDefendant.State.PENDING).exists()


def test_bureau_workbench_lists_pending_links_and_nobody_else_decides(
    units, bureau, clerk1, clerk2, leader
) -> None:
    case = services.create_case(
        actor=clerk1,
        data=services.CaseData(
            court_case_number="(2019)浙0381行初801号",
            court=units["court"],
            defendant=units["d01"],
            cause="不服行政处罚决定",
            act_category="penalty",
            served_on=date(2019, 4, 1),
            plaintiffs=[services.PlaintiffData("张三")],
            co_defendants=[units["d02"]],
        ),
    )
    link = CoDefendant.objects.get(case=case)
    title = "(2019)浙0381行初801号 共同被告「示例市自然资源和规划局」待确认"
    day = date(2019, 4, 2)
    items = [i for provider in registry.workbench for i in provider(bureau, day)]
    assert any(i.title == title and i.url == QUEUE for i in items)
    for other in (clerk1, clerk2, leader):
        assert not any(i.title == title for provider in registry.workbench for i in provider(other, day))
        assert page(other).get(QUEUE).status_code == 403
        with pytest.raises(PermissionDenied):
            services.confirm_co_defendant(actor=other, link=link)
    link.refresh_from_db()
    assert link.state == CoDefendant.State.PENDING
    assert "待确认" in page(bureau).get("/").content.decode()


def test_a_decided_link_cannot_be_decided_again(units, bureau, clerk1) -> None:
    case_id = api(clerk1).post(API, api_body(units, "d01", ["d02"]), format="json").json()["id"]
    link = CoDefendant.objects.get(case_id=case_id)
    services.confirm_co_defendant(actor=bureau, link=link)
    with pytest.raises(ValidationError, match="已由他人处理"):
        services.reject_co_defendant(actor=bureau, link=link)
    assert CoDefendant.objects.get(pk=link.pk).state == CoDefendant.State.CONFIRMED
