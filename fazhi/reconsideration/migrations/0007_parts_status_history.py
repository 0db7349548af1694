from django.db import migrations


class Migration(migrations.Migration):
    """One set of status-history column names across modules (core.parts.StatusHistory); data kept."""

    dependencies = [("reconsideration", "0006_parts_vocabulary")]

    operations = [
        migrations.RenameField(model_name="statuschange", old_name="created_at", new_name="at"),
    ]
