from django.db import migrations


class Migration(migrations.Migration):
    """One set of status-history column names across modules (core.parts.StatusHistory); data kept."""

    dependencies = [("disputes", "0006_parts_numbering_required")]

    operations = [
        migrations.RenameField(model_name="statuschange", old_name="on_date", new_name="on"),
        migrations.RenameField(model_name="statuschange", old_name="by", new_name="actor"),
    ]
