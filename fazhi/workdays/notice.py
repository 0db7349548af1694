"""Reading a year's holiday arrangement the way people have it: the State Council notice, an .ics, an .xlsx.

Every reader returns a ``ParsedYear`` (nothing is stored here); ``problems()`` says in Chinese why a
parsed year is not plausible. ``services.enter_year`` stores a year only when there are no problems.

The notice (国务院办公厅关于YYYY年部分节假日安排的通知) has one numbered section per festival::

    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。

A sentence with 放假 gives the holiday range (its 共N天 is checked against the range), a sentence with
上班 gives the make-up working days; other sentences (e.g. "鼓励……在除夕（2月9日）休息") give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError

#: The seven festivals every year's notice arranges (全国年节及纪念日放假办法 Art 2).
REQUIRED = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
ALIASES = {
    "清明": "清明节",
    "劳动": "劳动节",
    "五一": "劳动节",
    "端午": "端午节",
    "中秋": "中秋节",
    "国庆": "国庆节",
}
WEEKDAYS = "一二三四五六日"
MAX_BYTES = 2 * 1024 * 1024

_SECTION = re.compile(r"(?:^|\n|。)\s*[一二三四五六七八九十]+、\s*([^：:\n。]{1,30})[：:]")
_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（[^）]*）|\([^)]*\))?"
_RANGE = re.compile(_DATE + r"(?:\s*(?:至|—|－|-|~|～)\s*" + _DATE + r")?")
_COUNT = re.compile(r"共\s*(\d{1,2})\s*天")
_YEAR = re.compile(r"(\d{4})\s*年\s*(?:部分)?节假日安排|(\d{4})\s*年\s*元旦")


@dataclass
class ParsedYear:
    """A year's arrangement as read from a source; ``problems`` lists what the reading already found wrong."""

    year: int | None
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    festivals: set[str] = field(default_factory=set)
    source: str = ""
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "holidays": {d.isoformat(): n for d, n in sorted(self.holidays.items())},
            "workdays": {d.isoformat(): n for d, n in sorted(self.workdays.items())},
            "festivals": sorted(self.festivals),
            "source": self.source,
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, data: dict) -> ParsedYear:
        return cls(
            year=data["year"],
            holidays={date.fromisoformat(k): v for k, v in data["holidays"].items()},
            workdays={date.fromisoformat(k): v for k, v in data["workdays"].items()},
            festivals=set(data["festivals"]),
            source=data["source"],
            problems=list(data["problems"]),
        )


def cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（星期{WEEKDAYS[d.weekday()]}）"


def _festival_names(header: str) -> list[str]:
    names = []
    for part in re.split(r"[、，,和及]", header):
        part = part.strip()
        if part:
            names.append(ALIASES.get(part, part))
    return names


def _dates(sentence: str, year: int) -> list[tuple[date, date]]:
    """Every date or date range in a sentence; an end without a month takes the start's month."""
    out = []
    for m in _RANGE.finditer(sentence):
        y1, m1, d1, y2, m2, d2 = m.groups()
        if m1 is None:  # "6日" alone is no date of a notice
            continue
        start_year = int(y1) if y1 else year
        start = date(start_year, int(m1), int(d1))
        if d2 is None:
            out.append((start, start))
            continue
        end = date(int(y2) if y2 else start.year, int(m2) if m2 else start.month, int(d2))
        if end < start and not y2:  # e.g. 12月31日至1月2日 in one notice
            end = date(end.year + 1, end.month, end.day)
        out.append((start, end))
    return out


def parse_notice(text: str, year: int | None = None) -> ParsedYear:
    """Read the notice's numbered sections; ``year`` when the pasted text lacks the title."""
    text = text.replace("\r\n", "\n").replace("\u3000", " ")
    found = _YEAR.search(text)
    if year is None and found:
        year = int(found.group(1) or found.group(2))
    parsed = ParsedYear(year=year, source=_title(text, year))
    if year is None:
        parsed.problems.append("未能从通知中识别年份，请填写年份（或粘贴含“××××年部分节假日安排”的标题）")
        return parsed
    sections = list(_SECTION.finditer(text))
    if not sections:
        parsed.problems.append("未找到“一、元旦：……”形式的节假日条目，请粘贴国务院办公厅通知的正文")
        return parsed
    for i, sec in enumerate(sections):
        names = _festival_names(sec.group(1))
        label = "、".join(names)
        body = text[sec.end() : sections[i + 1].start() if i + 1 < len(sections) else len(text)]
        parsed.festivals.update(names)
        try:
            _read_section(parsed, label, body, year)
        except ValueError:
            parsed.problems.append(f"“{label}”条目中有不存在的日期，请核对")
    return parsed


def _read_section(parsed: ParsedYear, label: str, body: str, year: int) -> None:
    got_holiday = False
    for sentence in re.split(r"[。；;\n]", body):
        if "放假" in sentence:
            ranges = _dates(sentence.split("放假")[0], year)
            days = [s + timedelta(days=k) for s, e in ranges for k in range((e - s).days + 1)]
            count = _COUNT.search(sentence)
            if count and int(count.group(1)) != len(days):
                parsed.problems.append(
                    f"“{label}”写明共{count.group(1)}天，但所列日期为{len(days)}天，请核对"
                )
            for d in days:
                parsed.holidays[d] = label
            got_holiday = got_holiday or bool(days)
        elif "上班" in sentence:
            for s, e in _dates(sentence, year):
                d = s
                while d <= e:
                    parsed.workdays[d] = label
                    d += timedelta(days=1)
    if not got_holiday:
        parsed.problems.append(f"“{label}”条目中没有找到放假日期")


def _title(text: str, year: int | None) -> str:
    m = re.search(r"国务院办公厅关于\s*\d{4}\s*年部分节假日安排的通知", text)
    if m:
        return re.sub(r"\s+", "", m.group(0))
    return f"国务院办公厅关于{year}年部分节假日安排的通知" if year else ""


def _kind_of(summary: str) -> tuple[str, str]:
    """('holiday'|'workday', festival name) from an event or row text such as "春节 休" / "春节调休上班"."""
    text = summary.strip()
    is_work = any(w in text for w in ("上班", "补班", "调休上班", "工作日", "班"))
    name = re.sub(r"[（(].*?[)）]|放假|休息|调休|上班|补班|假期|工作日|休|班|[\s:：\-]", "", text)
    return ("workday" if is_work else "holiday", ALIASES.get(name, name) or "节假日")


def _add(parsed: ParsedYear, start: date, end: date, summary: str) -> None:
    kind, name = _kind_of(summary)
    target = parsed.workdays if kind == "workday" else parsed.holidays
    if kind == "holiday":
        parsed.festivals.add(name)
    d = start
    while d <= end:
        target[d] = name
        d += timedelta(days=1)


def parse_ics(data: bytes, year: int | None = None) -> ParsedYear:
    """An iCalendar file: each VEVENT is a holiday unless its summary says 上班/补班 (make-up day).

    All-day events end the day *before* DTEND (RFC 5545 §3.6.1)."""
    import icalendar

    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError):
        raise ValidationError("无法读取该 .ics 文件，请确认是 iCalendar 日历文件") from None
    parsed = ParsedYear(year=year)
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART", None)
        if start is None:
            continue
        start = start.date() if hasattr(start, "date") and callable(start.date) else start
        end = event.decoded("DTEND", None)
        if end is not None:
            end = (end.date() if hasattr(end, "date") and callable(end.date) else end) - timedelta(days=1)
        end = max(end or start, start)
        _add(parsed, start, end, str(event.get("SUMMARY", "")))
    _guess_year(parsed)
    parsed.source = parsed.source or f"{parsed.year}年节假日安排（.ics 文件）"
    return parsed


def parse_xlsx(path: Path, year: int | None = None) -> ParsedYear:
    """A sheet with a date column and a kind column (放假/休 or 上班/补班) and optionally a name column.

    The first row may be a header; each row is one day."""
    from fazhi.core.excel import ExcelError, open_workbook_safely

    try:
        wb = open_workbook_safely(path)
    except ExcelError as e:
        raise ValidationError(str(e)) from None
    parsed = ParsedYear(year=year)
    ws = wb.worksheets[0]
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [c for c in row if c not in (None, "")]
        if not cells:
            continue
        day = next((c for c in cells if isinstance(c, date)), None)
        if day is None:
            text = str(cells[0]).strip()
            try:
                day = date.fromisoformat(text.replace("/", "-").replace(".", "-"))
            except ValueError:
                if n == 1:
                    continue  # the header row
                parsed.problems.append(f"第{n}行：第一列“{text[:20]}”不是日期（应为 2027-01-01）")
                continue
        day = day.date() if hasattr(day, "hour") else day
        rest = " ".join(str(c) for c in cells if not isinstance(c, date) and str(c).strip() != str(day))
        _add(parsed, day, day, rest)
    wb.close()
    _guess_year(parsed)
    parsed.source = parsed.source or f"{parsed.year}年节假日安排（Excel 文件）"
    return parsed


def _guess_year(parsed: ParsedYear) -> None:
    if parsed.year is None:
        years = [d.year for d in parsed.holidays] or [d.year for d in parsed.workdays]
        parsed.year = max(set(years), key=years.count) if years else None
    if parsed.year is None:
        parsed.problems.append("文件中没有任何节假日")


def parse_file(path: Path, year: int | None = None) -> ParsedYear:
    """By extension: .txt (the notice text), .ics, .xlsx; anything else is refused in Chinese."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ValidationError(f"文件“{path}”不存在")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError("文件过大（上限 2MB）")
    if suffix == ".ics":
        return parse_ics(path.read_bytes(), year)
    if suffix == ".xlsx":
        return parse_xlsx(path, year)
    if suffix in (".txt", ".text", ""):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return parse_notice(raw.decode(encoding), year)
            except UnicodeDecodeError:
                continue
        raise ValidationError("无法识别文本文件的编码（应为 UTF-8 或 GB18030）")
    raise ValidationError("只支持 .txt（通知正文）、.ics、.xlsx 文件")


def problems(parsed: ParsedYear) -> list[str]:
    """Why this year must not count as entered (empty when plausible), each naming the problem."""
    out = list(parsed.problems)
    year = parsed.year
    if year is None:
        return out or ["未能识别年份"]
    if not 2000 <= year <= 2100:
        out.append(f"年份{year}不在合理范围内")
        return out
    missing = [f for f in REQUIRED if f not in parsed.festivals]
    if missing:
        out.append("缺少以下节日的安排：" + "、".join(missing))
    for d in sorted(set(parsed.holidays) | set(parsed.workdays)):
        if d.year != year:
            out.append(f"{cn(d)}不在{year}年内")
    for d in sorted(parsed.workdays):
        if d.weekday() < 5:
            out.append(f"调休上班日{cn(d)}不是周末，调休上班日只能是星期六或星期日")
        if d in parsed.holidays:
            out.append(f"{cn(d)}既是放假日又是调休上班日")
    return out
