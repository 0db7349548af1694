"""工作日历 pages of the system administrator: the years entered, and entering a year from the notice.

Entering is two steps: the source is read and shown as a calendar grid with every holiday and
make-up day and what is implausible; only the confirm step stores it (``services.enter_year``). The
parsed year travels from the preview to the confirm step signed, and is checked again there."""

from __future__ import annotations

import calendar as pycal
from datetime import date

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core.dates import today
from fazhi.core.permissions import role_required
from fazhi.orgs.models import Role

from . import calendar, services
from .forms import EnterYearForm
from .models import CalendarYear, SpecialDay
from .notice import WEEKDAYS, ParsedYear, problems

SALT = "fazhi.workdays.enter_year"
MAX_AGE = 24 * 3600


def month_grid(year: int, holidays: dict[date, str], workdays: dict[date, str]) -> list[dict]:
    """12 months of weeks (Monday first); each day with its kind for the template."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month):
            days = []
            for d in week:
                if d.month != month:
                    days.append(None)
                elif d in workdays:
                    days.append({"day": d.day, "kind": "workday", "name": workdays[d], "date": d})
                elif d in holidays:
                    days.append({"day": d.day, "kind": "holiday", "name": holidays[d], "date": d})
                else:
                    days.append(
                        {"day": d.day, "kind": "weekend" if d.weekday() >= 5 else "", "name": "", "date": d}
                    )
            weeks.append(days)
        months.append({"month": month, "weeks": weeks})
    return months


def _special_list(holidays: dict[date, str], workdays: dict[date, str]) -> list[dict]:
    rows = [{"date": d, "kind": "holiday", "name": n} for d, n in holidays.items()]
    rows += [{"date": d, "kind": "workday", "name": n} for d, n in workdays.items()]
    for r in rows:
        r["weekday"] = "星期" + WEEKDAYS[r["date"].weekday()]
    return sorted(rows, key=lambda r: r["date"])


def _year_context(parsed: ParsedYear) -> dict:
    year = parsed.year
    return {
        "parsed": parsed,
        "grid": month_grid(year, parsed.holidays, parsed.workdays) if year and 2000 <= year <= 2100 else [],
        "special": _special_list(parsed.holidays, parsed.workdays),
        "weekday_names": WEEKDAYS,
    }


@role_required(Role.SYSADMIN, Role.BUREAU)
def index(request: HttpRequest) -> HttpResponse:
    """The years entered, and whether next year is (bureau staff may look, only the sysadmin enters)."""
    years = CalendarYear.objects.order_by("-year")
    counts: dict[tuple[int, str], int] = {}
    for year, kind, n in (
        SpecialDay.objects.values_list("date__year", "kind").annotate(n=Count("date")).order_by()
    ):
        counts[(year, kind)] = n
    entered = [
        {
            "entry": y,
            "holidays": counts.get((y.year, SpecialDay.Kind.HOLIDAY), 0),
            "workdays": counts.get((y.year, SpecialDay.Kind.MAKEUP_WORKDAY), 0),
        }
        for y in years
    ]
    next_year = today().year + 1
    return render(
        request,
        "workdays/index.html",
        {
            "entered": entered,
            "next_year": next_year,
            "next_missing": next_year not in calendar.covered_years(),
            "can_enter": request.user.has_role(Role.SYSADMIN),
        },
    )


@role_required(Role.SYSADMIN, Role.BUREAU)
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    entry = CalendarYear.objects.filter(year=year).first()
    if entry is None:
        raise Http404("该年度节假日安排尚未录入")
    rows = SpecialDay.objects.filter(date__year=year)
    parsed = ParsedYear(
        year=year,
        holidays={r.date: r.name for r in rows if r.kind == SpecialDay.Kind.HOLIDAY},
        workdays={r.date: r.name for r in rows if r.kind == SpecialDay.Kind.MAKEUP_WORKDAY},
        source=entry.source,
    )
    return render(request, "workdays/year.html", {**_year_context(parsed), "entry": entry})


@role_required(Role.SYSADMIN)
def enter(request: HttpRequest) -> HttpResponse:
    """Step 1: read the notice (or file) and show the year; nothing is stored here."""
    posted = request.method == "POST"
    form = EnterYearForm(request.POST if posted else None, request.FILES if posted else None)
    context: dict = {"form": form}
    if posted and form.is_valid():
        try:
            parsed = form.parsed()
        except ValidationError as e:
            form.add_error(None, "；".join(e.messages))
        else:
            found = problems(parsed)
            context.update(_year_context(parsed))
            context["problems"] = found
            context["replaces"] = CalendarYear.objects.filter(year=parsed.year).exists()
            if not found:
                context["payload"] = signing.dumps(parsed.to_json(), salt=SALT, compress=True)
    return render(request, "workdays/enter.html", context)


@require_POST
@role_required(Role.SYSADMIN)
def confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: store the year shown in step 1 (checked again: the service refuses implausible years)."""
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=SALT, max_age=MAX_AGE)
        parsed = ParsedYear.from_json(data)
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        messages.error(request, "确认信息无效或已过期，请重新粘贴通知或上传文件")
        return redirect("workdays:enter")
    try:
        services.enter_year(parsed, actor=request.user, request=request)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        return redirect("workdays:enter")
    messages.success(
        request,
        f"{parsed.year}年节假日安排已录入（放假{len(parsed.holidays)}天，调休上班{len(parsed.workdays)}天），"
        "相关期限已重新计算",
    )
    return redirect("workdays:year", year=parsed.year)
