"""承办人 and 协办人 (issue 15 item 4): ``POST …/cases/{id}/assign/`` (``handler`` user id, optional
``co_handler``, ``version``) on 行政复议 and 行政应诉 cases, audited with old and new values, and the
lists' "my cases" filter (``mine=1``)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_litigation_case, make_reconsideration_case, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


@pytest.fixture
def officers(units: dict[str, OrgUnit]) -> tuple[User, User]:
    return (
        make_user(Role.BUREAU, units["sfj"], username="wang", first_name="王承办"),
        make_user(Role.BUREAU, units["sfj"], username="li", first_name="李协办"),
    )


@pytest.mark.parametrize("module", ["reconsideration", "litigation"])
def test_assign_and_my_cases(
    module: str, units: dict[str, OrgUnit], bureau: User, officers: tuple[User, User]
) -> None:
    if module == "reconsideration":
        mine = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2))
        make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 3))
    else:
        mine = make_litigation_case(bureau, units["d01"], units["court"], served_on=date(2026, 3, 2))
        make_litigation_case(bureau, units["d01"], units["court"], served_on=date(2026, 3, 3))
    handler, helper = officers
    url = f"/api/v1/{module}/cases/{mine.pk}/assign/"
    body = {"handler": handler.pk, "co_handler": helper.pk, "version": mine.version}
    r = api(bureau).post(url, body, format="json")
    assert r.status_code == 200, r.content
    assert (r.json()["handler"], r.json()["co_handler"], r.json()["status"]) == (
        handler.pk,
        helper.pk,
        mine.status,
    )
    event = AuditEvent.objects.get(action=f"{module}.assign", object_id=str(mine.pk))
    assert "handler" in str(event.diff) and str(handler.pk) in str(event.diff)  # old and new values

    for user in officers:
        listed = api(user).get(f"/api/v1/{module}/cases/", {"mine": "1"}).json()["results"]
        assert [c["id"] for c in listed] == [mine.pk]
    assert api(bureau).get(f"/api/v1/{module}/cases/", {"mine": "1"}).json()["results"] == []
    html = page(handler).get(f"/{module}/{mine.pk}/").content.decode()
    assert "王承办" in html and "李协办" in html


def test_only_bureau_staff_who_see_the_case_are_handlers(
    units: dict[str, OrgUnit], bureau: User, clerk1: User, officers: tuple[User, User]
) -> None:
    case = make_reconsideration_case(bureau, units["d01"], received_on=date(2026, 3, 2))
    url = f"/api/v1/reconsideration/cases/{case.pk}/assign/"
    r = api(bureau).post(url, {"handler": clerk1.pk, "version": case.version}, format="json")
    assert r.status_code == 400 and "handler" in r.json()
    same = {"handler": officers[0].pk, "co_handler": officers[0].pk, "version": case.version}
    assert api(bureau).post(url, same, format="json").status_code == 400
    r = api(clerk1).post(url, {"handler": officers[0].pk, "version": case.version}, format="json")
    assert r.status_code == 403  # the bureau assigns
    case.refresh_from_db()
    assert case.handler_id is None
