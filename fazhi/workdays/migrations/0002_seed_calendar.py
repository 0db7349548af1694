"""Seed the holiday table for 2004–2026 from chinesecalendar (RULES.md §1)."""

from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.workdays.seed import seed_from_chinesecalendar

    seed_from_chinesecalendar(apps.get_model("workdays", "CalendarYear"), apps.get_model("workdays", "SpecialDay"))


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
