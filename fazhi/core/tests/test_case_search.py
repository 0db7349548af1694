"""``?q=`` on the case lists of 行政复议 and 行政应诉 (issue 15 item 5): name (full or partial), whole ID
number (exact, never echoed to a role that may not see it), case number in any bracket form, respondent
and the words of the contested act — the same records on the API and the page, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.core.search import bracket_forms, normalise_brackets, prior_cases
from fazhi.litigation.models import LitigationCase
from fazhi.litigation.services import PlaintiffData
from fazhi.orgs.models import OrgUnit, User
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import ID_NUMBER, make_litigation_case, make_reconsideration_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

OTHER_ID = "11010519491231002X"
RECON_API = "/api/v1/reconsideration/cases/"
LIT_API = "/api/v1/litigation/cases/"


def _person(name: str, id_number: str = "") -> dict[str, str]:
    return {"name": name, "kind": "person", "id_number": id_number, "phone": ""}


@pytest.fixture
def recon(units: dict[str, OrgUnit], bureau: User) -> dict[str, ReconsiderationCase]:
    return {
        "ouyang": make_reconsideration_case(
            bureau,
            units["d01"],
            received_on=date(2026, 3, 2),
            contested_act="不予登记决定",
            parties=[_person("欧阳明华", OTHER_ID)],
        ),
        "zhang": make_reconsideration_case(bureau, units["d02"], received_on=date(2026, 3, 3)),
    }


@pytest.fixture
def lit(units: dict[str, OrgUnit], bureau: User) -> dict[str, LitigationCase]:
    return {
        "ouyang": make_litigation_case(
            bureau,
            units["d01"],
            units["court"],
            served_on=date(2026, 3, 2),
            number="(2026)浙0381行初90077号",
            plaintiffs=[PlaintiffData("欧阳明华", "person", OTHER_ID, "")],
        ),
        "zhang": make_litigation_case(bureau, units["d02"], units["court"], served_on=date(2026, 3, 3)),
    }


def _found(user: User, url: str, q: str) -> set[str]:
    rows = api(user).get(url, {"q": q}).json()["results"]
    return {r.get("number") or r.get("court_case_number") for r in rows}


def test_brackets_normalised() -> None:
    assert normalise_brackets("示政复[2026]1号") == "示政复〔2026〕1号"
    assert normalise_brackets("（2026）浙0381行初90077号") == normalise_brackets("【2026】浙0381行初90077号")
    assert "(2026)浙0381行初90077号" in bracket_forms("【2026】浙0381行初90077号")
    assert bracket_forms("欧阳") == ["欧阳"]


@pytest.mark.parametrize(
    "q",
    [
        "欧阳明华",
        "欧阳",
        "明华",
        OTHER_ID,
        "自然资源",
        "不予登记",
        "〔2026〕1号",
        "[2026]1号",
        "(2026)1号",
        "【2026】1号",
    ],
)
def test_reconsideration_search(recon: dict[str, ReconsiderationCase], bureau: User, q: str) -> None:
    expected = {
        "自然资源": {recon["zhang"].number},  # the respondent's name
        "〔2026〕1号": {recon["ouyang"].number},
        "[2026]1号": {recon["ouyang"].number},
        "(2026)1号": {recon["ouyang"].number},
        "【2026】1号": {recon["ouyang"].number},
    }.get(q, {recon["ouyang"].number})
    assert _found(bureau, RECON_API, q) == expected


@pytest.mark.parametrize(
    "q", ["欧阳明华", "欧阳", OTHER_ID, "(2026)浙0381行初90077号", "【2026】浙0381行初90077", "公安"]
)
def test_litigation_search(lit: dict[str, LitigationCase], bureau: User, q: str) -> None:
    assert _found(bureau, LIT_API, q) == {lit["ouyang"].court_case_number}


def test_litigation_search_by_cause(lit: dict[str, LitigationCase], bureau: User) -> None:
    assert _found(bureau, LIT_API, "行政处罚") == {c.court_case_number for c in lit.values()}


def test_id_number_is_exact_not_a_substring(recon: dict[str, ReconsiderationCase], bureau: User) -> None:
    assert _found(bureau, RECON_API, OTHER_ID[:17]) == set()
    assert _found(bureau, RECON_API, ID_NUMBER) == {recon["zhang"].number}


def test_search_stays_in_scope(recon: dict[str, ReconsiderationCase], clerk1: User) -> None:
    """A department clerk finds only its own unit's cases (the respondent d01's)."""
    assert _found(clerk1, RECON_API, "张三") == set()
    assert _found(clerk1, RECON_API, OTHER_ID) == {recon["ouyang"].number}


def test_page_search_does_not_echo_the_id_number(recon: dict[str, ReconsiderationCase], clerk1: User) -> None:
    html = page(clerk1).get("/reconsideration/", {"q": OTHER_ID}).content.decode()
    assert recon["ouyang"].number in html
    # Masked in the rows and not written back into the search box (the export link carries the user's
    # own query string, as for the party filter: core.lists.MaskedSearchInput).
    assert f'value="{OTHER_ID}"' not in html
    assert html.count(OTHER_ID) == html.count(f"q={OTHER_ID}")


def test_page_and_api_agree(recon: dict[str, ReconsiderationCase], bureau: User) -> None:
    html = page(bureau).get("/reconsideration/", {"q": "欧阳"}).content.decode()
    assert recon["ouyang"].number in html and recon["zhang"].number not in html


def test_prior_cases_by_id_number_then_name(recon: dict[str, ReconsiderationCase], bureau: User) -> None:
    again = make_reconsideration_case(
        bureau, received_on=date(2026, 4, 1), parties=[_person("欧阳明华", OTHER_ID)]
    )
    assert prior_cases(
        ReconsiderationCase, list(again.parties.all()), relation="parties", exclude_pk=again.pk
    ) == [recon["ouyang"]]

    class Nameless:
        name, id_number = "张三", ""

    found: list[Any] = prior_cases(ReconsiderationCase, [Nameless()], relation="parties")
    assert found == [recon["zhang"]]


def test_repeat_application_hint_on_registration_and_detail(
    recon: dict[str, ReconsiderationCase], bureau: User, units: dict[str, OrgUnit]
) -> None:
    """A new application by someone who applied before names the earlier case (重复申请提示)."""
    body = {
        "received_on": "2026-04-01",
        "respondent": units["d01"].pk,
        "applicants": [{"name": "欧阳明华", "kind": "person", "id_number": OTHER_ID}],
        "contested_act": "不予登记决定",
        "field": "public_security",
        "act_category": "penalty",
    }
    r = api(bureau).post(RECON_API, body, format="json")
    assert r.status_code == 201, r.content
    hint = r.json()["repeat_applications"]
    assert [h["number"] for h in hint] == [recon["ouyang"].number]
    assert api(bureau).get(RECON_API).json()["results"][0]["repeat_applications"] is None  # lists skip it
    html = page(bureau).get(f"/reconsideration/{r.json()['id']}/").content.decode()
    assert 'data-testid="repeat-hint"' in html and recon["ouyang"].number in html
    fresh = page(bureau).get(f"/reconsideration/{recon['zhang'].pk}/").content.decode()
    assert 'data-testid="repeat-hint"' not in fresh
