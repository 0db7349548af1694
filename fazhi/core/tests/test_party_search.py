"""Search by party and contested act (issue 11 item 4): a name by substring, an ID number exactly (it is
stored whole, masked on display), the same on the page and in the API; a searched ID number is not
written back into the page for a role that may not see whole numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from fazhi.core.pii import make_id_card
from fazhi.litigation.services import PlaintiffData
from fazhi.orgs.models import OrgUnit, Role, User
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import make_litigation_case, make_reconsideration_case, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

LI_ID = make_id_card("330381", date(1990, 1, 2), 7)
WANG_ID = make_id_card("330381", date(1979, 8, 9), 31)


@pytest.fixture
def records(units: dict[str, OrgUnit], bureau: User) -> dict[str, Any]:
    police = units["d01"]
    li = make_reconsideration_case(
        bureau,
        police,
        received_on=date(2026, 3, 2),
        contested_act="不予登记决定",
        parties=[{"name": "李四", "kind": "person", "id_number": LI_ID, "phone": ""}],
    )
    zhang = make_reconsideration_case(bureau, police, received_on=date(2026, 3, 3))  # 张三, 治安管理处罚决定
    wang = make_litigation_case(
        bureau,
        police,
        units["court"],
        served_on=date(2026, 3, 2),
        plaintiffs=[PlaintiffData("王五", "person", WANG_ID, "")],
    )
    other = make_litigation_case(bureau, police, units["court"], served_on=date(2026, 3, 3))
    return {
        "li": li.number,
        "zhang": zhang.number,
        "wang": wang.court_case_number,
        "other": other.court_case_number,
    }


RECON = ("/api/v1/reconsideration/cases/", "number", reverse("reconsideration:case_list"))
LITIGATION = ("/api/v1/litigation/cases/", "court_case_number", reverse("litigation:case_list"))


def _found(user: User, where: tuple[str, str, str], params: dict[str, str]) -> set[str]:
    url, key, page_url = where
    resp = api(user).get(url, params)
    assert resp.status_code == 200, resp.content
    on_api = {r[key] for r in resp.json()["results"]}
    html = page(user).get(page_url, params).content.decode()
    assert all(n in html for n in on_api)
    return on_api


def test_search_by_name_id_number_and_contested_act(records: dict[str, Any], bureau: User) -> None:
    assert _found(bureau, RECON, {"party": "李"}) == {records["li"]}
    assert _found(bureau, RECON, {"party": LI_ID}) == {records["li"]}
    assert _found(bureau, RECON, {"party": LI_ID.lower()}) == {records["li"]}  # a lower-case check letter
    assert _found(bureau, RECON, {"party": LI_ID[:10]}) == set()  # no substring search of ID numbers
    assert _found(bureau, RECON, {"act": "治安"}) == {records["zhang"]}
    assert _found(bureau, LITIGATION, {"party": "王五"}) == {records["wang"]}
    assert _found(bureau, LITIGATION, {"party": WANG_ID}) == {records["wang"]}
    assert _found(bureau, LITIGATION, {"party": "无此人"}) == set()


def test_a_searched_id_number_is_not_echoed_to_a_role_that_may_not_see_it(
    records: dict[str, Any], units: dict[str, OrgUnit], bureau: User
) -> None:
    clerk = make_user(Role.CLERK, units["d01"], username="clerk_d01")
    assert _found(clerk, RECON, {"party": LI_ID}) == {records["li"]}
    html = page(clerk).get(RECON[2], {"party": LI_ID}).content.decode()
    box = html.split('name="party"', 1)[1].split(">", 1)[0]
    assert LI_ID not in box and records["li"] in html
    # The export and pager links keep the parameter (they must apply the same search; it is in the
    # address bar already); the office sees its search in the box.
    box = page(bureau).get(RECON[2], {"party": LI_ID}).content.decode().split('name="party"', 1)[1]
    assert LI_ID in box.split(">", 1)[0]
