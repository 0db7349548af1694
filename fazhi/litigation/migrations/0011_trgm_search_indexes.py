"""Trigram index for searching plaintiffs by name on PostgreSQL (issue 11 item 3); nothing on SQLite.
See fazhi.core.search_index."""

from django.db import migrations

from fazhi.core.search_index import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("litigation", "0010_merge_actions"),
    ]

    operations = [
        trigram_index("litigation_plaintiff", "name", "lit_plaintiff_name_trgm"),
    ]
