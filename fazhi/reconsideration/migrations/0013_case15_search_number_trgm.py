"""Trigram index on the case number for the list's ``?q=`` search in any bracket form (issue 15 item 5);
nothing on SQLite. See fazhi.core.search and fazhi.core.search_index."""

from django.db import migrations

from fazhi.core.search_index import trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("reconsideration", "0012_trgm_search_indexes"),
    ]

    operations = [
        trigram_index("reconsideration_reconsiderationcase", "number", "recon_number_trgm"),
    ]
