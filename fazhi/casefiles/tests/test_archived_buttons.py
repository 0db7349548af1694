"""An archived case shows no step buttons (issue 15 item 7): the runner already refuses every step on it
(``core.actions`` write guard, tested in ``test_casefile``); the detail page and the API detail's ``actions``
no longer offer them, within the detail page's query budget. Positive control: the same closed case before
归档 still offers its steps."""

from __future__ import annotations

from datetime import date

from fazhi.casefiles import services
from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.casefiles import CASEFILES
from fazhi.testing.clients import api, page

BASE = "/api/v1/reconsideration/cases/"


def _transferred(receive, bureau):  # type: ignore[no-untyped-def]
    """告知向有关机关提出 (closed: may be archived; 作废 is still a step of it)."""
    case = receive(date(2024, 3, 1))
    return run(
        WORKFLOW,
        "transfer",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 4), "transfer_to": "示例省人民政府"},
        version=TRUSTED,
    )


def test_archived_case_offers_no_steps_and_open_one_does(receive, bureau, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    case = _transferred(receive, bureau)
    client, url = page(bureau), f"/reconsideration/{case.pk}/"
    before = client.get(url).content.decode()
    assert 'data-testid="action-void"' in before  # positive control: a closed, not archived case
    assert [a["name"] for a in api(bureau).get(f"{BASE}{case.pk}/").json()["actions"]] == ["void"]

    services.archive(
        CASEFILES, case, actor=bureau, data={"archived_on": date(2024, 5, 10), "archive_number": "WS-1"}
    )
    client.get(url)  # warm the per-process caches, then measure as test_views does
    with django_assert_max_num_queries(21):
        html = client.get(url).content.decode()
    assert "案卷只读" in html
    assert 'data-testid="action-' not in html and "fz-action-" not in html
    assert api(bureau).get(f"{BASE}{case.pk}/").json()["actions"] == []
    # The runner still refuses a step sent anyway (the page only hides what would be refused).
    refused = api(bureau).post(
        f"{BASE}{case.pk}/void/", {"reason": "重复登记", "version": case.version}, format="json"
    )
    assert refused.status_code == 400 and "只读" in str(refused.json())
