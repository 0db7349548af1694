"""The holiday calendar in the admin is for looking only.

A year is entered as a whole, from the State Council notice, on the 工作日历 page (``workdays:index``)
or with ``fazhi calendar import``: there it is checked for plausibility, confirmed, audited and the
stored deadlines are recomputed. Single rows edited here could make an empty or half year count as
entered (and the bulk delete of the old admin ended in an HTTP 500), so adding, changing and
deleting are switched off."""

from django.contrib import admin
from django.http import HttpRequest

from fazhi.orgs.models import Role

from .models import CalendarYear, SpecialDay


class ReadOnlyCalendarAdmin(admin.ModelAdmin):
    actions = None
    show_full_result_count = False

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Configuration of the system administrator (三员分立), whatever Django permissions say.
        return bool(request.user.is_active and request.user.has_role(Role.SYSADMIN))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyCalendarAdmin):
    list_display = ["year", "source", "entered_at"]


@admin.register(SpecialDay)
class SpecialDayAdmin(ReadOnlyCalendarAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
