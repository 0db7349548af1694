"""Trigram index for the decision list's party search on PostgreSQL (the ``EXISTS`` on
``UPPER(name) LIKE`` over the parties); nothing on SQLite. See fazhi.core.search_index."""

from django.db import migrations

from fazhi.core.search_index import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0003_pub13_annual_statistics"),
    ]

    operations = [
        trigram_index("enforcement_actionparty", "name", "enf_party_name_trgm"),
    ]
