from django.db import migrations


class Migration(migrations.Migration):
    """One set of status-history column names across modules (core.parts.StatusHistory); data kept."""

    dependencies = [("litigation", "0006_parts_cached_deadlines")]

    operations = [
        migrations.RenameField(model_name="statuschange", old_name="on_date", new_name="on"),
        migrations.RenameField(model_name="statuschange", old_name="by", new_name="actor"),
    ]
