"""Filing-window hint (issue 15 item 10): an application received more than sixty days after the
applicant knew of the act (《行政复议法》第二十条) shows a warning with the dates — to confirm or to
answer with the reason (正当理由, Art 20 ¶2) — and is registered, never refused."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.casework import filing_window
from fazhi.orgs.models import OrgUnit, User
from fazhi.testing.clients import api, page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

URL = "/api/v1/reconsideration/cases/"


def test_sixty_days_and_a_holiday_last_day() -> None:
    """Art 20: sixty days from knowing; a last day on a holiday rolls to the next working day (day 60
    after 2026-03-02 is 05-01, in the Labour Day holiday → 05-06; after 08-02 it is 10-01 → 10-08)."""
    assert filing_window(date(2026, 3, 2), date(2026, 5, 6)) is None
    assert filing_window(date(2026, 3, 2), date(2026, 5, 7))["due"] == date(2026, 5, 6)  # type: ignore[index]
    assert filing_window(date(2026, 8, 2), date(2026, 10, 8)) is None
    assert filing_window(date(2026, 8, 2), date(2026, 10, 9)) is not None
    assert filing_window(date(2026, 1, 2), date(2026, 3, 10)) == {
        "known_on": date(2026, 1, 2),
        "received_on": date(2026, 3, 10),
        "due": date(2026, 3, 3),
        "reason": "",
    }
    assert filing_window(None, date(2026, 3, 10)) is None


def _body(units: dict[str, OrgUnit], **extra: str) -> dict:
    return {
        "received_on": "2026-06-10",
        "respondent": units["d01"].pk,
        "applicants": [{"name": "赵六", "kind": "person"}],
        "contested_act": "行政处罚决定",
        "field": "public_security",
        "act_category": "penalty",
        **extra,
    }


def test_late_application_is_registered_with_a_warning(units: dict[str, OrgUnit], bureau: User) -> None:
    r = api(bureau).post(URL, _body(units, known_on="2026-03-02"), format="json")
    assert r.status_code == 201, r.content  # registered, not refused
    window = r.json()["filing_window"]
    assert window == {
        "known_on": "2026-03-02",
        "received_on": "2026-06-10",
        "due": "2026-05-06",
        "reason": "",
    }
    html = page(bureau).get(f"/reconsideration/{r.json()['id']}/").content.decode()
    assert 'data-testid="filing-window"' in html and "请核实是否有正当理由" in html

    answered = api(bureau).post(
        URL, _body(units, known_on="2026-03-02", late_reason="住院治疗"), format="json"
    )
    assert answered.json()["filing_window"]["reason"] == "住院治疗"
    html = page(bureau).get(f"/reconsideration/{answered.json()['id']}/").content.decode()
    assert "已说明正当理由：住院治疗" in html


def test_in_time_or_unknown_shows_nothing(units: dict[str, OrgUnit], bureau: User) -> None:
    in_time = api(bureau).post(URL, _body(units, known_on="2026-05-01"), format="json")
    assert in_time.json()["filing_window"] is None
    unknown = api(bureau).post(URL, _body(units), format="json")
    assert unknown.json()["filing_window"] is None
    html = page(bureau).get(f"/reconsideration/{in_time.json()['id']}/").content.decode()
    assert 'data-testid="filing-window"' not in html


def test_knowing_after_receipt_is_refused(units: dict[str, OrgUnit], bureau: User) -> None:
    r = api(bureau).post(URL, _body(units, known_on="2026-06-11"), format="json")
    assert r.status_code == 400 and "知道该行政行为的日期不能晚于收到申请日期" in r.content.decode()
