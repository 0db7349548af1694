"""Reading a year's holiday arrangement from the State Council notice, an .ics or an .xlsx (RULES §1).

The 2024–2026 fixtures are the texts of 国办发明电〔2023〕7号, 〔2024〕12号 and 〔2025〕7号; read, they must
equal the seeded calendar (chinesecalendar data) day for day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from openpyxl import Workbook

from fazhi.workdays import notice
from fazhi.workdays.models import SpecialDay

NOTICES = Path(__file__).parent / "notices"
OFFICIAL = {2024: "国办发明电〔2023〕7号", 2025: "国办发明电〔2024〕12号", 2026: "国办发明电〔2025〕7号"}


def text(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_official_notice_reads_as_the_seeded_year(year: int) -> None:
    parsed = notice.parse_notice(text(f"{year}.txt"))
    assert parsed.year == year and OFFICIAL[year] in text(f"{year}.txt")
    assert parsed.source == f"国务院办公厅关于{year}年部分节假日安排的通知"
    assert notice.problems(parsed) == []
    seeded = SpecialDay.objects.filter(date__year=year)
    assert set(parsed.holidays) == {r.date for r in seeded if r.kind == SpecialDay.Kind.HOLIDAY}
    assert set(parsed.workdays) == {r.date for r in seeded if r.kind == SpecialDay.Kind.MAKEUP_WORKDAY}
    # Names agree where the notice gives a festival its own section (2025 joins 国庆节、中秋节).
    for r in seeded:
        got = (parsed.holidays if r.kind == SpecialDay.Kind.HOLIDAY else parsed.workdays)[r.date]
        assert got == r.name or r.name in got.split("、")


def test_the_usual_spring_festival_sentence() -> None:
    parsed = notice.parse_notice(
        "二、春节：1月28日（农历除夕）至2月4日（农历正月初七）放假调休，共8天。"
        "1月26日（星期日）、2月8日（星期六）上班。",
        year=2025,
    )
    assert sorted(parsed.holidays) == [date(2025, 1, 28 + i) for i in range(4)] + [
        date(2025, 2, d) for d in range(1, 5)
    ]
    assert sorted(parsed.workdays) == [date(2025, 1, 26), date(2025, 2, 8)]
    assert set(parsed.holidays.values()) == {"春节"}


def test_a_sentence_without_放假_or_上班_adds_nothing() -> None:
    # 2024: "鼓励……安排职工在除夕（2月9日）休息" — 2月9日 stays a working day.
    parsed = notice.parse_notice(text("2024.txt"))
    assert date(2024, 2, 9) not in parsed.holidays and date(2024, 2, 9) not in parsed.workdays


def test_year_from_the_form_when_the_title_is_missing() -> None:
    body = text("2026.txt").split("通知如下。", 1)[1]
    assert notice.parse_notice(body).year is None
    assert "未能从通知中识别年份" in notice.problems(notice.parse_notice(body))[0]
    assert notice.parse_notice(body, year=2026).holidays == notice.parse_notice(text("2026.txt")).holidays


def _replace(year: int, old: str, new: str) -> notice.ParsedYear:
    source = text(f"{year}.txt")
    assert old in source
    return notice.parse_notice(source.replace(old, new))


def test_makeup_day_on_a_weekday_is_refused() -> None:
    """RULES §1: 调休 make-up working days are weekend days; 2026-05-11 is a Monday."""
    problems = notice.problems(_replace(2026, "5月9日（周六）上班", "5月11日（周一）上班"))
    assert problems == ["调休上班日2026年5月11日（星期一）不是周末，调休上班日只能是星期六或星期日"]


def test_missing_festivals_are_named() -> None:
    source = text("2026.txt")
    cut = source[: source.index("三、清明节")] + source[source.index("七、国庆节") :]
    problems = notice.problems(notice.parse_notice(cut))
    assert problems == ["缺少以下节日的安排：清明节、劳动节、端午节、中秋节"]


def test_empty_or_unrelated_text_is_refused() -> None:
    assert "未找到“一、元旦：……”形式的节假日条目，请粘贴国务院办公厅通知的正文" in notice.problems(
        notice.parse_notice("", year=2027)
    )
    assert notice.problems(notice.parse_notice("今天天气很好。", year=2027))


def test_day_both_holiday_and_makeup_is_refused() -> None:
    problems = notice.problems(_replace(2026, "10月10日（周六）上班", "10月3日（周六）上班"))
    assert "2026年10月3日（星期六）既是放假日又是调休上班日" in problems


def test_dates_outside_the_year_are_refused() -> None:
    problems = notice.problems(
        _replace(
            2026,
            "一、元旦：1月1日（周四）至3日（周六）",
            "一、元旦：2025年12月31日（周三）至2026年1月3日（周六）",
        )
    )
    # The notice says 共3天 but the range now has 4: both problems are named.
    assert "2025年12月31日（星期三）不在2026年内" in problems
    assert "“元旦”写明共3天，但所列日期为4天，请核对" in problems


def test_impossible_date_is_refused_not_a_crash() -> None:
    problems = notice.problems(_replace(2026, "2月28日（周六）上班", "2月30日（周六）上班"))
    assert problems == ["“春节”条目中有不存在的日期，请核对"]


def _ics(tmp_path: Path, events: list[tuple[date, date, str]]) -> Path:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//fazhi//")
    cal.add("version", "2.0")
    for start, end_exclusive, summary in events:
        ev = icalendar.Event()
        ev.add("summary", summary)
        ev.add("dtstart", start)
        ev.add("dtend", end_exclusive)
        cal.add_component(ev)
    path = tmp_path / "holidays.ics"
    path.write_bytes(cal.to_ical())
    return path


def test_ics_all_day_events_end_the_day_before_dtend(tmp_path: Path) -> None:
    """RFC 5545: an all-day event's DTEND is exclusive."""
    path = _ics(
        tmp_path,
        [
            (date(2026, 2, 15), date(2026, 2, 24), "春节 休"),
            (date(2026, 2, 14), date(2026, 2, 15), "春节 补班"),
        ],
    )
    parsed = notice.parse_file(path)
    assert parsed.year == 2026
    assert sorted(parsed.holidays) == [date(2026, 2, d) for d in range(15, 24)]
    assert parsed.workdays == {date(2026, 2, 14): "春节"}
    assert "缺少以下节日的安排" in notice.problems(parsed)[0]


def test_xlsx_rows_and_a_bad_row(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "安排", "节日"])
    ws.append([date(2026, 10, 1), "放假", "国庆节"])
    ws.append(["2026-10-10", "上班", "国庆节"])
    ws.append(["十月", "放假", "国庆节"])
    path = tmp_path / "days.xlsx"
    wb.save(path)
    parsed = notice.parse_file(path)
    assert parsed.holidays == {date(2026, 10, 1): "国庆节"} and parsed.workdays == {
        date(2026, 10, 10): "国庆节"
    }
    assert "第4行：第一列“十月”不是日期（应为 2027-01-01）" in notice.problems(parsed)


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "notice.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(notice.ValidationError, match="只支持"):
        notice.parse_file(path)
