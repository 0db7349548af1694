from django.contrib import admin

from fazhi.orgs.admin import AuditedAdmin

from .models import CalendarYear, SpecialDay
from .services import calendar_changed


class CalendarAdmin(AuditedAdmin):
    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        calendar_changed()

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        super().delete_model(request, obj)
        calendar_changed()


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    list_display = ["year", "source", "entered_at"]


@admin.register(SpecialDay)
class SpecialDayAdmin(CalendarAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = None
    search_fields = ["name"]
