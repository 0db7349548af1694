"""The 审计管理员 sees who did what and when, not the parties' personal data (issue 8 item 4c;
RULES.md §9 "mask ID and phone numbers for roles that do not need them"; 个人信息保护法 Art 6).
The stored event stays whole so the hash chain holds; only the page and the export are masked."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from fazhi.audit.models import AuditEvent
from fazhi.audit.selectors import verify_chain
from fazhi.audit.services import record
from fazhi.core.pii import make_id_card, mask_id, mask_phone
from fazhi.disputes import services as disputes
from fazhi.disputes.models import Channel, DisputeParty, Source
from fazhi.orgs.models import Role
from fazhi.testing.factories import department, make_user

pytestmark = pytest.mark.django_db

ID_NUMBER = make_id_card("330381", date(1975, 2, 3), 42)
PHONE = "13812345678"
SUMMARY = "王小明因房屋征收补偿标准与街道发生争议"


@pytest.fixture
def events() -> AuditEvent:
    bureau = make_user(Role.BUREAU, username="bureau_m")
    d = disputes.create_dispute(
        actor=bureau,
        data=dict(
            org=department(),
            source=Source.PRE_LITIGATION,
            channel=Channel.RESPONSIBLE_AGENCY,
            opened_on=date(2026, 3, 2),
            summary=SUMMARY,
            parties=[disputes.PartyData("王小明", "person", ID_NUMBER, PHONE)],
        ),
    )
    party = DisputeParty.objects.get(dispute=d)
    # What an admin change of a party records: its snapshot, name, ID number and phone included.
    record(
        "admin.change",
        actor=bureau,
        obj=party,
        changes={"name": ["王晓明", "王小明"], "id_number": ["", ID_NUMBER], "phone": ["", PHONE]},
    )
    return AuditEvent.objects.get(action="disputes.create")


def _assert_masked(text: str) -> None:
    for raw in ("王小明", "王晓明", ID_NUMBER, PHONE, SUMMARY):
        assert raw not in text, raw
    assert mask_id(ID_NUMBER) in text and mask_phone(PHONE) in text and "王**" in text
    assert f"〔已隐去，{len(SUMMARY)}字〕" in text


def test_auditor_page_masks_personal_data(client: Client, events: AuditEvent) -> None:
    client.force_login(make_user(Role.AUDITOR, username="aud"))
    html = client.get("/audit/").content.decode()
    assert "disputes.create" in html and "admin.change" in html
    _assert_masked(html)
    # Stored whole: the chain still verifies and the event still holds what happened.
    assert events.diff["parties"] == ["王小明"] and events.diff["summary"] == SUMMARY
    assert verify_chain().ok


def test_auditor_export_masks_personal_data(client: Client, events: AuditEvent) -> None:
    client.force_login(make_user(Role.AUDITOR, username="aud"))
    resp = client.get("/audit/export.xlsx")
    assert resp.status_code == 200
    rows = list(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert {r[6] for r in rows[1:]} >= {"disputes.create", "admin.change"}
    _assert_masked("\n".join(" ".join(str(c) for c in r if c is not None) for r in rows))
