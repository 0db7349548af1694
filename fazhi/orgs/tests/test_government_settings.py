"""Per-government settings (issue 16 item 2): each government's 司法局 edits its own 署名, 印章文字, report
section titles and order and number patterns — on one audited page; nobody edits another government's."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from fazhi.audit.models import AuditEvent
from fazhi.core.models import NumberPattern
from fazhi.core.services import ConflictError
from fazhi.orgs import gov_settings
from fazhi.orgs.models import GovernmentSettings, OrgUnit, Role
from fazhi.testing.clients import page
from fazhi.testing.factories import (
    OrgUnitFactory,
    bureau_unit,
    city_government,
    county_under,
    department,
    make_reconsideration_case,
    make_report,
    make_user,
    second_county,
)

pytestmark = pytest.mark.django_db
URL = "/orgs/settings/"


@pytest.fixture
def tree() -> dict[str, Any]:
    city = city_government()
    county_under(city)
    city_sfj = OrgUnitFactory(
        code="city-sfj", name="示例地区司法局", kind=OrgUnit.Kind.JUSTICE_BUREAU, parent=city
    )
    return {
        "city": city,
        "a_unit": department("d01", "示例市公安局"),
        "a_bureau": make_user(Role.BUREAU, bureau_unit(), username="bureau"),
        "b": second_county(city),
        "city_bureau": make_user(Role.BUREAU, city_sfj, username="city_bureau"),
    }


def _post(client: Any, **changes: Any) -> Any:
    """The page's form as shown, with ``changes`` applied (a form submitted as read)."""
    form = client.get(URL).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(changes)
    return client.post(URL, {k: v for k, v in data.items() if v is not False})


def test_a_county_sets_its_own_patterns_signature_and_sections(tree: dict[str, Any]) -> None:
    b = tree["b"]
    make_reconsideration_case(b["bureau"], b["unit"], date(2024, 3, 1))  # the kind now exists
    client = page(b["bureau"])
    r = client.get(URL)
    assert r.status_code == 200 and "乙县人民政府" in r.content.decode()
    r = _post(
        client,
        signature="乙县人民政府办公室",
        seal_text="乙县人民政府",
        pattern_reconsideration="乙复〔{year}〕{seq:03d}号",
        title_plans="{next}年工作打算",
        order_plans=5,
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    saved = GovernmentSettings.objects.get(government=b["gov"])
    assert saved.signature == "乙县人民政府办公室" and saved.report_sections[0]["code"] == "plans"
    event = AuditEvent.objects.filter(action="orgs.government_settings").get()
    assert event.diff["number_patterns"] == {"reconsideration": ["", "乙复〔{year}〕{seq:03d}号"]}
    # B's numbers follow B's pattern; A's keep the default
    assert make_reconsideration_case(b["bureau"], b["unit"], date(2024, 3, 2)).number == "乙复〔2024〕002号"
    assert (
        make_reconsideration_case(tree["a_bureau"], tree["a_unit"], date(2024, 3, 2)).number
        == "示政复〔2024〕1号"
    )
    # B's annual report: its signature, its section first with its title
    report = make_report(b["bureau"], b["gov"], 2024)
    sections = list(report.sections.order_by("order"))
    assert report.issuer == "乙县人民政府办公室"
    assert (sections[0].code, sections[0].title) == ("plans", "2025年工作打算")
    assert make_report(tree["a_bureau"], OrgUnit.objects.get(code="gov"), 2024).issuer == "示例市人民政府"


def test_bad_input_is_refused_in_chinese_and_changes_nothing(tree: dict[str, Any]) -> None:
    b = tree["b"]
    make_reconsideration_case(b["bureau"], b["unit"], date(2024, 3, 1))
    client = page(b["bureau"])
    r = _post(client, pattern_reconsideration="乙复〔{year}〕号", title_plans="{明年}安排")
    html = r.content.decode()
    assert r.status_code == 200 and "须包含序号占位符" in html and "只能使用 {year}、{next} 占位符" in html
    assert not GovernmentSettings.objects.exists() and not NumberPattern.objects.exists()
    assert not AuditEvent.objects.filter(action="orgs.government_settings").exists()


def test_only_the_own_bureau_edits_and_a_stale_form_is_refused(tree: dict[str, Any]) -> None:
    """An upper government supervises but does not set a county's settings; leaders and clerks read only."""
    b = tree["b"]
    with pytest.raises(PermissionDenied):
        gov_settings.save(actor=tree["city_bureau"], government=b["gov"], data={}, version=None)
    assert page(b["leader"]).get(URL).status_code == 403
    assert page(b["clerk"]).get(URL).status_code == 403
    # the city's bureau edits the city's own settings on the same page
    assert "示例地区人民政府" in page(tree["city_bureau"]).get(URL).content.decode()
    gov_settings.save(actor=b["bureau"], government=b["gov"], data={"signature": "甲"}, version=None)
    with pytest.raises(ConflictError):
        gov_settings.save(actor=b["bureau"], government=b["gov"], data={"signature": "乙"}, version=0)
    assert GovernmentSettings.objects.get(government=b["gov"]).signature == "甲"
