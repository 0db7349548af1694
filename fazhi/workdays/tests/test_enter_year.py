"""Entering a year's holidays (RULES §1): the 工作日历 page of the 系统管理员, the service, the admin,
the command line, and the workbench warning that next year is missing."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from fazhi.audit.models import AuditEvent
from fazhi.core.registry import registry
from fazhi.orgs.models import Role
from fazhi.testing.clock import SHANGHAI
from fazhi.testing.factories import department, make_user
from fazhi.workdays import calendar, notice, services
from fazhi.workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).parent / "notices"
INVENTED_2027 = (NOTICES / "2027-invented.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh_calendar():  # type: ignore[no-untyped-def]
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def sysadmin():  # type: ignore[no-untyped-def]
    return make_user(Role.SYSADMIN, username="sys", is_staff=True)


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _preview(client: Client, **data: object):  # type: ignore[no-untyped-def]
    return client.post(reverse("workdays:enter"), data)


def _payload(html: str) -> str:
    marker = 'name="payload" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_page_shows_the_year_as_a_grid_then_confirm_stores_it(sysadmin, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """RULES §1: a year counts as entered only once confirmed; confirming runs the calendar listeners."""
    client = client_for(sysadmin)
    assert client.get(reverse("workdays:enter")).status_code == 200
    response = _preview(client, text=INVENTED_2027)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="enter-preview"' in html
    assert 'data-testid="enter-problems"' not in html
    for month in range(1, 13):
        assert f"2027年{month}月" in html
    assert 'data-day="2027-02-05" data-kind="holiday"' in html
    assert 'data-day="2027-02-14" data-kind="workday"' in html
    assert "2027年10月9日" in html and "调休上班" in html
    assert not CalendarYear.objects.filter(year=2027).exists()  # nothing stored by the preview
    assert 2027 not in calendar.covered_years()

    ran: list[str] = []
    listener = lambda: ran.append("listener")  # noqa: E731
    registry.add_calendar_listener(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("workdays:confirm"), {"payload": _payload(html)})
    finally:
        registry.calendar_listeners.remove(listener)
    assert response.status_code == 302 and response.url == reverse("workdays:year", args=[2027])
    assert ran == ["listener"]
    assert CalendarYear.objects.get(year=2027).source == "国务院办公厅关于2027年部分节假日安排的通知"
    assert SpecialDay.objects.filter(date__year=2027, kind=SpecialDay.Kind.HOLIDAY).count() == 29
    assert SpecialDay.objects.filter(date__year=2027, kind=SpecialDay.Kind.MAKEUP_WORKDAY).count() == 6
    assert calendar.is_working_day(date(2027, 2, 14)) and not calendar.is_working_day(date(2027, 2, 8))
    event = AuditEvent.objects.get(action="workdays.year_enter")
    assert event.actor_username == "sys" and event.diff["holidays"] == 29
    page = client.get(reverse("workdays:year", args=[2027])).content.decode()
    assert 'data-day="2027-10-09" data-kind="workday"' in page


def test_implausible_year_is_shown_but_cannot_be_confirmed(sysadmin) -> None:  # type: ignore[no-untyped-def]
    """A 调休 working day on a Monday (2027-05-10) is refused, in Chinese, naming the day."""
    client = client_for(sysadmin)
    html = _preview(
        client, text=INVENTED_2027.replace("5月8日（周六）上班", "5月10日（周一）上班")
    ).content.decode()
    assert 'data-testid="enter-problems"' in html and "2027年5月10日（星期一）不是周末" in html
    assert 'name="payload"' not in html
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_forged_payload_changes_nothing(sysadmin) -> None:  # type: ignore[no-untyped-def]
    client = client_for(sysadmin)
    response = client.post(reverse("workdays:confirm"), {"payload": '{"year": 2027, "holidays": {}}'})
    assert response.status_code == 302 and response.url == reverse("workdays:enter")
    assert not CalendarYear.objects.filter(year=2027).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["确认信息无效或已过期，请重新粘贴通知或上传文件"]


def test_upload_ics_and_bad_form(sysadmin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client = client_for(sysadmin)
    html = _preview(client).content.decode()
    assert "请粘贴通知正文或上传一个文件（二选一）" in html
    html = client.post(
        reverse("workdays:enter"),
        {"file": io.BytesIO(b"not a calendar"), "year": "2027"},
        format="multipart",
    ).content.decode()
    assert 'data-testid="enter-preview"' not in html
    upload = io.BytesIO(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//\r\nBEGIN:VEVENT\r\nSUMMARY:\xe5\x85\x83\xe6\x97\xa6\r\n"
        b"DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270104\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    upload.name = "2027.ics"
    html = client.post(reverse("workdays:enter"), {"file": upload}).content.decode()
    assert 'data-day="2027-01-03" data-kind="holiday"' in html and "缺少以下节日的安排：春节" in html


@pytest.mark.parametrize("role", [Role.BUREAU, Role.CLERK, Role.SECADMIN, Role.AUDITOR, Role.LEADER])
def test_only_the_sysadmin_enters_a_year(role) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role, department("d05", "示例市公安局") if role == Role.CLERK else None)
    client = client_for(user)
    assert _preview(client, text=INVENTED_2027).status_code == 403
    assert client.post(reverse("workdays:confirm"), {"payload": "x"}).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_service_refuses_an_empty_year_and_changes_nothing(sysadmin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        services.enter_year(notice.ParsedYear(year=2027, source="空"), actor=sysadmin)
    assert "缺少以下节日的安排：元旦、春节、清明节、劳动节、端午节、中秋节、国庆节" in exc.value.messages[0]
    assert (
        not CalendarYear.objects.filter(year=2027).exists()
        and not AuditEvent.objects.filter(action__startswith="workdays.").exists()
    )


def test_a_year_row_without_holidays_is_still_calendar_missing() -> None:
    """RULES §1: an empty year is no arrangement — deadlines into it stay 日历缺失, never counted as
    if 2027 had no 元旦 or 春节."""
    CalendarYear.objects.create(year=2027, source="空")
    calendar.invalidate()
    with pytest.raises(calendar.CalendarMissing):
        calendar.calendar_deadline(date(2026, 12, 20), 30)


def test_admin_is_read_only_and_bulk_delete_is_no_500(sysadmin) -> None:  # type: ignore[no-untyped-def]
    client = client_for(sysadmin)
    before = SpecialDay.objects.count()
    assert client.get("/admin/workdays/specialday/").status_code == 200
    picked = [
        d.isoformat() for d in SpecialDay.objects.filter(date__year=2025).values_list("date", flat=True)[:3]
    ]
    for confirm in ({}, {"post": "yes"}):
        response = client.post(
            "/admin/workdays/specialday/",
            {"action": "delete_selected", "_selected_action": picked, **confirm},
        )
        assert response.status_code in (200, 302)
    assert client.get("/admin/workdays/calendaryear/add/").status_code == 403
    response = client.post("/admin/workdays/calendaryear/add/", {"year": 2027, "source": "空年度"})
    assert response.status_code == 403
    assert SpecialDay.objects.count() == before and not CalendarYear.objects.filter(year=2027).exists()
    assert client.get("/admin/workdays/specialday/2025-01-01/change/").status_code == 200  # view only


def _titles(user) -> str:  # type: ignore[no-untyped-def]
    return client_for(user).get("/").content.decode()


def test_workbench_warns_from_october_until_next_year_is_entered(sysadmin) -> None:  # type: ignore[no-untyped-def]
    bureau = make_user(Role.BUREAU, username="bureau1")
    clerk = make_user(Role.CLERK, department("d05", "示例市公安局"))
    warning = "2027年节假日安排尚未录入"
    with time_machine.travel(datetime(2026, 9, 30, 10, tzinfo=SHANGHAI), tick=False):
        assert warning not in _titles(sysadmin) and warning not in _titles(bureau)
    with time_machine.travel(datetime(2026, 10, 1, 10, tzinfo=SHANGHAI), tick=False):
        assert warning + "（请录入）" in _titles(sysadmin)
        assert warning + "（请系统管理员录入）" in _titles(bureau)
        assert warning not in _titles(clerk)
        services.enter_year(notice.parse_notice(INVENTED_2027), actor=sysadmin)
        assert warning not in _titles(sysadmin) and warning not in _titles(bureau)


def test_cli_prints_refuses_and_stores_only_with_confirm(tmp_path: Path) -> None:
    path = tmp_path / "2027.txt"
    path.write_text(INVENTED_2027, encoding="utf-8")
    out = io.StringIO()
    call_command("calendar", "import", str(path), stdout=out)
    text = out.getvalue()
    assert "2027年节假日安排" in text and "春节 放假（9天）" in text and "2027年2月20日（星期六）" in text
    assert "未保存" in text and not CalendarYear.objects.filter(year=2027).exists()
    bad = tmp_path / "bad.txt"
    bad.write_text(
        INVENTED_2027.replace("一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n", ""), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="缺少以下节日的安排：元旦"):
        call_command("calendar", "import", str(bad), "--confirm", stdout=io.StringIO())
    assert not CalendarYear.objects.filter(year=2027).exists()
    out = io.StringIO()
    call_command("calendar", "import", str(path), "--confirm", stdout=out)
    assert "2027年节假日安排已录入" in out.getvalue()
    assert calendar.calendar_deadline(date(2026, 12, 20), 30) == date(2027, 1, 19)
    assert AuditEvent.objects.filter(action="workdays.year_enter", actor_username="").count() == 1


def test_cli_reads_xlsx_and_refuses_unknown_files(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "安排", "节日"])
    ws.append([date(2027, 1, 1), "放假", "元旦"])
    path = tmp_path / "2027.xlsx"
    wb.save(path)
    with pytest.raises(CommandError, match="缺少以下节日的安排：春节"):
        call_command("calendar", "import", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="不存在"):
        call_command("calendar", "import", str(tmp_path / "none.txt"), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("2027.ics", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "内容与文件类型不符"),
        ("2027.xlsx", b"BEGIN:VCALENDAR\r\n", "内容与文件类型不符"),
        ("2027.exe", b"MZ\x90\x00", "只支持 .txt（通知正文）、.ics、.xlsx 文件"),
        ("2027.ics", b"", "空文件"),
    ],
)
def test_calendar_upload_goes_through_the_one_upload_check(sysadmin, name, content, message) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 item 4: the holiday-notice upload is checked like every other upload (core.uploads:
    name, size, first bytes); a refused file stores nothing."""
    upload = io.BytesIO(content)
    upload.name = name
    html = client_for(sysadmin).post(reverse("workdays:enter"), {"file": upload}).content.decode()
    assert message in html and 'data-testid="enter-preview"' not in html
    assert not CalendarYear.objects.filter(year=2027).exists()
