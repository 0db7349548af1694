"""The portal's list of published 行政复议决定书 (issue 15 item 8; 《行政复议法》第七十九条): published
decisions only, newest first, no natural person's name or ID number, linked from the portal's front page."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.test import Client

from fazhi.casefiles import publication, services
from fazhi.casefiles.registry import for_label
from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.testing.clients import pinned_clock  # noqa: F401 (fixture)
from fazhi.testing.clock import SHANGHAI
from fazhi.testing.factories import ID_NUMBER, applicant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
LIST = "/portal/reconsideration/"


@pytest.fixture
def decide(receive, bureau):  # type: ignore[no-untyped-def]
    def make(name: str):  # type: ignore[no-untyped-def]
        case = receive(date(2026, 9, 1), parties=[applicant(name=name)])
        case = run(WORKFLOW, "accept", case, actor=bureau, data={"date": date(2026, 9, 2)}, version=TRUSTED)
        case = run(
            WORKFLOW,
            "conclude",
            case,
            actor=bureau,
            data={"date": date(2026, 10, 9), "outcome": "revoked"},
            version=TRUSTED,
        )
        doc = services.generate(
            for_label("reconsideration"),
            case,
            "decision",
            actor=bureau,
            data={"facts": f"{name}不服。", "reasons": "依据不足。"},
        )
        return case, doc

    return make


def test_published_only_newest_first_masked(decide, bureau) -> None:  # type: ignore[no-untyped-def]
    cf = for_label("reconsideration")
    older, newer, unpublished = decide("李小红"), decide("王大明"), decide("赵六")
    publication.publish(cf, older[0], older[1], actor=bureau)
    with time_machine.travel(datetime(2026, 11, 23, 10, tzinfo=SHANGHAI), tick=False):
        publication.publish(cf, newer[0], newer[1], actor=bureau)

    response = Client().get(LIST)  # the public: no login
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(newer[1].number) < html.index(older[1].number)  # newest first
    assert unpublished[1].number not in html and f'data-published="{unpublished[0].pk}"' not in html
    for name in ("李小红", "王大明", "赵六"):
        assert name not in html
    assert ID_NUMBER not in html
    detail = Client().get(f"/portal/reconsideration/{older[0].pk}/").content.decode()
    assert "李某某" in detail and "李小红" not in detail and ID_NUMBER not in detail
    assert Client().get(f"/portal/reconsideration/{unpublished[0].pk}/").status_code == 404
    front = Client().get("/portal/").content.decode()
    assert f'href="{LIST}"' in front and newer[1].number in front


def test_a_tampered_cursor_shows_the_first_page() -> None:
    response = Client().get(f"{LIST}?cursor=not-a-cursor")
    assert response.status_code == 200 and "暂无公开的决定书" in response.content.decode()
