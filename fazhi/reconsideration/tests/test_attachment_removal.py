"""删除附件 (issue 15 item 3): the office removes an attachment with a reason; the row and the stored file
stay and the audit event names them; the attachment leaves the page, the case file and the download; an
archived case refuses (RULES: 归档 → read only); clerks, leaders and other governments cannot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEvent
from fazhi.casefiles import casefile
from fazhi.casefiles import services as casefile_services
from fazhi.core.actions import TRUSTED, run
from fazhi.reconsideration import services
from fazhi.reconsideration.actions import WORKFLOW
from fazhi.reconsideration.casefiles import CASEFILES
from fazhi.reconsideration.models import Attachment
from fazhi.testing.clients import api, page

PDF = b"%PDF-1.4\n%test\n"
BASE = "/api/v1/reconsideration/cases/"


def _with_attachment(receive, bureau):  # type: ignore[no-untyped-def]
    case = receive(date(2024, 3, 1))
    att = services.add_attachment(
        case, actor=bureau, kind="evidence", upload=SimpleUploadedFile("证据一.pdf", PDF)
    )
    return case, att


def test_removed_on_the_page_kept_on_disk_and_in_the_audit(receive, bureau, clerk):  # type: ignore[no-untyped-def]
    case, att = _with_attachment(receive, bureau)
    client = page(bureau)
    detail = client.get(f"/reconsideration/{case.pk}/").content.decode()
    assert "证据一.pdf" in detail and 'data-testid="attachment-remove"' in detail
    url = f"/reconsideration/attachments/{att.pk}/remove/"
    assert client.post(url, {"reason": ""}).status_code == 302 and Attachment.objects.count() == 1  # refused
    assert page(clerk).post(url, {"reason": "误传"}).status_code in (302, 403)
    assert Attachment.objects.count() == 1
    assert client.post(url, {"reason": "误传他案材料"}).status_code == 302
    assert Attachment.objects.count() == 0 and Attachment.all_objects.count() == 1
    row = Attachment.all_objects.get()
    assert (row.removed_by, row.remove_reason) == (bureau, "误传他案材料")
    assert Path(row.file.path).exists()  # the file is kept
    event = AuditEvent.objects.get(action="reconsideration.attachment_delete")
    assert event.diff["attachment"]["filename"] == "证据一.pdf"
    assert event.diff["attachment"]["stored"] == row.file.name and event.diff["attachment"]["reason"]
    listed = client.get(f"/reconsideration/{case.pk}/").content.decode()  # (shows the success message once)
    assert f'href="/reconsideration/attachments/{att.pk}/"' not in listed and "暂无附件" in listed
    assert client.get(f"/reconsideration/attachments/{att.pk}/").status_code == 404
    assert all("证据一" not in i.title for i in casefile.items(CASEFILES, case))


def test_api_removal_and_archived_case_refuses(receive, bureau, leader):  # type: ignore[no-untyped-def]
    case, att = _with_attachment(receive, bureau)
    other = services.add_attachment(case, actor=bureau, kind="other", upload=SimpleUploadedFile("b.pdf", PDF))
    client = api(bureau)
    url = f"{BASE}{case.pk}/remove-attachment/"
    assert api(leader).post(url, {"attachment": att.pk, "reason": "x"}, format="json").status_code == 403
    assert client.post(url, {"attachment": att.pk}, format="json").status_code == 400
    done = client.post(url, {"attachment": att.pk, "reason": "重复上传"}, format="json")
    assert done.status_code == 200, done.json()
    again = client.post(url, {"attachment": att.pk, "reason": "重复上传"}, format="json")
    assert again.status_code == 400
    # 归档 → read only: the remaining attachment can no longer be removed (and the page offers no button).
    run(
        WORKFLOW,
        "transfer",
        case,
        actor=bureau,
        data={"date": date(2024, 3, 4), "transfer_to": "示例省人民政府"},
        version=TRUSTED,
    )
    casefile_services.archive(
        CASEFILES, case, actor=bureau, data={"archived_on": date(2024, 5, 10), "archive_number": "A-1"}
    )
    refused = client.post(url, {"attachment": other.pk, "reason": "误传"}, format="json")
    assert refused.status_code == 400 and "只读" in str(refused.json())
    assert Attachment.objects.filter(pk=other.pk).exists()
    assert (
        'data-testid="attachment-remove"'
        not in page(bureau).get(f"/reconsideration/{case.pk}/").content.decode()
    )
