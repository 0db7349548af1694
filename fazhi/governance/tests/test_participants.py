"""The training participant list (issue 14 item 2/4): imported through the one ``ImportSpec`` — a bad row (an
ID number failing its checksum) writes nothing, in Chinese — and read per officer per year by ID number for
the enforcement officer's annual training hours (computed, never stored). And the create pages' uploads
(item 5): the duty document goes through the page with ``request.FILES`` and the one upload check."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fazhi.core import imports as core_imports
from fazhi.core.pii import make_id_card
from fazhi.governance import imports, selectors, services
from fazhi.governance.models import LeadershipDuty, TrainingParticipant
from fazhi.testing.clients import page, pinned_clock  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

OFFICER_ID = make_id_card("330381", date(1985, 3, 9), 41)


def _file(actor: Any, rows: list[dict[str, Any]]) -> bytes:
    cols = imports.participant_columns(actor)
    wb = Workbook()
    ws = wb.active
    ws.append([c.header + ("*" if c.required else "") for c in cols])
    for row in rows:
        ws.append([row.get(c.key) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _training(bureau: Any, units: Any, title: str, on: date, hours: str) -> Any:
    return services.create_training(
        actor=bureau,
        data={
            "org": units["sfj"],
            "title": title,
            "start_on": on,
            "participants": 3,
            "hours": Decimal(hours),
        },
    )


def test_participant_list_imports_all_or_nothing(bureau: Any, units: Any) -> None:
    t = _training(bureau, units, "法治专题培训", date(2019, 10, 24), "12")
    good = [
        {"training": t.title, "name": "王某", "org": units["d01"].name, "id_number": OFFICER_ID},
        {"training": t.title, "name": "李某", "org": units["d02"].name, "hours": "6"},
    ]
    bad = {**good[1], "name": "赵某", "id_number": OFFICER_ID[:-1] + ("0" if OFFICER_ID[-1] != "0" else "1")}
    result = core_imports.run(imports.PARTICIPANT_SPEC, io.BytesIO(_file(bureau, [*good, bad])), bureau)
    assert result.errors and not TrainingParticipant.objects.exists()
    assert any(e.row == 4 and "身份证号" in e.message for e in result.errors), result.errors
    missing = {**good[0], "training": "不存在的培训"}
    result = core_imports.run(imports.PARTICIPANT_SPEC, io.BytesIO(_file(bureau, [missing])), bureau)
    assert any("没有名为「不存在的培训」的专题培训" in e.message for e in result.errors)
    result = core_imports.run(imports.PARTICIPANT_SPEC, io.BytesIO(_file(bureau, good)), bureau)
    assert not result.errors and result.created == 2
    assert {(p.name, p.hours) for p in t.participant_rows.all()} == {
        ("王某", Decimal("12")),
        ("李某", Decimal("6")),
    }
    again = core_imports.run(imports.PARTICIPANT_SPEC, io.BytesIO(_file(bureau, good[:1])), bureau)
    assert again.errors and TrainingParticipant.objects.count() == 2  # the same person twice is refused


def test_officer_hours_per_year_come_from_the_lists(bureau: Any, units: Any) -> None:
    from fazhi.enforcement import services as enforcement

    officer = enforcement.create_officer(
        actor=bureau, data={"org": units["d01"], "name": "王某", "id_number": OFFICER_ID}
    )
    for title, on, hours in [
        ("甲", date(2019, 3, 1), "12"),
        ("乙", date(2019, 9, 1), "8"),
        ("丙", date(2020, 2, 1), "6"),
    ]:
        t = _training(bureau, units, title, on, hours)
        TrainingParticipant.objects.create(
            training=t, name="王某", org=units["d01"], id_number=OFFICER_ID, hours=Decimal(hours)
        )
        TrainingParticipant.objects.create(training=t, name="他人", org=units["d01"], hours=Decimal(hours))
    assert selectors.training_hours([OFFICER_ID], 2019) == {OFFICER_ID: Decimal("20")}
    assert selectors.hours_by_year(OFFICER_ID) == [(2020, Decimal("6")), (2019, Decimal("20"))]
    html = page(bureau).get(f"/enforcement/officers/{officer.pk}/").content.decode()
    assert 'data-testid="training-hours"' in html and "2019年</td><td>20 学时" in html


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_duty_document_uploads_through_the_create_page(bureau: Any, units: Any) -> None:
    """core.pages.RecordPages passes request.FILES; the file goes through core.uploads."""
    holder = services.create_holder(
        actor=bureau,
        data={
            "org": units["gov"],
            "post": "secretary",
            "title": "市委书记",
            "person": "陈某",
            "term_from": date(2017, 1, 1),
        },
    )
    form = {"person_post": holder.pk, "date": "2019-07-04", "kind": "meeting", "subject": "主持召开会议"}
    c = page(bureau)
    bad = c.post(
        "/governance/duties/new/", {**form, "document": SimpleUploadedFile("会议纪要.pdf", b"not a pdf")}
    )
    assert bad.status_code == 200 and "文件内容与文件类型不符" in bad.content.decode()
    wrong = c.post("/governance/duties/new/", {**form, "document": SimpleUploadedFile("纪要.exe", b"MZ")})
    assert "文件类型不允许" in wrong.content.decode() and not LeadershipDuty.objects.exists()
    ok = c.post("/governance/duties/new/", {**form, "document": SimpleUploadedFile("会议纪要.pdf", PDF)})
    assert ok.status_code == 302
    duty = LeadershipDuty.objects.get()
    assert duty.document.name.endswith(".pdf") and duty.document.read() == PDF
    assert 'enctype="multipart/form-data"' in c.get("/governance/duties/new/").content.decode()
