"""Pages: list (filters, keyset pages, query counts), detail (masking, deadlines, timeline), forms, scope."""

from __future__ import annotations

import functools
from datetime import date, timedelta

import pytest
from django.urls import reverse

from fazhi.core import lists
from fazhi.core.actions import TRUSTED, run
from fazhi.core.pagination import capped_count
from fazhi.core.pii import mask_id, mask_phone
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.models import Outcome, ReconsiderationCase, Status
from fazhi.testing.factories import ID_NUMBER, PHONE

LIST = reverse("reconsideration:case_list")
# Per request, whatever the number of rows: session (read + save 3), user and roles (2), data scope (3:
# the unit, its government, the form's unit choices), page (1), applicants (1), capped count (1), and a
# chosen unit filter looked up (1).
LIST_QUERIES = 14


def _numbers(html: str) -> set[str]:
    return {c.number for c in ReconsiderationCase.objects.all() if f'data-case="{c.number}"' in html}


@pytest.fixture
def many(receive, land):  # type: ignore[no-untyped-def]
    """120 cases over 2023, every fifth for the land bureau."""
    start = date(2023, 1, 2)
    return [
        receive(start + timedelta(days=i * 2), respondent=land if i % 5 == 0 else None) for i in range(120)
    ]


def test_list_keyset_pages_cover_all_rows_once(many, bureau, client, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    client.get(LIST)  # warm the session and calendar caches
    seen: list[str] = []
    url = LIST
    while url:
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(url)
        html = response.content.decode()
        seen.extend(case.number for case in response.context["page"].items)  # the rows' markup is one string
        cursor = response.context["page"].next_cursor
        url = f"{LIST}?cursor={cursor}" if cursor else ""
        assert "共 120 件" in html
    assert len(seen) == len(set(seen)) == len(many)
    by_number = {c.number: c.received_on for c in many}
    received = [by_number[n] for n in seen]
    assert received == sorted(received, reverse=True)


def test_list_filters_and_sort(many, bureau, client, land, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    client.get(LIST)
    with django_assert_max_num_queries(LIST_QUERIES):
        html = client.get(
            LIST, {"org": land.pk, "sort": "received_on", "received_from": "2023-03-01"}
        ).content.decode()
    want = {c.number for c in many if c.org_id == land.pk and c.received_on >= date(2023, 3, 1)}
    assert _numbers(html) == want


def test_capped_count(many, bureau, client, monkeypatch):  # type: ignore[no-untyped-def]
    """Below the cap the count is exact; at the cap the page says "more than" (the real counter, a lower cap)."""
    client.force_login(bureau)
    response = client.get(LIST)
    assert response.context["count"] == len(many) and not response.context["more"]
    monkeypatch.setattr(lists, "capped_count", functools.partial(capped_count, cap=len(many) - 20))
    response = client.get(LIST)
    assert response.context["count"] == len(many) - 20 and response.context["more"]


def test_overdue_filter(receive, bureau, client):  # type: ignore[no-untyped-def]
    late = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    done = run(
        WORKFLOW,
        "conclude",
        run(
            WORKFLOW,
            "accept",
            receive(date(2024, 3, 1)),
            actor=bureau,
            data={"date": date(2024, 3, 4)},
            version=TRUSTED,
        ),
        actor=bureau,
        data={"date": date(2024, 4, 1), "outcome": Outcome.UPHELD},
        version=TRUSTED,
    )
    client.force_login(bureau)
    html = client.get(LIST, {"overdue": "on"}).content.decode()
    assert _numbers(html) == {late.number}
    assert done.number not in html


def test_clerk_sees_own_unit_only_and_404_elsewhere(receive, clerk, land, client):  # type: ignore[no-untyped-def]
    own = receive(date(2024, 3, 1))
    other = receive(date(2024, 3, 1), respondent=land)
    client.force_login(clerk)
    assert _numbers(client.get(LIST).content.decode()) == {own.number}
    assert client.get(reverse("reconsideration:case_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reconsideration:case_detail", args=[own.pk])).status_code == 200
    assert (
        client.post(reverse("reconsideration:case_action", args=[other.pk, "record_answer"])).status_code
        == 404
    )


def test_detail_masks_personal_data_except_for_bureau(receive, bureau, clerk, leader, client):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    url = reverse("reconsideration:case_detail", args=[case.pk])
    client.force_login(bureau)
    html = client.get(url).content.decode()
    assert ID_NUMBER in html and PHONE in html
    for user in (clerk, leader):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert ID_NUMBER not in html and PHONE not in html
        assert mask_id(ID_NUMBER) in html and mask_phone(PHONE) in html


def test_detail_shows_deadlines_timeline_and_actions(receive, bureau, client):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    client.force_login(bureau)
    html = client.get(reverse("reconsideration:case_detail", args=[case.pk])).content.decode()
    assert "《行政复议法》第六十二条" in html and "已超期" in html
    assert "· reconsideration.accept<" not in html and "· 受理</li>" in html and "已受理" in html
    assert 'data-testid="action-conclude"' in html and 'data-testid="action-accept"' not in html


def test_detail_shows_deemed_acceptance(receive, bureau, client):  # type: ignore[no-untyped-def]
    """RULES §2, Art 30: shown as accepted on the day the review period ended."""
    case = receive(date(2024, 3, 1))
    client.force_login(bureau)
    html = client.get(reverse("reconsideration:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="deemed"' in html and "视为受理" in html
    client.get(LIST)
    assert "视为受理</span>" in client.get(LIST).content.decode()


def test_leader_sees_no_actions(receive, leader, client):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    client.force_login(leader)
    html = client.get(reverse("reconsideration:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="action-' not in html
    assert client.get(reverse("reconsideration:case_action", args=[case.pk, "accept"])).status_code == 403


def test_create_form(bureau, police, client):  # type: ignore[no-untyped-def]
    client.force_login(bureau)
    url = reverse("reconsideration:case_create")
    assert client.get(url).status_code == 200
    data = {
        "respondent": police.pk,
        "received_on": "2024-03-01",
        "channel": "window",
        "procedure": "ordinary",
        "contested_act": "行政处罚决定",
        "act_category": "penalty",
        "field": "public_security",
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-MIN_NUM_FORMS": "1",
        "party-MAX_NUM_FORMS": "20",
        "party-0-role": "applicant",
        "party-0-kind": "person",
        "party-0-name": "李四",
        "party-0-id_number": "330381198005171231",
        "party-0-phone": PHONE,
        "party-1-role": "applicant",
        "party-1-kind": "person",
        "party-1-name": "",
    }
    response = client.post(url, data)
    assert "校验位错误" in response.content.decode()
    assert not ReconsiderationCase.objects.exists()
    data["party-0-id_number"] = ID_NUMBER
    response = client.post(url, data)
    case = ReconsiderationCase.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.pk}/")
    assert case.parties.get().id_number == ID_NUMBER


def test_clerk_cannot_open_create_form(clerk, client):  # type: ignore[no-untyped-def]
    client.force_login(clerk)
    assert client.get(reverse("reconsideration:case_create")).status_code == 403


def test_action_form_post_and_chinese_errors(receive, bureau, client):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    client.force_login(bureau)
    url = reverse("reconsideration:case_action", args=[case.pk, "accept"])
    detail = client.get(reverse("reconsideration:case_detail", args=[case.pk])).content.decode()
    assert 'data-testid="form-accept"' in detail and f'action="{url}"' in detail
    html = client.post(
        url, {"on": "2024-02-01", "version": case.version, "procedure": "ordinary"}
    ).content.decode()
    assert "受理日期不能早于" in html
    response = client.post(url, {"on": "2024-03-04", "version": case.version, "procedure": "ordinary"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    stale = client.post(
        reverse("reconsideration:case_action", args=[case.pk, "suspend"]),
        {"on": "2024-03-10", "version": case.version - 1, "reason": "x"},
    ).content.decode()
    assert "两人同时编辑" in stale


def test_export_masks_for_clerk(receive, clerk, bureau, client):  # type: ignore[no-untyped-def]
    import io

    from openpyxl import load_workbook

    receive(date(2024, 3, 1))
    for user, whole in ((bureau, True), (clerk, False)):
        client.force_login(user)
        response = client.get(reverse("reconsideration:case_export"), {"received_from": "2024-01-01"})
        ws = load_workbook(
            io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        ).active
        values = [c.value for c in list(ws.iter_rows())[1]]
        assert (ID_NUMBER in values) is whole
        assert (mask_id(ID_NUMBER) in values) is not whole


def test_hearing_extend_and_conclude_through_pages(receive, bureau, client):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    client.force_login(bureau)

    def post(name, **data):  # type: ignore[no-untyped-def]
        case.refresh_from_db()
        url = reverse("reconsideration:case_action", args=[case.pk, name])
        return client.post(url, {"version": case.version, **data})

    assert (
        post("add_hearing", notified_on="2024-03-11", held_on="2024-03-20", place="听证室").status_code == 302
    )
    assert "最多延长30日" in post("extend", on="2024-04-01", days="45", reason="复杂").content.decode()
    assert post("extend", on="2024-04-01", days="30", reason="复杂").status_code == 302
    assert "请选择审结结果" in post("conclude", on="2024-05-01", outcome="").content.decode()
    assert post("conclude", on="2024-05-01", outcome="altered").status_code == 302
    case.refresh_from_db()
    assert case.hearings.count() == 1 and case.extension_days == 30 and case.outcome == Outcome.ALTERED
    html = client.get(reverse("reconsideration:case_detail", args=[case.pk])).content.decode()
    assert "听证室" in html and "已延长30日" in html and "变更" in html


def test_detail_query_count_is_bounded(receive, bureau, client, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    case = run(
        WORKFLOW,
        "accept",
        receive(date(2024, 3, 1)),
        actor=bureau,
        data={"date": date(2024, 3, 4)},
        version=TRUSTED,
    )
    for day in (10, 20):
        case = run(
            WORKFLOW,
            "suspend",
            case,
            actor=bureau,
            data={"date": date(2024, 3, day), "reason": "等待"},
            version=TRUSTED,
        )
        case = run(
            WORKFLOW, "resume", case, actor=bureau, data={"date": date(2024, 3, day + 5)}, version=TRUSTED
        )
    client.force_login(bureau)
    url = reverse("reconsideration:case_detail", args=[case.pk])
    client.get(url)
    with django_assert_max_num_queries(21):  # +1: the 分案 form's staff list (issue 15 item 4)
        assert client.get(url).status_code == 200


def test_clerk_of_a_unit_with_sub_units_sees_their_cases(receive, clerk, police, land, client):  # type: ignore[no-untyped-def]
    from fazhi.orgs.models import OrgUnit
    from fazhi.testing.factories import OrgUnitFactory

    brigade = OrgUnitFactory(
        code="d05a", name="示例市公安局交警大队", kind=OrgUnit.Kind.DEPARTMENT, parent=police
    )
    own, sub, other = receive(), receive(respondent=brigade), receive(respondent=land)
    client.force_login(clerk)
    assert _numbers(client.get(LIST).content.decode()) == {own.number, sub.number}
    assert other.number not in client.get(LIST).content.decode()
