"""行政应诉 declares the same case files: the 答辩状 skeleton (《行政诉讼法》第六十七条: within 15 days of receiving
the complaint) and the 出庭 letter of authorisation, issued by the defendant unit; scoped to it."""

from __future__ import annotations

from datetime import date

from fazhi.casefiles.models import CaseDocument
from fazhi.testing.clients import api

from .helpers import docx_text, download

BASE = "/api/v1/litigation/cases/"


def test_defence_and_authorisation(make_case, units, bureau, request):  # type: ignore[no-untyped-def]
    from fazhi.orgs.models import Role
    from fazhi.testing.factories import make_user

    case = make_case(date(2024, 3, 1), defendant="d01")
    clerk = make_user(Role.CLERK, units["d01"], username="lit-clerk")
    client = api(clerk)
    defence = client.post(
        f"{BASE}{case.pk}/documents/",
        {"kind": "defence", "issued_on": "2024-03-10", "facts": "经调查核实。"},
        format="json",
    )
    assert defence.status_code == 201, defence.json()
    text = docx_text(download(client, defence.json()["download"]))
    assert text[0] == units["d01"].name and text[1] == "行政诉讼答辩状"  # the defendant issues it
    assert f"答辩人：{units['d01'].name}" in text and "经调查核实。" in text and "（待填写）" in text
    assert any("第六十七条" in p for p in text)
    letter = client.post(
        f"{BASE}{case.pk}/documents/", {"kind": "authorisation", "agent": "李四"}, format="json"
    )
    assert letter.status_code == 201 and "受托人：李四" in docx_text(
        download(client, letter.json()["download"])
    )
    other = make_user(Role.CLERK, units["d02"], username="lit-other")
    assert api(other).get(f"{BASE}{case.pk}/documents/").status_code == 404
    assert CaseDocument.objects.count() == 2
