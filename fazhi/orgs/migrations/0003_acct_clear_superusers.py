"""三员分立 (RULES.md §9): no account stays a superuser; the old clear-text DRF token table goes.

Administrators keep their access through their role (fazhi.orgs.backends). The DRF authtoken
table held every API key in clear; tokens are knox's hashed, expiring rows now, so the old table
and its bookkeeping are dropped (``IF EXISTS``: databases created after this change never had it).
"""

from django.db import migrations


def clear_superusers(apps, schema_editor):
    User = apps.get_model("orgs", "User")
    User.objects.filter(is_superuser=True).update(is_superuser=False)


def forget_authtoken(apps, schema_editor):
    # So that re-enabling the app some day would recreate its table instead of assuming it exists.
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_roles")]
    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop),
        migrations.RunPython(forget_authtoken, migrations.RunPython.noop),
        migrations.RunPython(clear_superusers, migrations.RunPython.noop),
    ]
