"""Per-government deadline lengths (issue 16 item 2): each government sets its own length of the rules the
platform declares local (``workdays.rules``), never beyond the bound the law fixes; a record's deadline
follows its own government, then ``FAZHI_DEADLINE_OVERRIDES``, then the statutory default; a change
recomputes that government's open records in the same transaction and is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEvent
from fazhi.decisions.tests.helpers import review
from fazhi.orgs import gov_settings
from fazhi.orgs.models import GovernmentSettings, OrgUnit, Role
from fazhi.testing.clients import page
from fazhi.testing.factories import (
    OrgUnitFactory,
    bureau_unit,
    city_government,
    county_under,
    department,
    make_user,
    second_county,
)

pytestmark = pytest.mark.django_db
URL = "/orgs/settings/"
FIELD = gov_settings.deadline_field("decisions.review.contract")


@pytest.fixture
def tree() -> dict[str, Any]:
    city = city_government()
    county_under(city)
    OrgUnitFactory(code="city-sfj", name="示例地区司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city)
    return {
        "a_gov": OrgUnit.objects.get(code="gov"),
        "a_unit": department("d01", "示例市公安局"),
        "a_bureau": make_user(Role.BUREAU, bureau_unit(), username="bureau"),
        "b": second_county(city),
    }


def _post(client: Any, **changes: Any) -> Any:
    form = client.get(URL).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(changes)
    return client.post(URL, data)


def test_two_counties_count_the_same_review_differently(tree: dict[str, Any], settings: Any) -> None:
    """County B sets 10 working days for contract reviews; county A keeps the platform's 15 (本地行政协议合法性
    审查规定, 默认15个工作日). 2019-09-27 + 10 working days (09-29 调休 counts; 国庆 10-01..07 skipped) = 10-16."""
    b = tree["b"]
    a_review = review(tree["a_bureau"], tree["a_unit"], date(2019, 9, 27), kind="contract")
    b_review = review(b["bureau"], b["unit"], date(2019, 9, 27), kind="contract")
    assert a_review.due_on == b_review.due_on == date(2019, 10, 23)
    r = _post(page(b["bureau"]), **{FIELD: "10"})
    assert r.status_code == 302, r.content.decode()[:3000]
    assert GovernmentSettings.objects.get(government=b["gov"]).deadline_days == {
        "decisions.review.contract": 10
    }
    # B's open review was recomputed in the same save; A's is untouched
    b_review.refresh_from_db()
    a_review.refresh_from_db()
    assert (a_review.due_on, b_review.due_on) == (date(2019, 10, 23), date(2019, 10, 16))
    event = AuditEvent.objects.filter(action="orgs.government_settings").get()
    assert (
        event.diff["deadline_days"] == [None, {"decisions.review.contract": 10}]
        and event.diff["recomputed"] == 1
    )
    # new records follow their own government; the global override stays the fallback of the others
    assert review(b["bureau"], b["unit"], date(2019, 9, 27), kind="contract").due_on == date(2019, 10, 16)
    settings.FAZHI_DEADLINE_OVERRIDES = {"decisions.review.contract": 5}
    assert review(tree["a_bureau"], tree["a_unit"], date(2019, 9, 27), kind="contract").due_on == date(
        2019, 10, 10
    )
    assert review(b["bureau"], b["unit"], date(2019, 9, 27), kind="contract").due_on == date(2019, 10, 16)
    # the detail page shows B's length
    html = page(b["bureau"]).get(f"/decisions/reviews/{b_review.pk}/").content.decode()
    assert "2019年10月16日" in html


def test_never_below_the_statutory_minimum(tree: dict[str, Any]) -> None:
    """国务院令第713号 Art 27 (at least 7 working days for the reviewer), Art 14 (consultation at least 30 days);
    国办发〔2018〕115号 (normative review at most 15 working days); 国办发〔2018〕37号 (备案 within 30 days)."""
    b = tree["b"]
    r = _post(
        page(b["bureau"]),
        **{
            gov_settings.deadline_field("decisions.review_minimum"): "5",
            gov_settings.deadline_field("decisions.consultation"): "20",
            gov_settings.deadline_field("decisions.review.normative"): "20",
            gov_settings.deadline_field("normative.filing"): "45",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "不得少于7个工作日" in html and "不得少于30日" in html
    assert "不得超过15个工作日" in html and "不得超过30日" in html
    assert not GovernmentSettings.objects.exists()
    # the model refuses on every path (a service call, the admin), not only the form
    with pytest.raises(ValidationError, match="不得少于7个工作日"):
        gov_settings.save(
            actor=b["bureau"],
            government=b["gov"],
            data={"deadline_days": {"decisions.review_minimum": 3}},
            version=None,
        )
    with pytest.raises(ValidationError, match="由法律规定"):
        GovernmentSettings(government=b["gov"], deadline_days={"reconsideration.decision": 30}).full_clean()


def test_normative_filing_period_per_government(tree: dict[str, Any]) -> None:
    """A province may shorten the 30-day 备案 period (国办发〔2018〕37号): B's published, unfiled documents
    are recomputed; documents published later follow it."""
    from fazhi.normative import rules

    b = tree["b"]
    assert rules.filing_due(date(2019, 3, 1), b["gov"].pk) == date(2019, 3, 31)
    gov_settings.save(
        actor=b["bureau"], government=b["gov"], data={"deadline_days": {"normative.filing": 15}}, version=None
    )
    assert rules.filing_due(date(2019, 3, 1), b["gov"].pk) == date(2019, 3, 16)
    assert rules.filing_due(date(2019, 3, 1), tree["a_gov"].pk) == date(2019, 3, 31)
