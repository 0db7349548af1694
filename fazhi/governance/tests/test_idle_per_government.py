"""顾而不问 per government (issue 16 item 2: "the local deadline settings … idle-adviser window … — each
government edits its own"): a government sets its window (1–24 whole months) on its settings page; every
use of the window — the list, the API, the figure ``governance.idle_advisers`` with its roll-up, and the
annual report's suggestion — counts each adviser with its own government's window, the platform's
``FAZHI_GOVERNANCE["idle_months"]`` where the government set none."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.audit.models import AuditEvent
from fazhi.governance import selectors, services, stats
from fazhi.governance.models import Consultation, LegalAdviser
from fazhi.governance.report import shortcomings
from fazhi.governance.rules import months_before
from fazhi.orgs import gov_settings
from fazhi.orgs.models import GovernmentSettings, OrgUnit, Role
from fazhi.reports.figures import FigureQuery
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.factories import (
    OrgUnitFactory,
    bureau_unit,
    city_government,
    county_under,
    department,
    make_user,
    second_county,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
URL = "/orgs/settings/"
ON = date(2019, 12, 31)
#: the last consultation of each adviser (None: never consulted); the same in both counties
LAST_CONSULTED = [date(2019, 5, 15), date(2019, 8, 15), date(2019, 11, 15), None]


@pytest.fixture
def tree() -> dict[str, Any]:
    city = city_government()
    county_under(city)
    OrgUnitFactory(code="city-sfj", name="示例地区司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city)
    a = {
        "gov": OrgUnit.objects.get(code="gov"),
        "unit": department("d01", "示例市公安局"),
        "bureau": make_user(Role.BUREAU, bureau_unit(), username="bureau"),
    }
    b = second_county(city)
    for county in (a, b):
        for n, last in enumerate(LAST_CONSULTED):
            adviser = services.create_adviser(
                actor=county["bureau"],
                data={
                    "org": county["unit"],
                    "name": f"顾问{n}",
                    "contract_from": date(2019, 1, 1),
                    "contract_until": date(2020, 12, 31),
                },
            )
            for day in (date(2019, 2, 1), last) if last else ():
                services.create_consultation(
                    actor=county["bureau"], data={"adviser": adviser, "date": day, "matter_kind": "other"}
                )
    return {"city": city, "a": a, "b": b}


def expected(gov: OrgUnit, months: int) -> set[int]:
    """The idle advisers of ``gov`` on ``ON`` computed here from the records: under contract that day and
    no consultation in (ON − months, ON]."""
    start = months_before(ON, months)
    out = set()
    for adviser in LegalAdviser.objects.filter(org__path__startswith=gov.path):
        days = Consultation.objects.filter(adviser=adviser).values_list("date", flat=True)
        in_force = adviser.contract_from <= ON <= adviser.contract_until
        if in_force and not any(start < d <= ON for d in days):
            out.add(adviser.pk)
    return out


def _post(client: Any, **changes: Any) -> Any:
    form = client.get(URL).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(changes)
    return client.post(URL, data)


def _idle_figure(gov: OrgUnit) -> Any:
    figures = {f.key: f for f in stats.compute(FigureQuery.for_year(2019, gov))}
    return figures["governance.idle_advisers"].value


def test_two_governments_count_the_same_advisers_with_their_own_windows(tree: dict[str, Any]) -> None:
    a, b = tree["a"], tree["b"]
    # county B sets 3 months on its settings page; county A keeps the platform's 6
    r = _post(page(b["bureau"]), idle_months="3")
    assert r.status_code == 302, r.content.decode()[:2000]
    assert GovernmentSettings.objects.get(government=b["gov"]).idle_months == 3
    event = AuditEvent.objects.get(action="orgs.government_settings")
    assert event.actor_username == b["bureau"].username and event.diff["idle_months"] == [None, 3]

    want_a, want_b = expected(a["gov"], 6), expected(b["gov"], 3)
    assert (len(want_a), len(want_b)) == (2, 3)  # the same records, two windows: different counts
    # the list (selector) and the API of each county
    assert {x.pk for x in selectors.idle_advisers(a["bureau"], ON)} == want_a
    assert {x.pk for x in selectors.idle_advisers(b["bureau"], ON)} == want_b
    for county, want in ((a, want_a), (b, want_b)):
        rows = api(county["bureau"]).get("/api/v1/governance/idle-advisers/?on=2019-12-31")
        assert rows.status_code == 200 and {x["id"] for x in rows.json()} == want
    # the figure of each county with its own window; the city's roll-up is the sum of the counties' own
    assert (_idle_figure(a["gov"]), _idle_figure(b["gov"])) == (len(want_a), len(want_b))
    assert _idle_figure(tree["city"]) == len(want_a) + len(want_b)
    # the annual report's suggestion names each government's own window
    assert "近6个月无咨询记录" in "".join(shortcomings(2019, a["gov"]))
    assert "近3个月无咨询记录" in "".join(shortcomings(2019, b["gov"]))


def test_the_platform_setting_is_the_default(tree: dict[str, Any], settings: Any) -> None:
    settings.FAZHI_GOVERNANCE = {"idle_months": 3}
    GovernmentSettings.objects.create(government=tree["a"]["gov"], idle_months=6)
    assert _idle_figure(tree["a"]["gov"]) == len(expected(tree["a"]["gov"], 6)) == 2
    assert _idle_figure(tree["b"]["gov"]) == len(expected(tree["b"]["gov"], 3)) == 3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "至少为1个月"),
        ("25", "不得超过24个月"),
        ("1.5", "应为整月数"),
        ("六", "应为整月数"),
    ],
)
def test_the_settings_page_refuses_a_bad_window_and_changes_nothing(
    tree: dict[str, Any], value: str, message: str
) -> None:
    b = tree["b"]
    gov_settings.save(actor=b["bureau"], government=b["gov"], data={"idle_months": 4}, version=None)
    before = GovernmentSettings.objects.get(government=b["gov"])
    events = AuditEvent.objects.filter(action="orgs.government_settings").count()
    r = _post(page(b["bureau"]), idle_months=value)
    assert r.status_code == 200 and message in r.content.decode()
    after = GovernmentSettings.objects.get(government=b["gov"])
    assert (after.idle_months, after.version) == (4, before.version)
    assert AuditEvent.objects.filter(action="orgs.government_settings").count() == events


def test_the_service_refuses_a_window_beyond_the_bounds(tree: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    b = tree["b"]
    with pytest.raises(ValidationError, match="不得超过24个月"):
        gov_settings.save(actor=b["bureau"], government=b["gov"], data={"idle_months": 30}, version=None)
    assert not GovernmentSettings.objects.filter(government=b["gov"]).exists()
    assert not AuditEvent.objects.filter(action="orgs.government_settings").exists()
