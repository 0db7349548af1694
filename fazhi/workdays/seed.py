"""Seeding the holiday table from the ``chinesecalendar`` package (data 2004–2026)."""

from __future__ import annotations

from typing import Any

NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
SOURCE = "国务院办公厅节假日安排通知（chinesecalendar 数据）"


def seed_from_chinesecalendar(calendar_year_model: Any, special_day_model: Any) -> int:
    """Insert every year the package covers that is not in the table yet; returns days added."""
    from chinese_calendar import constants

    have = set(calendar_year_model.objects.values_list("year", flat=True))
    years = sorted({d.year for d in constants.holidays} - have)
    if not years:
        return 0
    rows = [
        special_day_model(date=d, kind="holiday", name=NAMES_ZH.get(name, name))
        for d, name in constants.holidays.items()
        if d.year in years
    ] + [
        special_day_model(date=d, kind="workday", name=NAMES_ZH.get(name, name))
        for d, name in constants.workdays.items()
        if d.year in years
    ]
    special_day_model.objects.bulk_create(rows, batch_size=500)
    calendar_year_model.objects.bulk_create([calendar_year_model(year=y, source=SOURCE) for y in years])
    return len(rows)


def ensure_seeded() -> None:
    """Re-seed when the table is empty (e.g. after a test database flush)."""
    from . import calendar
    from .models import CalendarYear, SpecialDay

    if not CalendarYear.objects.exists():
        seed_from_chinesecalendar(CalendarYear, SpecialDay)
        calendar.invalidate()
